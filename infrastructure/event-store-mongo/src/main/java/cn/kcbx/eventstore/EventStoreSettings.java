package cn.kcbx.eventstore;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the MongoDB event store.
 *
 * @param holeTimeout   how long a reader waits at a missing position, while later ones exist, before it gives the
 *                      position up (writes a tombstone there). The write protocol leaves no such holes; this is the
 *                      safety net for commits deleted by hand or written by a foreign writer.
 * @param readWindow    how many positions (or per-case sequence numbers) one indexed {@code $in} read covers
 * @param readBatchSize how many events one streaming read returns at most
 * @param collectionPrefix prefix of the collections ({@code events}, {@code snapshots})
 */
public record EventStoreSettings(Duration holeTimeout, int readWindow, int readBatchSize, String collectionPrefix) {

    /** At most this many events per command: a reader looking for a position looks back at most this far. */
    public static final int MAX_EVENTS_PER_COMMIT = 32;

    public static final EventStoreSettings DEFAULT = new EventStoreSettings(Duration.ofSeconds(10), 64, 256, "");

    public EventStoreSettings {
        Objects.requireNonNull(holeTimeout, "holeTimeout");
        if (holeTimeout.isNegative()) {
            throw new IllegalArgumentException("holeTimeout must not be negative");
        }
        if (readWindow < 8 || readWindow > 1000) {
            throw new IllegalArgumentException("readWindow must be between 8 and 1000");
        }
        if (readBatchSize < 1) {
            throw new IllegalArgumentException("readBatchSize must be positive");
        }
        collectionPrefix = collectionPrefix == null ? "" : collectionPrefix;
    }

    public EventStoreSettings withHoleTimeout(Duration timeout) {
        return new EventStoreSettings(timeout, readWindow, readBatchSize, collectionPrefix);
    }

    String eventsCollection() {
        return collectionPrefix + "events";
    }

    String snapshotsCollection() {
        return collectionPrefix + "snapshots";
    }
}
