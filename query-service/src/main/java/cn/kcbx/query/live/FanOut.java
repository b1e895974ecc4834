package cn.kcbx.query.live;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers live events to many subscribers at once. Each subscriber has its own outbox, drained by a pool of sender
 * threads, so that putting an event in every outbox costs the caller nothing and a client that reads slowly (or not
 * at all) holds up only its own outbox and one sender thread. A subscriber more than {@code outboxCapacity} events
 * behind is closed as too slow: a browser reconnects and starts again from fresh figures.
 *
 * <p>Sender threads are started as they are needed, up to {@code senderThreads}, and end when idle.
 */
final class FanOut {

    /** Where one subscriber's events go; a send may block while the client does not read. */
    interface Sink {

        void send(LiveEvent event) throws IOException;

        /** Ends the stream; called once, on a sender thread, after the last send. */
        void end();
    }

    /**
     * A named event with its data, or a keep-alive comment (name null). The {@code last} event of a stream is sent
     * after everything queued before it, and then the stream ends.
     */
    record LiveEvent(String name, Object data, boolean last) {

        static final LiveEvent KEEP_ALIVE = new LiveEvent(null, null, false);

        LiveEvent(String name, Object data) {
            this(name, data, false);
        }
    }

    /** How many events one drain sends before it lets other subscribers' outboxes have the thread. */
    private static final int EVENTS_PER_TURN = 16;

    private final int outboxCapacity;
    private final ThreadPoolExecutor senders;

    FanOut(int senderThreads, int outboxCapacity) {
        if (senderThreads < 1 || outboxCapacity < 1) {
            throw new IllegalArgumentException("sender threads and outbox capacity must be positive");
        }
        this.outboxCapacity = outboxCapacity;
        AtomicInteger threads = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(senderThreads, senderThreads, 30, TimeUnit.SECONDS,
                                              new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "live-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.senders.allowCoreThreadTimeOut(true);
    }

    /** A new outbox delivering to {@code sink}; {@code onClosed} runs once, when the outbox closes for any reason. */
    Outbox open(Sink sink, Runnable onClosed) {
        return new Outbox(sink, onClosed);
    }

    void shutdown() {
        senders.shutdownNow();
    }

    /** One subscriber's queue of events not yet sent, in order. */
    final class Outbox {

        private final Sink sink;
        private final Runnable onClosed;
        private final Queue<LiveEvent> pending = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean lastQueued = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        /** Why the outbox closed ({@code TOO_SLOW}, {@code SEND_FAILED}, {@code ENDED}, {@code CLOSED}); null while open. */
        private volatile String closedBecause;

        private Outbox(Sink sink, Runnable onClosed) {
            this.sink = sink;
            this.onClosed = onClosed;
        }

        /**
         * Queues the event; false if the outbox is closed or ending, or closes now because the subscriber fell too
         * far behind.
         */
        boolean offer(LiveEvent event) {
            if (closed.get() || lastQueued.get()) {
                return false;
            }
            if (size.incrementAndGet() > outboxCapacity) {
                close("TOO_SLOW");
                return false;
            }
            pending.add(event);
            scheduleDrain();
            return true;
        }

        /** Queues the stream's last event, whatever the capacity: sent after the rest, then the stream ends. */
        void offerLast(LiveEvent event) {
            if (!closed.get() && lastQueued.compareAndSet(false, true)) {
                size.incrementAndGet();
                pending.add(new LiveEvent(event.name(), event.data(), true));
                scheduleDrain();
            }
        }

        boolean isOpen() {
            return !closed.get();
        }

        String closedBecause() {
            return closedBecause;
        }

        /**
         * Closes the outbox: nothing queued is sent any more, and the stream is ended on a sender thread (never on
         * the caller's, which a stalled send would hold up).
         */
        void close(String because) {
            if (closed.compareAndSet(false, true)) {
                closedBecause = because;
                pending.clear();
                onClosed.run();
                scheduleDrain();
            }
        }

        private void scheduleDrain() {
            if (draining.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (RejectedExecutionException stopping) {
                    draining.set(false);
                    if (closed.compareAndSet(false, true)) {
                        closedBecause = "CLOSED";
                        pending.clear();
                        onClosed.run();
                    }
                }
            }
        }

        private void drain() {
            for (int sent = 0; sent < EVENTS_PER_TURN && !closed.get(); sent++) {
                LiveEvent event = pending.poll();
                if (event == null) {
                    break;
                }
                size.decrementAndGet();
                try {
                    sink.send(event);
                    if (event.last()) {
                        close("ENDED");
                    }
                } catch (IOException | RuntimeException failed) {
                    close("SEND_FAILED");
                }
            }
            if (closed.get() && ended.compareAndSet(false, true)) {
                try {
                    sink.end();
                } catch (RuntimeException alreadyOver) {
                    // the stream was over already
                }
            }
            draining.set(false);
            // More came in, this turn is over (back in line behind the others), or it closed meanwhile.
            if ((!pending.isEmpty() && !closed.get()) || (closed.get() && !ended.get())) {
                scheduleDrain();
            }
        }
    }
}
