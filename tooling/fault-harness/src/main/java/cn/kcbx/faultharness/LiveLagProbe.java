package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Projection lag as a user sees it: subscribed to the county's live stream ({@code GET /api/live?region=…}, server-sent
 * events), it takes the time from a command's 2xx answer (t0) to the first {@code ledger-row} event for that case
 * that shows the command's effect (t1). The stream reconnects after the query service was killed.
 */
final class LiveLagProbe implements Runnable {

    private record Seen(long nanos, Progress progress) {
    }

    private record Expectation(Progress progress, long sentNanos, long ackNanos, String phase) {
    }

    private final Supplier<String> url;
    private final Supplier<String> token;
    private final Runnable renewToken;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                              .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Deque<Seen>> seen = new HashMap<>();
    private final Map<String, List<Expectation>> pending = new HashMap<>();
    private final Map<String, List<Double>> lags = new ConcurrentHashMap<>();
    final AtomicLong rowsReceived = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    private volatile boolean running = true;
    private volatile Thread thread;

    LiveLagProbe(Supplier<String> url, Supplier<String> token, Runnable renewToken) {
        this.url = url;
        this.token = token;
        this.renewToken = renewToken;
    }

    void start() {
        thread = new Thread(this, "live-lag-probe");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url.get()))
                        .header("Authorization", "Bearer " + token.get())
                        .header("Accept", "text/event-stream").GET().build();
                HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 401) {
                    response.body().close();
                    renewToken.run();
                    continue;
                }
                if (response.statusCode() != 200) {
                    response.body().close();
                    Thread.sleep(500);
                    continue;
                }
                connections.incrementAndGet();
                try (Stream<String> lines = response.body()) {
                    read(lines.iterator());
                }
            } catch (IOException | UncheckedIOException e) {
                // the query service went away: reconnect
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // e.g. a sign-in that failed while the case service was down
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(Iterator<String> lines) {
        String event = null;
        StringBuilder data = new StringBuilder();
        while (running && lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if ("ledger-row".equals(event) && data.length() > 0) {
                    row(System.nanoTime(), data.toString());
                }
                event = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
    }

    private void row(long nanos, String data) {
        JsonNode row;
        try {
            row = Api.JSON.readTree(data);
        } catch (IOException e) {
            return;
        }
        String caseId = row.path("caseId").asText(null);
        Progress shown = Progress.ofLedgerRow(row);
        if (caseId == null || shown == null) {
            return;
        }
        rowsReceived.incrementAndGet();
        synchronized (this) {
            Deque<Seen> recent = seen.computeIfAbsent(caseId, id -> new ArrayDeque<>());
            recent.addLast(new Seen(nanos, shown));
            if (recent.size() > 8) {
                recent.removeFirst();
            }
            List<Expectation> waiting = pending.get(caseId);
            if (waiting != null) {
                for (Iterator<Expectation> it = waiting.iterator(); it.hasNext(); ) {
                    Expectation expectation = it.next();
                    if (nanos >= expectation.sentNanos && expectation.progress.reachedBy(shown)) {
                        record(expectation, nanos);
                        it.remove();
                    }
                }
                if (waiting.isEmpty()) {
                    pending.remove(caseId);
                }
            }
        }
    }

    /** A command on {@code caseId} was answered 2xx at {@code ackNanos}; the case should now show {@code progress}. */
    synchronized void expect(String caseId, Progress progress, long sentNanos, long ackNanos, String phase) {
        if (caseId == null) {
            return;
        }
        Expectation expectation = new Expectation(progress, sentNanos, ackNanos, phase);
        Deque<Seen> recent = seen.get(caseId);
        if (recent != null) {
            for (Seen s : recent) {
                if (s.nanos >= sentNanos && progress.reachedBy(s.progress)) {
                    record(expectation, s.nanos);
                    return;
                }
            }
        }
        pending.computeIfAbsent(caseId, id -> new ArrayList<>()).add(expectation);
    }

    private void record(Expectation expectation, long seenNanos) {
        lags.computeIfAbsent(expectation.phase, p -> java.util.Collections.synchronizedList(new ArrayList<>()))
            .add(Math.max(0, seenNanos - expectation.ackNanos) / 1e6);
    }

    List<Double> lags(String phase) {
        List<Double> list = lags.get(phase);
        return list == null ? List.of() : new ArrayList<>(list);
    }

    /** Expectations of {@code phase} older than {@code age} that no ledger row has met. */
    synchronized long missing(String phase, Duration age) {
        long cutoff = System.nanoTime() - age.toNanos();
        return pending.values().stream().flatMap(List::stream)
                      .filter(e -> e.phase.equals(phase) && e.ackNanos < cutoff).count();
    }

    synchronized long pendingCount() {
        return pending.values().stream().mapToLong(List::size).sum();
    }
}
