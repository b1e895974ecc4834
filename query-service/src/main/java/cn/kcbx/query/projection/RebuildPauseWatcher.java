package cn.kcbx.query.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Answers a rebuild that another instance runs (its {@link RebuildLease}): while the lease asks for a pause, this
 * instance's live processor is stopped, which releases its segments, so that the rebuilder can claim every segment,
 * catch up, put the tokens back and switch the pointers with no other instance writing. When the lease ends (or
 * expires: the rebuilder crashed), this instance re-reads the pointers and the read side's state from the database
 * and starts its processor again. It also re-reads them after a rebuild of another instance whose pause it did not
 * see (it may have been shorter than a look here; the rebuilder still waited for this instance's segments).
 */
@Component
class RebuildPauseWatcher extends BackgroundRounds {

    static final Duration INTERVAL = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(RebuildPauseWatcher.class);

    private final RebuildLease lease;
    private final LiveProcessor live;
    private final ProjectionRegistry registry;
    private final ReadSideGuard guard;
    private final ProjectionRebuilder rebuilder;

    // The watcher thread's only.
    private String pausedFor;
    private boolean stoppedHere;
    private String lastRebuildSeen;

    RebuildPauseWatcher(RebuildLease lease, LiveProcessor live, ProjectionRegistry registry, ReadSideGuard guard,
                        ProjectionRebuilder rebuilder) {
        super("rebuild-pause-watcher", INTERVAL, INTERVAL);
        this.lease = lease;
        this.live = live;
        this.registry = registry;
        this.guard = guard;
        this.rebuilder = rebuilder;
    }

    @Override
    void round() {
        try {
            watch();
        } catch (RuntimeException e) {
            log.warn("Could not look at the rebuild lease: {}", e.toString());
        }
    }

    private void watch() {
        Optional<RebuildLease.View> current = lease.read().filter(view -> !view.owner().equals(lease.instance()));
        Instant now = lease.now();
        if (current.isPresent() && current.get().live(now) && current.get().pause()) {
            if (pausedFor == null) {
                pausedFor = current.get().rebuildId();
                if (live.isRunning()) {
                    log.info("Pausing live projection processing for rebuild {} on instance {}", pausedFor,
                             current.get().owner());
                    live.stop();
                    stoppedHere = true;
                }
            }
            return;
        }
        if (pausedFor != null) {
            log.info("Rebuild {} of another instance is over; resuming live projection processing", pausedFor);
            lastRebuildSeen = pausedFor;
            pausedFor = null;
            followOtherRebuild(stoppedHere);
            stoppedHere = false;
            return;
        }
        if (current.isPresent() && !current.get().running() && !current.get().rebuildId().equals(lastRebuildSeen)) {
            lastRebuildSeen = current.get().rebuildId();
            followOtherRebuild(false);
        }
    }

    /** Another instance's rebuild ended: its pointers and the read side's state are in the database. */
    private void followOtherRebuild(boolean restart) {
        registry.refresh();
        guard.resync();
        // Restarts what this watcher stopped, and a processor the wait mode stopped if the rebuild healed the read side.
        if ((restart || !live.isRunning()) && !guard.isAhead() && !rebuilder.isRunning() && !live.isRunning()) {
            live.start();
        }
    }

    @Override
    void beforeFirstRound() {
        lastRebuildSeen = lease.read().map(RebuildLease.View::rebuildId).orElse(null);
    }
}
