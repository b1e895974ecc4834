package cn.kcbx.query.projection;

import cn.kcbx.query.projection.RebuildStatus.Phase;
import cn.kcbx.query.projection.RebuildStatus.State;
import com.mongodb.client.MongoCollection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Rebuilds projections from the start of the event store while the service keeps answering.
 *
 * <p>The scheme, for the projections being rebuilt (one pass feeds all of them):
 * <ol>
 *   <li><b>Replay.</b> Empty the projection's standby collection ({@link ProjectionRegistry}) and fold every stored
 *       event into it, reading the store directly from the tail in batches until a read comes back empty. Meanwhile
 *       the live processor keeps running and keeps writing to the active collection, which readers still use. (Two
 *       passes, each up to the head of the store as it was when the pass began, so the rebuild never chases busy
 *       writers for ever.)</li>
 *   <li><b>Pause and catch up.</b> Shut the live processor down (its in-flight batch completes and its tokens
 *       T<sub>s</sub> are stored), then look up the head of the store and read on from where the replay stopped up
 *       to at least that head, position H. The processor can only have seen events stored before it stopped, so
 *       T<sub>s</sub> ≤ H for every segment.</li>
 *   <li><b>Switch and resume.</b> Point each projection at its rebuilt collection (one single-document update each),
 *       then start the processor again. It resumes at T<sub>s</sub>: the events in (T<sub>s</sub>, H] are delivered a
 *       second time and change nothing (projections are idempotent); everything after H is new. No event is lost and
 *       the per-case order holds, because the rebuilt collection holds a gap-free prefix of every case and the
 *       processor continues each case from inside that prefix.</li>
 * </ol>
 * Readers are only paused from fresh data for the short catch-up; they are never without answers. The old collection
 * stays untouched until the next rebuild empties it (a reader that looked up the pointer just before the switch still
 * finds its data). One rebuild runs at a time; on failure the pointers stay as they were and the processor is
 * restarted.
 */
