package cn.kcbx.query.projection;

import java.time.Instant;
import java.util.List;

/**
 * Where a rebuild stands.
 *
 * @param cause         ADMIN (asked for on the admin endpoint) or STORE_BEHIND (started because the read side was
 *                      found ahead of the event store)
 * @param eventsApplied events replayed into the new collections so far
 * @param position      the global position the rebuild has reached
 * @param message       why it failed (FAILED only)
 */
public record RebuildStatus(String rebuildId, List<String> projections, Cause cause, State state, Phase phase,
                            Instant startedAt, Instant finishedAt, long eventsApplied, Long position, String message) {

    public enum State { RUNNING, COMPLETED, FAILED }

    /** REPLAYING while the live processor keeps running, CATCHING_UP while it is paused, SWITCHED when done. */
    public enum Phase { REPLAYING, CATCHING_UP, SWITCHED }

    public enum Cause { ADMIN, STORE_BEHIND }

    RebuildStatus progress(Phase newPhase, long applied, Long reached) {
        return new RebuildStatus(rebuildId, projections, cause, state, newPhase, startedAt, finishedAt, applied, reached,
                                 message);
    }

    RebuildStatus finished(State newState, Instant at, String why) {
        return new RebuildStatus(rebuildId, projections, cause, newState, phase, startedAt, at, eventsApplied, position,
                                 why);
    }
}
