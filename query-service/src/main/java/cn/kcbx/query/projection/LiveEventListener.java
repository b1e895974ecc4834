package cn.kcbx.query.projection;

/**
 * Told of every event the live processor has applied to all projections (not of events replayed by a rebuild), for
 * pushing changes to clients.
 */
public interface LiveEventListener {

    void applied(ProjectionEvent event);
}
