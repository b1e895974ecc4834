package cn.kcbx.query.projection;

import cn.kcbx.query.projection.RebuildStatus.Cause;
import cn.kcbx.query.projection.RebuildStatus.Phase;
import cn.kcbx.query.projection.RebuildStatus.State;

import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
 *   <li><b>Pause and catch up.</b> Shut the live processor down on every instance (the {@link RebuildLease} asks
 *       the others, {@link RebuildPauseWatcher}; their in-flight batches complete and their tokens T<sub>s</sub> are
 *       stored) and claim every segment here, which succeeds only once no instance processes any (a killed
 *       instance's claims expire after the claim timeout). Then look up the head of the store and read on from where
 *       the replay stopped up to at least that head: the rebuild ends at position E, the last event it folded. The
 *       store must still hold that very event ({@link ReadSideGuard#requireStored}), or the store lost what was
 *       folded and the rebuild is void.</li>
 *   <li><b>Put the tokens back, switch and resume.</b> Every stored token beyond E is set to E, so the processor can
 *       never resume after events the rebuilt collections lack (a token ahead of the store's head skipped every event
 *       later written at the lost positions, even across rebuilds). Then point each projection at its rebuilt
 *       collection (one single-document update each) and start the processor again. It resumes at min(T<sub>s</sub>,
 *       E): the events up to E it sees again change nothing (projections are idempotent); everything after E is new.
 *       No event is lost and the per-case order holds, because the rebuilt collection holds a gap-free prefix of
 *       every case and the processor continues each case from inside that prefix. A rebuild of every projection also
 *       tells the {@link ReadSideGuard} that the read side is in step again, at E.</li>
 * </ol>
 * Readers are only paused from fresh data for the short catch-up; they are never without answers. One rebuild runs
 * at a time across every instance on the database (the lease: a second request on any instance is refused with
 * {@code REBUILD_IN_PROGRESS}, and a crashed rebuilder's lease expires after {@code rebuild-lease-timeout}); on
 * failure the pointers stay as they were and the processor is restarted (unless the read side is ahead of the store
 * and waits for an administrator).
 *
 * <p><b>Space.</b> The collection a switch leaves behind is dropped {@code old-collection-drop-delay} (60 s) after a
 * successful rebuild, not at once: a reader that looked up the pointer just before the switch may still be reading
 * it, and a minute is far longer than any query or export takes. A rebuild also empties its standby collection when
 * it starts (the remains of a failed rebuild; or the previous collection, when an administrator starts a rebuild
 * within the delay).
 */
@Component
public class ProjectionRebuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilder.class);
    /** Events handed to the projections at once during a rebuild (the store answers reads of up to 256). */
    static final int REPLAY_BATCH = 4096;

    private final ProjectionRegistry registry;
    private final EventStorageEngine storageEngine;
    private final EngineCaseEvents caseEvents;
    private final LiveProcessor live;
    private final ReadSideGuard guard;
    private final ReadSideWrites writes;
    private final Duration dropDelay;
    private final Clock clock;
    /** Rebuilds and drops of old collections, one at a time. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Each projection's replay of a batch runs on a thread of its own: they write different collections and share
     * only reads, and one replay waits for the store's answers while another computes.
     */
    private final ExecutorService replayers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService dropTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-drop-timer");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projection-rebuild-lease");
        thread.setDaemon(true);
        return thread;
    });
    private final RebuildLease lease;
    /** How long the pause waits for the other instances' segments: a killed instance's claims expire in this. */
    private final Duration claimWait;
    private final AtomicReference<RebuildStatus> running = new AtomicReference<>();
    private final Map<String, RebuildStatus> lastRebuild = new ConcurrentHashMap<>();

    ProjectionRebuilder(ProjectionRegistry registry, EventStorageEngine storageEngine, EngineCaseEvents caseEvents,
                        LiveProcessor live, ReadSideGuard guard, ReadSideWrites writes, RebuildLease lease,
                        ProjectionSettings settings) {
        this.caseEvents = caseEvents;
        this.lease = lease;
        this.claimWait = settings.claimTimeout().multipliedBy(2).plusSeconds(5);
        this.registry = registry;
        this.storageEngine = storageEngine;
        this.live = live;
        this.guard = guard;
        this.writes = writes;
        this.dropDelay = settings.oldCollectionDropDelay();
        this.clock = Clock.systemUTC();
    }

    /** Starts rebuilding the named projections in the background, as an administrator asked. */
    public RebuildStatus start(List<String> names) {
        return start(names, Cause.ADMIN);
    }

    /**
     * Starts rebuilding the named projections in the background; throws if a rebuild is already running, or if the
     * read side is ahead of the store and not every projection is named (only a rebuild of all of them heals that).
     */
    public RebuildStatus start(List<String> names, Cause cause) {
        names.forEach(registry::projection);
        if (guard.isAhead() && !names.containsAll(registry.names())) {
            throw new FullRebuildRequiredException();
        }
        RebuildStatus status = new RebuildStatus(UUID.randomUUID().toString(), List.copyOf(names), cause,
                                                 State.RUNNING, Phase.REPLAYING, clock.instant(), null, 0, null, null);
        if (!running.compareAndSet(null, status)) {
            throw new RebuildInProgressException();
        }
        boolean leased = false;
        try {
            leased = lease.acquire(status.rebuildId(), status.projections());
        } finally {
            if (!leased) {
                running.set(null);
            }
        }
        if (!leased) {
            throw new RebuildInProgressException(); // on another instance
        }
        names.forEach(name -> lastRebuild.put(name, status));
        executor.submit(() -> run(status));
        return status;
    }

    /** Whether a rebuild runs in this instance. */
    public boolean isRunning() {
        return running.get() != null;
    }

    /** The last rebuild of the projection (running or finished), if any since this process started. */
    public Optional<RebuildStatus> lastRebuild(String name) {
        return Optional.ofNullable(lastRebuild.get(name));
    }

    /** The live processor's position: the lowest of its segments' positions; empty while it is stopped. */
    public Optional<Long> livePosition() {
        return live.position();
    }

    /** The position of the last event in the store. */
    public long headPosition() {
        TrackingToken head = storageEngine.createHeadToken();
        return head == null ? 0 : head.position().orElse(0);
    }

    private void run(RebuildStatus initial) {
        boolean everyProjection = initial.projections().containsAll(registry.names());
        boolean paused = false;
        boolean claimed = false;
        boolean completed = false;
        String rebuildId = initial.rebuildId();
        ScheduledFuture<?> renewal = leaseTimer.scheduleWithFixedDelay(() -> renewLease(rebuildId),
                                                                       lease.timeout().toMillis() / 3,
                                                                       lease.timeout().toMillis() / 3,
                                                                       TimeUnit.MILLISECONDS);
        try {
            Optional<String> writingSince = writes.incarnation();
            registry.refresh();
            List<Target> targets = new ArrayList<>();
            for (String name : initial.projections()) {
                Projection projection = registry.projection(name);
                String standby = registry.standbyCollectionName(name);
                registry.drop(standby);
                MongoCollection<Document> collection = registry.collection(standby);
                projection.prepare(collection);
                targets.add(new Target(projection, standby, projection.replay(collection)));
            }
            Progress progress = new Progress();
            // Two passes while live: the second shortens the paused catch-up by what arrived during the first.
            fold(targets, progress, Phase.REPLAYING, initial, headPosition());
            fold(targets, progress, Phase.REPLAYING, initial, headPosition());
            // Written while readers still have the live collections: the pause below only writes the catch-up's.
            flush(targets);
            log.info("Rebuild {}: replayed {} events up to {}; pausing the live processor to catch up",
                     initial.rebuildId(), progress.applied, progress.position);
            // Every instance stops its live processor (RebuildPauseWatcher); holding every segment proves they have.
            requireLease(lease.pause(rebuildId));
            live.stop();
            paused = true;
            claimed = true;
            live.claimAll(claimWait);
            fold(targets, progress, Phase.CATCHING_UP, initial, headPosition());
            flush(targets);
            guard.requireStored(progress.end);
            writes.confirmDurable(writingSince);
            long end = progress.end == null ? 0 : progress.end.position();
            requireLease(lease.held(rebuildId));
            live.tokensNotBeyond(end);
            claimed = false;
            Map<String, String> previous = new LinkedHashMap<>();
            for (Target target : targets) {
                previous.put(target.projection.name(), registry.activeCollectionName(target.projection.name()));
                registry.activate(target.projection.name(), target.collectionName);
            }
            if (everyProjection) {
                guard.recovered(progress.end);
            }
            lease.end(rebuildId, true);
            completed = true;
            paused = !resumeLiveProcessing();
            RebuildStatus done = current(initial).progress(Phase.SWITCHED, progress.applied, progress.position)
                                                 .finished(State.COMPLETED, clock.instant(), null);
            publish(done);
            log.info("Rebuild {} of {} completed: {} events, up to position {}", initial.rebuildId(),
                     initial.projections(), progress.applied, progress.position);
            dropLater(previous, initial.rebuildId());
        } catch (StoreChangedDuringRebuildException e) {
            log.error("重建 {} 作废：事件库在重建期间丢失了已重建的事件 / Rebuild {} of {} is void: the event store lost events it "
                              + "had folded while it ran", initial.rebuildId(), initial.rebuildId(), initial.projections());
            publish(current(initial).finished(State.FAILED, clock.instant(), "重建失败：事件库在重建期间丢失了事件，请重新重建"));
        } catch (StoreRestartedException e) {
            log.error("重建 {} 作废：事件库在重建期间重启，重建写入的内容可能未全部保存 / Rebuild {} of {} is void: {}",
                      initial.rebuildId(), initial.rebuildId(), initial.projections(), e.getMessage());
            publish(current(initial).finished(State.FAILED, clock.instant(), "重建失败：事件库在重建期间重启，请重新重建"));
        } catch (RuntimeException e) {
            log.error("Rebuild {} of {} failed", initial.rebuildId(), initial.projections(), e);
            publish(current(initial).finished(State.FAILED, clock.instant(), "重建失败：" + e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publish(current(initial).finished(State.FAILED, clock.instant(), "重建失败：服务正在停止"));
        } finally {
            renewal.cancel(false);
            try {
                if (claimed) {
                    live.releaseAll();
                }
                if (!completed) {
                    lease.end(rebuildId, false);
                }
            } catch (RuntimeException e) {
                log.warn("Rebuild {}: could not hand back its claims or lease (they expire): {}", rebuildId,
                         e.toString());
            }
            if (paused) {
                resumeLiveProcessing();
            }
            running.set(null);
        }
    }

    private void renewLease(String rebuildId) {
        try {
            if (!lease.renew(rebuildId)) {
                log.error("Rebuild {} lost its lease (not renewed within {}): it will not switch", rebuildId,
                          lease.timeout());
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild {}: could not renew its lease: {}", rebuildId, e.toString());
        }
    }

    /** A rebuild whose lease expired (another may run now) must not pause, claim or switch anything. */
    private static void requireLease(boolean held) {
        if (!held) {
            throw new IllegalStateException("the rebuild's lease expired");
        }
    }

    /** Starts the live processor again, unless the read side is ahead of the store: then it waits for a rebuild. */
    private boolean resumeLiveProcessing() {
        if (guard.isAhead()) {
            return false;
        }
        live.start();
        return true;
    }

    /**
     * Folds the events after {@code progress.token} into the targets, at least up to position {@code upTo} (a batch may go
     * beyond it) or until the store has no more. The bound keeps a rebuild from chasing writers for ever. Reads of the
     * store are gathered into batches of up to {@value #REPLAY_BATCH} events, so that each projection writes many
     * documents per round trip.
     */
    private void fold(List<Target> targets, Progress progress, Phase phase, RebuildStatus initial, long upTo)
            throws InterruptedException {
        while (progress.position == null || progress.position < upTo) {
            List<ProjectionEvent> events = new ArrayList<>();
            TrackedEventMessage<?> last = null;
            TrackingToken token = progress.token;
            while (events.size() < REPLAY_BATCH) {
                List<? extends TrackedEventMessage<?>> batch;
                try (Stream<? extends TrackedEventMessage<?>> read = storageEngine.readEvents(token, false)) {
                    batch = read.toList();
                }
                if (batch.isEmpty()) {
                    break;
                }
                for (TrackedEventMessage<?> message : batch) {
                    long position = message.trackingToken().position().orElseThrow();
                    if (message instanceof DomainEventMessage<?> domainEvent) {
                        ProjectionEvent event = ProjectionEvent.of(domainEvent, position);
                        if (event != null) {
                            events.add(event);
                        }
                    }
                }
                last = batch.get(batch.size() - 1);
                token = last.trackingToken();
                if (token.position().orElseThrow() >= upTo) {
                    break;
                }
            }
            if (last == null) {
                return;
            }
            List<ProjectionEvent> batch = events;
            // A late event makes several projections fold its case anew from the store: one read serves them all.
            Map<String, List<ProjectionEvent>> sharedReads = new ConcurrentHashMap<>();
            onEachReplay(targets, replay -> caseEvents.sharing(sharedReads, () -> replay.apply(batch)));
            progress.applied += events.size();
            progress.token = last.trackingToken();
            progress.position = last.trackingToken().position().orElseThrow();
            progress.end = new StoreWatermark(progress.position, last.getIdentifier());
            publish(current(initial).progress(phase, progress.applied, progress.position));
        }
    }

    /** Writes what the replays held back. */
    private void flush(List<Target> targets) throws InterruptedException {
        onEachReplay(targets, Projection.Replay::flush);
    }

    /**
     * Runs {@code work} on every target's replay at once, each on a thread of its own, and returns when all are done.
     * If any failed, it throws the first failure, but only after the others have ended too: no replay may still be
     * writing into a standby collection once the rebuild has failed (and a later one empties it).
     */
    private void onEachReplay(List<Target> targets, Consumer<Projection.Replay> work) throws InterruptedException {
        List<Future<?>> tasks = new ArrayList<>();
        for (Target target : targets) {
            tasks.add(replayers.submit(() -> work.accept(target.replay)));
        }
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<?> task : tasks) {
            while (true) {
                try {
                    task.get();
                    break;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // wait for the replays (at shutdown they are interrupted too), then stop
                }
            }
        }
        if (interrupted) {
            throw new InterruptedException("rebuild interrupted");
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException("a projection's replay failed", failure);
        }
    }

    /**
     * Drops the collections the switch left behind, after the grace delay, on the rebuild thread and holding the
     * rebuild lease (so never while a rebuild on any instance fills one) and only if each is still its projection's
     * standby: a later rebuild may have made it active again.
     */
    private void dropLater(Map<String, String> previous, String rebuildId) {
        Runnable drop = () -> {
            // Under the lease: a rebuild on another instance may be filling this very collection again.
            String dropId = "drop-" + UUID.randomUUID();
            if (!lease.acquire(dropId, List.copyOf(previous.keySet()))) {
                log.info("Kept the collections used before rebuild {}: another rebuild runs (the next rebuild of "
                                 + "each projection empties its standby collection)", rebuildId);
                return;
            }
            try {
                registry.refresh();
                previous.forEach((name, collection) -> {
                    if (registry.standbyCollectionName(name).equals(collection)) {
                        registry.drop(collection);
                        log.info("Dropped {}, the collection {} used before rebuild {}", collection, name, rebuildId);
                    }
                });
            } finally {
                lease.end(dropId, false);
            }
        };
        try {
            dropTimer.schedule(() -> submitQuietly(drop), dropDelay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the next rebuild empties the collection
        }
    }

    private void submitQuietly(Runnable task) {
        try {
            executor.submit(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Could not drop an old projection collection (the next rebuild empties it): {}",
                             e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
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

    @Override
    public void destroy() {
        dropTimer.shutdownNow();
        executor.shutdownNow();
        replayers.shutdownNow();
        leaseTimer.shutdownNow();
    }

    private record Target(Projection projection, String collectionName, Projection.Replay replay) {
    }

    private static final class Progress {
        TrackingToken token;
        long applied;
        Long position;
        /** The last event folded: where the rebuild ends. */
        StoreWatermark end;
    }
}
