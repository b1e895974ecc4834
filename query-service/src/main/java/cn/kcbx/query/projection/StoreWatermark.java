package cn.kcbx.query.projection;

import java.util.Objects;

/**
 * The furthest event the read side has read from the store: its global position and its identifier. Positions are
 * reused after the store loses its tail, identifiers never are, so the pair tells whether the store still holds what
 * the read side has seen.
 */
record StoreWatermark(long position, String eventId) {

    StoreWatermark {
        Objects.requireNonNull(eventId, "eventId");
        if (position < 1) {
            throw new IllegalArgumentException("position must be positive, is " + position);
        }
    }
}
