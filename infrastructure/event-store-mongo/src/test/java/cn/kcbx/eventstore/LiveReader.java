package cn.kcbx.eventstore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/** A streaming reader polling a store the way a tracking processor does, collecting what it is given. */
final class LiveReader implements AutoCloseable {

    private final Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> source;
    private final List<TrackedEventMessage<?>> received = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    LiveReader(Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> source) {
        this.source = source;
        this.thread = new Thread(this::poll, "live-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        TrackingToken token = null;
        while (running) {
            try {
                List<? extends TrackedEventMessage<?>> batch = source.apply(token).toList();
                if (batch.isEmpty()) {
                    Thread.sleep(20);
                    continue;
                }
                synchronized (received) {
                    received.addAll(batch);
                }
                token = batch.get(batch.size() - 1).trackingToken();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failure = e;
                return;
            }
        }
    }

    List<TrackedEventMessage<?>> received() {
        if (failure != null) {
            throw failure;
        }
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    List<String> receivedIds() {
        return received().stream().map(TrackedEventMessage::getIdentifier).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
