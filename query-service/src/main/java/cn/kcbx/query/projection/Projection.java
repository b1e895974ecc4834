package cn.kcbx.query.projection;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.List;

/**
 * One read model, kept in a collection of its own and rebuildable from the event store.
 *
 * <p>Contract: {@link #apply} is <b>idempotent</b>, because delivery is at least once and there are no transactions
 * (a batch whose token was not stored is delivered again, and a rebuild hands the live processor over with an
 * overlap). Applying an event that is already applied must change nothing. The events of one case arrive in sequence
 * order, without gaps, in the live stream and in a rebuild alike; what a projection writes must depend only on the
 * events, never on the time it runs, so that a rebuild produces the very documents the live run produced.
 */
public interface Projection {

    /** The projection's name, also the name of its collection. */
    String name();

    /** Prepares a (possibly new, empty) collection for this projection: indexes. */
    void prepare(MongoCollection<Document> collection);

    /** Applies one event to {@code collection}. Idempotent. */
    void apply(ProjectionEvent event, MongoCollection<Document> collection);

    /**
     * Applies a batch of events, in the order given, with the same result as applying them one by one. Projections
     * override it to read and write a whole batch in a few round trips.
     */
    default void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        events.forEach(event -> apply(event, collection));
    }

    /**
     * A rebuild's fold into {@code collection}: new and empty, and written by nothing but this replay, which is handed
     * every stored event once, in store order. What the replay has written after {@link Replay#flush} must be exactly
     * what {@link #applyAll} gives for the same events. Projections override it to keep what they would otherwise read
     * back from the collection in memory and to write each document once (insert, not upsert); the default applies
     * every batch as live processing does.
     */
    default Replay replay(MongoCollection<Document> collection) {
        return new Replay() {
            @Override
            public void apply(List<ProjectionEvent> events) {
                applyAll(events, collection);
            }

            @Override
            public void flush() {
                // everything is written as it is applied
            }
        };
    }

    /** One rebuild's fold of a projection; used by one thread. */
    interface Replay {

        /** Folds the next events of the store, in order; may hold writes back until {@link #flush}. */
        void apply(List<ProjectionEvent> events);

        /** Writes everything held back; the replay may go on afterwards. */
        void flush();
    }
}
