package cn.kcbx.query;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads a server-sent event stream in tests, one event at a time. */
public final class LiveEvents {

    private LiveEvents() {
    }

    /** The next event as its name, a line break and its data lines (comments such as heartbeats are skipped). */
    public static String next(BufferedReader reader) {
        StringBuilder event = new StringBuilder();
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!event.isEmpty()) {
                        return event.toString();
                    }
                    continue;
                }
                if (line.startsWith("event:")) {
                    event.append(line.substring(6).strip()).append('\n');
                } else if (line.startsWith("data:")) {
                    event.append(line.substring(5)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return event.toString();
    }

    /**
     * The events up to and including the first that contains {@code text}; fails if none has come within
     * {@code timeout} or the stream ended first. A latch on a round of the live updates: once a stream has a change's
     * row, that change's round has been handed to every subscriber.
     */
    public static List<String> until(BufferedReader reader, String text, Duration timeout) {
        List<String> received = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            String event;
            do {
                event = next(reader);
                if (event.isEmpty()) {
                    throw new IllegalStateException("the stream ended before an event with " + text);
                }
                received.add(event);
            } while (!event.contains(text));
        });
        try {
            reading.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            reading.cancel(true);
            throw new AssertionError("no event with " + text + " within " + timeout + "; received " + received, e);
        } catch (ExecutionException e) {
            throw new AssertionError("reading the stream failed; received " + received, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return received;
    }
}
