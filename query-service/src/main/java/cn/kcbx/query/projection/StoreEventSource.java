package cn.kcbx.query.projection;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the live processor reads the store: each stream it opens reads the storage engine itself, on a thread of its
 * own, and every batch passes the {@link ReadSideGuard} before the processor sees it.
 *
 * <p>Why not Axon's {@code EmbeddedEventStore}: its shared producer keeps its own position and a cache of recent
 * events for the life of the process. After the store lost its tail, that producer kept reading after the lost
 * positions and streams reopened by a rebuild were served the lost events from the cache: the read side stayed ahead
 * until a second rebuild. Here a stream holds nothing beyond its own small buffer, and a reopened stream reads the
 * store. It also tells the processor as soon as events are there ({@link BlockingStream#setOnAvailableCallback}); Axon's
 * stream cannot, so the processor only looked again every 500 ms.
 */
@Component
public class StoreEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StoreEventSource.class);
    /** Events read ahead of the processor, at most (plus one read). */
    private static final int BUFFER = 1024;
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final EventStorageEngine engine;
    private final ReadSideGuard guard;
    private final long fetchDelayMillis;
    private final Set<StoreStream> open = ConcurrentHashMap.newKeySet();

    StoreEventSource(EventStorageEngine engine, ReadSideGuard guard, ProjectionSettings settings) {
        this.engine = engine;
        this.guard = guard;
        this.fetchDelayMillis = Math.max(1, settings.eventFetchDelay().toMillis());
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new StoreStream(trackingToken);
    }

    /** Stops every reader before the database client goes, even if the processor did not close its stream. */
    @Override
    public void destroy() {
        List.copyOf(open).forEach(StoreStream::close);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }

    /**
     * One stream: a reader thread polls the store every fetch delay while it has caught up, hands each batch to the
     * guard and queues what it admits; the processor's coordinator takes from the queue.
     */
    private final class StoreStream implements BlockingStream<TrackedEventMessage<?>> {

        private final LinkedBlockingQueue<TrackedEventMessage<?>> buffer = new LinkedBlockingQueue<>();
        private final Object wakeUp = new Object();
        private final Thread reader;
        private volatile boolean closed;
        private volatile Runnable onAvailable = () -> {
        };
        /** Where the next read starts; the reader thread's only. */
        private TrackingToken readAfter;
        /** The coordinator's only. */
        private TrackedEventMessage<?> peeked;

        StoreStream(TrackingToken from) {
            this.readAfter = from;
            guard.streamOpened(this); // checks the read side against the store before anything is read
            open.add(this);
            this.reader = new Thread(this::readLoop, "case-projections-reader");
            reader.setDaemon(true);
            reader.start();
        }

        private void readLoop() {
            while (!closed && guard.isOpen(this)) {
                try {
                    if (buffer.size() >= BUFFER || !readOnce()) {
                        pause(fetchDelayMillis);
                    }
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    log.warn("Reading the event store for the live projections failed; trying again in {}: {}",
                             RETRY_AFTER_FAILURE, e.toString());
                    pause(RETRY_AFTER_FAILURE.toMillis());
                }
            }
        }

        /** Reads one batch; answers whether it queued anything. */
        private boolean readOnce() {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(readAfter, false)) {
                batch = events.toList();
            }
            if (batch.isEmpty() || closed || !guard.admit(this, batch)) {
                return false;
            }
            buffer.addAll(batch);
            readAfter = batch.get(batch.size() - 1).trackingToken();
            onAvailable.run();
            return true;
        }

        private void pause(long millis) {
            synchronized (wakeUp) {
                if (!closed) {
                    try {
                        wakeUp.wait(millis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        closed = true;
                    }
                }
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            if (peeked == null) {
                peeked = buffer.poll();
            }
            return Optional.ofNullable(peeked);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (peeked == null) {
                peeked = buffer.poll(timeout, unit);
            }
            return peeked != null;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (peeked == null) {
                peeked = buffer.poll(fetchDelayMillis, TimeUnit.MILLISECONDS);
                if (peeked == null && closed) {
                    throw new InterruptedException("the event stream was closed");
                }
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            return next;
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            this.onAvailable = callback;
            if (!buffer.isEmpty()) {
                callback.run();
            }
            return true;
        }

        @Override
        public void close() {
            closed = true;
            open.remove(this);
            guard.streamClosed(this);
            synchronized (wakeUp) {
                wakeUp.notifyAll();
            }
            buffer.clear();
        }
    }
}
