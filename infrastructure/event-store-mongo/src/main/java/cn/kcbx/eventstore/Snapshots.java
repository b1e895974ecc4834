package cn.kcbx.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.stream.Stream;

import static cn.kcbx.eventstore.CommitDocuments.ID;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;

/** One snapshot per aggregate, {@code _id} = aggregate id; the newest wins. */
final class Snapshots {

    private final MongoCollection<Document> snapshots;

    Snapshots(MongoCollection<Document> snapshots) {
        this.snapshots = snapshots;
    }

    void store(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = CommitDocuments.snapshot(snapshot, serializer);
        try {
            // Replace only an older snapshot; a newer one stays (the upsert then collides on _id).
            snapshots.replaceOne(and(eq(ID, snapshot.getAggregateIdentifier()),
                                     lt(CommitDocuments.snapshotSequenceField(), snapshot.getSequenceNumber())),
                                 document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    Stream<? extends DomainEventData<?>> read(String aggregateId) {
        Document snapshot = snapshots.find(eq(ID, aggregateId)).first();
        return snapshot == null ? Stream.empty() : Stream.of(CommitDocuments.snapshotData(snapshot));
    }
}
