package cn.kcbx.query.projection;

import cn.kcbx.query.projection.ProjectionSettings.OnStoreBehind;
import cn.kcbx.query.projection.RebuildStatus.Cause;
import cn.kcbx.query.projection.RebuildStatus.State;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Compares the read side with the store every {@code kcbx.query.projections.store-check-interval}, and answers a
 * read side found ahead of it, at once: with {@code on-store-behind=rebuild} by rebuilding every projection (again
 * after a failed attempt, at most every {@link #RETRY_AFTER_FAILURE}), with {@code wait} by stopping the live
 * processor until an administrator rebuilds. With several instances on the database, each may find the read side
 * ahead; only one rebuild runs ({@link RebuildLease}), and an instance whose alarm another instance's rebuild has
 * cleared meanwhile starts none.
 */
@Component
class ReadSideMonitor extends BackgroundRounds {

    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ReadSideMonitor.class);

    private final ReadSideGuard guard;
    private final ProjectionRebuilder rebuilder;
    private final ProjectionRegistry registry;
    private final LiveProcessor live;
    private final RebuildLease lease;
    private final OnStoreBehind onStoreBehind;
    private final Clock clock = Clock.systemUTC();

    ReadSideMonitor(ReadSideGuard guard, ProjectionRebuilder rebuilder, ProjectionRegistry registry, LiveProcessor live,
                    RebuildLease lease, ProjectionSettings settings) {
        // The first round at once: a state found on the last run, or tokens beyond the head, are answered on start.
        super("read-side-monitor", Duration.ZERO, settings.storeCheckInterval());
        this.lease = lease;
        this.guard = guard;
        this.rebuilder = rebuilder;
        this.registry = registry;
        this.live = live;
        this.onStoreBehind = settings.onStoreBehind();
        guard.onAhead(this::respondSoon);
    }

    /** Found ahead by a check on another thread (the live stream's): answer on this one, at once. */
    private void respondSoon() {
        runSoon(this::respondSafely);
    }

    @Override
    void round() {
        try {
            guard.check();
        } catch (RuntimeException e) {
            log.warn("Could not compare the read side with the event store: {}", e.toString());
        }
        respondSafely();
    }

    private void respondSafely() {
        try {
            respond();
        } catch (RuntimeException e) {
            log.warn("Could not answer a read side ahead of the event store: {}", e.toString());
        }
    }

    private void respond() {
        if (!guard.isAhead()) {
            return;
        }
        if (onStoreBehind == OnStoreBehind.WAIT) {
            if (live.isRunning() && !rebuilder.isRunning()) {
                live.stop();
                log.warn("Live projection processing stopped: the read side is ahead of the event store; waiting for "
                                 + "an administrator's rebuild of every projection");
            }
            return;
        }
        if (rebuilder.isRunning() || recentlyFailed() || lease.anyRunning()) {
            return; // a rebuild runs here or on another instance
        }
        // Another instance's rebuild may have healed the read side since this one found it ahead: no second rebuild.
        guard.resync();
        if (!guard.isAhead()) {
            return;
        }
        try {
            rebuilder.start(registry.names(), Cause.STORE_BEHIND);
        } catch (RebuildInProgressException e) {
            // an administrator's rebuild started first; the next round looks again once it is over
        }
    }

    private boolean recentlyFailed() {
        return rebuilder.lastRebuild(registry.names().get(0))
                        .filter(last -> last.state() == State.FAILED && last.cause() == Cause.STORE_BEHIND)
                        .filter(last -> last.finishedAt() != null
                                && last.finishedAt().plus(RETRY_AFTER_FAILURE).isAfter(clock.instant()))
                        .isPresent();
    }
}
