package cn.kcbx.query.projection;

/**
 * Told of every event the live processor has applied to all projections (not of events replayed by a rebuild), for
 * pushing changes to clients.
 */
public interface LiveEventListener {

    /** This instance's processor has applied {@code event}. */
    void applied(ProjectionEvent event);

    /**
     * Another instance on the database has applied {@code event} (its segment is not this instance's), seen through
     * {@link OtherInstancesFeed}: for pushing changes to this instance's clients too. Ignored by default.
     */
    default void appliedElsewhere(ProjectionEvent event) {
    }
}
