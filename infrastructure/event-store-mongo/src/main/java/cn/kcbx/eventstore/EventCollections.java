package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

/**
 * The store's collections and their indexes. Every read is an equality or {@code $in} lookup on a unique index
 * ({@code _id}, {@code streamKey}, {@code requestId}; see {@link CommitDocuments}), which the embedded server (unique
 * indexes only) and real MongoDB both serve without a scan. Both secondary indexes are sparse: commits without an
 * aggregate have no streamKey, most commits no requestId.
 */
final class EventCollections {

    static final String STREAM_KEY_INDEX = "streamKey_unique";
    static final String REQUEST_ID_INDEX = "requestId_unique";

    final MongoCollection<Document> events;
    final MongoCollection<Document> snapshots;

    EventCollections(MongoDatabase database, EventStoreSettings settings) {
        this.events = database.getCollection(settings.eventsCollection());
        this.snapshots = database.getCollection(settings.snapshotsCollection());
        events.createIndex(Indexes.ascending(CommitDocuments.STREAM_KEY),
                           new IndexOptions().unique(true).sparse(true).name(STREAM_KEY_INDEX));
        events.createIndex(Indexes.ascending(CommitDocuments.REQUEST_ID),
                           new IndexOptions().unique(true).sparse(true).name(REQUEST_ID_INDEX));
    }
}
