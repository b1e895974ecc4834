package cn.kcbx.faultharness;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Every command the simulated users sent and every answer they got. Each attempt is one JSON line in
 * {@code answers.jsonl} of the run directory (request id, command, case, HTTP status, body summary, latency, time);
 * each request is one {@link Request} in memory for the checks.
 */
final class AnswerLog implements AutoCloseable {

    enum Outcome {
        /** A 2xx answer: the service promised the command is stored. */
        ACKNOWLEDGED,
        /** A 4xx answer: the service refused it (the user's idea of the case may be wrong after a loss). */
        REJECTED,
        /** Only 5xx answers, and the user gave up. */
        FAILED_5XX,
        /** No answer at all (service down) for too long, and the user gave up. */
        UNANSWERED
    }

    /** One client request (one request id), with all its attempts folded in. */
    static final class Request {
        final String requestId;
        final Step step;
        final Accounts.Account account;
        final String body;
        final String phase;
        final SimulatedCase simulatedCase;
        volatile String caseId;
        volatile Outcome outcome;
        volatile int attempts;
        volatile int status;
        volatile boolean replayed;
        volatile String answerBody;
        volatile double latencyMillis;
        volatile long ackNanos;
        volatile long sentNanos;
        volatile Instant ackAt;

        Request(String requestId, Step step, Accounts.Account account, String body, String phase,
                SimulatedCase simulatedCase, String caseId) {
            this.requestId = requestId;
            this.step = step;
            this.account = account;
            this.body = body;
            this.phase = phase;
            this.simulatedCase = simulatedCase;
            this.caseId = caseId;
        }

        boolean acknowledged() {
            return outcome == Outcome.ACKNOWLEDGED;
        }
    }

    private final BufferedWriter out;
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    AnswerLog(Path file) throws IOException {
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    void add(Request request) {
        requests.add(request);
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** One line per attempt. */
    void attempt(Request request, int attempt, Api.Answer answer, String note) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", Instant.now().toString());
        line.put("phase", request.phase);
        line.put("requestId", request.requestId);
        line.put("command", request.step.name());
        line.put("case", request.caseId);
        line.put("user", request.account.username());
        line.put("attempt", attempt);
        line.put("status", answer.status());
        line.put("latencyMs", Math.round(answer.latencyMillis() * 10) / 10.0);
        String body = answer.body() == null ? "" : answer.body();
        line.put("answer", body.length() > 300 ? body.substring(0, 300) + "…" : body);
        if (note != null) {
            line.put("note", note);
        }
        write(Api.json(line));
    }

    /** A line that is not an answer (faults, phase changes), so the log reads as one story. */
    void note(String kind, String text) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("at", Instant.now().toString());
        line.put("event", kind);
        line.put("text", text);
        write(Api.json(line));
        flush();
    }

    private synchronized void write(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
