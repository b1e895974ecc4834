package cn.kcbx.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A streaming reader polling a store the way a tracking processor does, collecting what it is given. Tests wait on
 * it for what they need to have happened (so many events received, a complete poll that found nothing), not for time.
 */
final class LiveReader implements AutoCloseable {

    /** How long an idle reader waits before polling again, as a tracking processor backs off; not a synchronisation. */
    private static final long IDLE_BACKOFF_MILLIS = 20;

    private final Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> source;
    private final Object monitor = new Object();
    private final List<TrackedEventMessage<?>> received = new ArrayList<>();
    private final Thread thread;
    private long pollsStarted;
    /** The number of the last poll that found nothing new. */
    private long lastEmptyPoll;
    private boolean running = true;
    private RuntimeException failure;

    LiveReader(Function<TrackingToken, Stream<? extends TrackedEventMessage<?>>> source) {
        this.source = source;
        this.thread = new Thread(this::poll, "live-reader");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void poll() {
        TrackingToken token = null;
        while (true) {
            long poll;
            synchronized (monitor) {
                if (!running) {
                    return;
                }
                poll = ++pollsStarted;
            }
            try {
                List<? extends TrackedEventMessage<?>> batch = source.apply(token).toList();
                synchronized (monitor) {
                    if (batch.isEmpty()) {
                        lastEmptyPoll = poll;
                        monitor.notifyAll();
                        monitor.wait(IDLE_BACKOFF_MILLIS);
                        continue;
                    }
                    received.addAll(batch);
                    monitor.notifyAll();
                }
                token = batch.get(batch.size() - 1).trackingToken();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                synchronized (monitor) {
                    failure = e;
                    monitor.notifyAll();
                }
                return;
            }
        }
    }

    /** Waits until at least {@code count} events were received; answers whether they were within the timeout. */
    boolean awaitReceived(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            while (failure == null && received.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                monitor.wait(Math.max(1, left / 1_000_000));
            }
            return received.size() >= count;
        }
    }

    /**
     * Waits until a poll that started after this call found nothing new: everything stored before the call that this
     * reader will ever be given, it has been given.
     */
    void awaitCaughtUp(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (monitor) {
            long mark = pollsStarted;
            while (failure == null && lastEmptyPoll <= mark) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the live reader did not catch up within " + timeout);
                }
                monitor.notifyAll(); // cut an idle back-off short
                monitor.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    List<TrackedEventMessage<?>> received() {
        synchronized (monitor) {
            if (failure != null) {
                throw failure;
            }
            return List.copyOf(received);
        }
    }

    List<String> receivedIds() {
        return received().stream().map(TrackedEventMessage::getIdentifier).toList();
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (monitor) {
            running = false;
            monitor.notifyAll();
        }
        thread.join(10_000);
    }
}
