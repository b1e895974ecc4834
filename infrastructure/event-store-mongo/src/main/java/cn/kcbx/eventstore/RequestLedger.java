package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.Map;
import java.util.Optional;

import static cn.kcbx.eventstore.CommitDocuments.AGGREGATE_ID;

/**
 * Which client requests are stored. A commit carries the request id of its first event's metadata under a unique,
 * sparse index, in the same insert as the events: a resent request is refused by that insert
 * ({@link DuplicateRequestException}), and its first outcome can be looked up ({@link StoredRequest}).
 */
final class RequestLedger {

    private final MongoCollection<Document> events;
    private final Serializer eventSerializer;

    RequestLedger(MongoCollection<Document> events, Serializer eventSerializer) {
        this.events = events;
        this.eventSerializer = eventSerializer;
    }

    /** The request id a commit of {@code first} (its first event) is stored under; null when it has none. */
    static String requestIdOf(EventMessage<?> first) {
        Object requestId = first.getMetaData().get(GapFreeMongoEventStorageEngine.REQUEST_ID_KEY);
        return requestId == null ? null : requestId.toString();
    }

    boolean isStored(String requestId) {
        return requestId != null && events.find(CommitDocuments.ofRequest(requestId)).first() != null;
    }

    Optional<StoredRequest> find(String requestId) {
        Document commit = events.find(CommitDocuments.ofRequest(requestId)).first();
        if (commit == null) {
            return Optional.empty();
        }
        MetaData metaData = eventSerializer.deserialize(new SerializedMetaData<>(
                CommitDocuments.firstMetaData(commit), String.class));
        return Optional.of(new StoredRequest(requestId, commit.getString(AGGREGATE_ID),
                                             CommitDocuments.payloadTypes(commit), Map.copyOf(metaData)));
    }
}
