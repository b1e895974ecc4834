package cn.kcbx.query.projection;

import cn.kcbx.query.projection.ProjectionSettings.OnStoreBehind;

import java.time.Instant;

/**
 * Whether the read side is in step with the event store, as the projection admin endpoint shows it.
 *
 * @param state             IN_STEP, or AHEAD_OF_STORE once the read side was found to hold events the store no
 *                          longer has (sticky until a rebuild of every projection has succeeded)
 * @param code              why it is ahead: {@code STORE_HEAD_BEHIND}, {@code EVENT_REPLACED} or
 *                          {@code TOKEN_BEYOND_HEAD}; null while in step
 * @param message           the same in Chinese, with what happens next
 * @param readPosition      the furthest position the read side has read (its watermark); null before the first event
 * @param storeHeadPosition the store's last position, as of the last check
 * @param since             when the current state began (detection, or start-up / the last healing rebuild)
 * @param checkedAt         the last comparison with the store
 * @param onStoreBehind     what the service does when it is ahead: REBUILD or WAIT (for an administrator's rebuild)
 * @param lastIncident      the last time the read side was ahead and was healed since this process started, or null
 */
public record ReadSideStatus(State state, String code, String message, Long readPosition, Long storeHeadPosition,
                             Instant since, Instant checkedAt, OnStoreBehind onStoreBehind, Incident lastIncident) {

    public enum State { IN_STEP, AHEAD_OF_STORE }

    /** A past AHEAD_OF_STORE: what was found, when, and when a rebuild of every projection healed it. */
    public record Incident(String code, String message, Long readPosition, Long storeHeadPosition, Instant detectedAt,
                           Instant resolvedAt) {
    }
}
