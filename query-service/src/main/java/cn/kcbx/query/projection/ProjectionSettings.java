package cn.kcbx.query.projection;

import java.time.Duration;

/**
 * What the projection machinery is told by the service's settings ({@code kcbx.query.*}), handed over by the
 * configuration so that this package depends on no configuration class.
 *
 * @param eventFetchDelay        how long the event stream waits before polling the store again once caught up
 * @param onStoreBehind          what to do once the read side finds it has read events the store no longer holds
 * @param storeCheckInterval     how often the read side is compared with the store
 * @param oldCollectionDropDelay how long a projection's previous collection is kept after a rebuild switched away
 * @param instanceName           this instance's name as the owner of segment claims; unique per running instance
 * @param segments               segments of the live processor
 * @param claimTimeout           how long a segment claim lasts without being extended: after it, a stopped or killed
 *                               instance's segments are taken over by another
 * @param rebuildLeaseTimeout    how long a rebuild's lease in {@code projection_state} lasts without being renewed:
 *                               after it, a crashed rebuilder no longer holds up the live processing of every
 *                               instance, and another rebuild may start
 */
public record ProjectionSettings(Duration eventFetchDelay, OnStoreBehind onStoreBehind, Duration storeCheckInterval,
                                 Duration oldCollectionDropDelay, String instanceName, int segments,
                                 Duration claimTimeout, Duration rebuildLeaseTimeout) {

    /** The collection of the processors' positions. */
    public static final String TOKENS_COLLECTION = "tracking_tokens";

    /** What the query service does once it finds that it has read events the store no longer holds. */
    public enum OnStoreBehind {
        /** Rebuild every projection from the store at once and resume from where the rebuild ended (default). */
        REBUILD,
        /** Stop live processing, report, and wait for an administrator's rebuild. */
        WAIT
    }
}