@Component
public class ProjectionRebuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);

    private final ProjectionRegistry registry;
    private final EventStorageEngine storageEngine;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<RebuildStatus> running = new AtomicReference<>();
    private final Map<String, RebuildStatus> lastRebuild = new ConcurrentHashMap<>();

    ProjectionRebuilder(ProjectionRegistry registry, EventStorageEngine storageEngine,
                        ObjectProvider<EventProcessingConfiguration> processing) {
        this.registry = registry;
        this.storageEngine = storageEngine;
        this.processing = processing;
        this.clock = Clock.systemUTC();
    }

    /** Starts rebuilding the named projections in the background; throws if a rebuild is already running. */
    public RebuildStatus start(List<String> names) {
        names.forEach(registry::projection);
        RebuildStatus status = new RebuildStatus(UUID.randomUUID().toString(), List.copyOf(names), State.RUNNING,
                                                 Phase.REPLAYING, clock.instant(), null, 0, null, null);
        if (!running.compareAndSet(null, status)) {
            throw new RebuildInProgressException();
        }
        names.forEach(name -> lastRebuild.put(name, status));
        executor.submit(() -> run(status));
        return status;
    }

    /** The last rebuild of the projection (running or finished), if any since this process started. */
    public Optional<RebuildStatus> lastRebuild(String name) {
        return Optional.ofNullable(lastRebuild.get(name));
    }

    /** The live processor's position: the lowest of its segments' positions; empty while it is paused. */
    public Optional<Long> livePosition() {
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        if (status.isEmpty()) {
            return Optional.empty();
        }
        return status.values().stream()
                     .map(s -> s.getCurrentPosition().isPresent() ? s.getCurrentPosition().getAsLong() : 0L)
                     .min(Long::compare);
    }

    /** The position of the last event in the store. */
    public long headPosition() {
        TrackingToken head = storageEngine.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private void run(RebuildStatus initial) {
        PooledStreamingEventProcessor processor = null;
        boolean paused = false;
        try {
            List<Target> targets = new ArrayList<>();
            for (String name : initial.projections()) {
                Projection projection = registry.projection(name);
                String standby = registry.standbyCollectionName(name);
                registry.drop(standby);
                MongoCollection<Document> collection = registry.collection(standby);
                projection.prepare(collection);
                targets.add(new Target(projection, standby, collection));
            }
            Progress progress = new Progress();
            // Two passes while live: the second shortens the paused catch-up by what arrived during the first.
            fold(targets, progress, Phase.REPLAYING, initial, headPosition());
            fold(targets, progress, Phase.REPLAYING, initial, headPosition());
            processor = processor();
            log.info("Rebuild {}: replayed {} events up to {}; pausing the live processor to catch up",
                     initial.rebuildId(), progress.applied, progress.position);
            processor.shutDown();
            paused = true;
            fold(targets, progress, Phase.CATCHING_UP, initial, headPosition());
            for (Target target : targets) {
                registry.activate(target.projection.name(), target.collectionName);
            }
            processor.start();
            paused = false;
            RebuildStatus done = current(initial).progress(Phase.SWITCHED, progress.applied, progress.position)
                                                 .finished(State.COMPLETED, clock.instant(), null);
            publish(done);
            log.info("Rebuild {} of {} completed: {} events, up to position {}", initial.rebuildId(),
                     initial.projections(), progress.applied, progress.position);
        } catch (RuntimeException e) {
            log.error("Rebuild {} of {} failed", initial.rebuildId(), initial.projections(), e);
            publish(current(initial).finished(State.FAILED, clock.instant(), "重建失败：" + e.getClass().getSimpleName()));
        } finally {
            if (paused) {
                processor.start();
            }
            running.set(null);
        }
    }

    /**
     * Folds the events after {@code progress.token} into the targets, at least up to position {@code upTo} (a batch may go
     * beyond it) or until the store has no more. The bound keeps a rebuild from chasing writers for ever.
     */
    private void fold(List<Target> targets, Progress progress, Phase phase, RebuildStatus initial, long upTo) {
        while (progress.position == null || progress.position < upTo) {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(progress.token, false)) {
                batch = events.toList();
            }
            if (batch.isEmpty()) {
                return;
            }
            List<ProjectionEvent> events = new ArrayList<>(batch.size());
            for (TrackedEventMessage<?> message : batch) {
                long position = message.trackingToken().position().orElseThrow();
                if (message instanceof DomainEventMessage<?> domainEvent) {
                    ProjectionEvent event = ProjectionEvent.of(domainEvent, position);
                    if (event != null) {
                        events.add(event);
                    }
                }
            }
            for (Target target : targets) {
                target.projection.applyAll(events, target.collection);
            }
            progress.applied += events.size();
            TrackedEventMessage<?> last = batch.get(batch.size() - 1);
            progress.token = last.trackingToken();
            progress.position = last.trackingToken().position().orElseThrow();
            publish(current(initial).progress(phase, progress.applied, progress.position));
        }
    }

    private RebuildStatus current(RebuildStatus initial) {
        RebuildStatus status = lastRebuild.get(initial.projections().get(0));
        return status != null && status.rebuildId().equals(initial.rebuildId()) ? status : initial;
    }

    private void publish(RebuildStatus status) {
        status.projections().forEach(name -> lastRebuild.put(name, status));
        if (status.state() == State.RUNNING) {
            running.set(status);
        }
    }

    private PooledStreamingEventProcessor processor() {
        return processing.getObject()
                         .eventProcessor(ProjectionEventHandler.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                         .orElseThrow(() -> new IllegalStateException(
                                 "no pooled processor " + ProjectionEventHandler.PROCESSING_GROUP));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    private record Target(Projection projection, String collectionName, MongoCollection<Document> collection) {
    }

    private static final class Progress {
        TrackingToken token;
        long applied;
        Long position;
    }
}
