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
 */
public record ProjectionSettings(Duration eventFetchDelay, OnStoreBehind onStoreBehind, Duration storeCheckInterval,
                                 Duration oldCollectionDropDelay) {

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
