package cn.kcbx.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.List;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

/**
 * Writes of a case's document that never take it back to an older state. Two instances may apply the same case's
 * events for a moment: one that lost its claim (a long pause, a network cut) still writes the batch it was holding
 * while the instance that took the segment over has gone further. Each such document records the sequence of the last
 * event folded into it; a replace applies only where the stored sequence is lower (or no document exists). The
 * losing write finds no match, its upsert's insert collides with the existing {@code _id}, and that duplicate key
 * is the expected answer: the newer document stays.
 */
public final class ForwardOnlyWrites {

    private ForwardOnlyWrites() {
    }

    /** Replaces (or inserts) the document {@code id} unless it already holds {@code sequence} or later. */
    public static ReplaceOneModel<Document> replaceIfNewer(Object id, String sequenceField, long sequence,
                                                           Document document) {
        return new ReplaceOneModel<>(and(eq("_id", id), lt(sequenceField, sequence)), document,
                                     new ReplaceOptions().upsert(true));
    }

    /** Runs the writes unordered; a write refused as a duplicate key met a newer document and is dropped. */
    public static void write(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyStale = e.getWriteConcernError() == null && e.getWriteErrors().stream().allMatch(
                    error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyStale) {
                throw e;
            }
        }
    }
}
