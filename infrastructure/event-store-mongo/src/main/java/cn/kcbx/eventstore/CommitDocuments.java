package cn.kcbx.eventstore;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * The document shapes of the {@code events} collection. One commit document holds all events of one command, so a
 * command is stored all or nothing by a single-document insert:
 * <pre>
 * { _id: first global position, lastPosition, aggregateId, aggregateType, firstSequence, lastSequence,
 *   streamKey: "aggregateId/firstSequence" (unique: optimistic concurrency per case),
 *   requestId (unique when present: idempotent client retries), committedAt,
 *   events: [ { eventId, sequence, timestamp, payloadType, payloadRevision, payload, metaData, prevHash, hash } ] }
 * </pre>
 * {@code prevHash} and {@code hash} chain the events of a case ({@link EventChain}); events without an aggregate have
 * neither. A position that a reader gave up on holds a tombstone: {@code { _id, lastPosition: _id, tombstone: true }}.
 */
final class CommitDocuments {

    static final String ID = "_id";
    static final String LAST_POSITION = "lastPosition";
    static final String AGGREGATE_ID = "aggregateId";
    static final String AGGREGATE_TYPE = "aggregateType";
    static final String FIRST_SEQUENCE = "firstSequence";
    static final String LAST_SEQUENCE = "lastSequence";
    static final String STREAM_KEY = "streamKey";
    static final String REQUEST_ID = "requestId";
    static final String COMMITTED_AT = "committedAt";
    static final String EVENTS = "events";
    static final String TOMBSTONE = "tombstone";

    private static final String EVENT_ID = "eventId";
    private static final String SEQUENCE = "sequence";
    private static final String TIMESTAMP = "timestamp";
    private static final String PAYLOAD_TYPE = "payloadType";
    private static final String PAYLOAD_REVISION = "payloadRevision";
    private static final String PAYLOAD = "payload";
    private static final String META_DATA = "metaData";
    private static final String PREV_HASH = "prevHash";
    private static final String HASH = "hash";

    private CommitDocuments() {
    }

    static String streamKey(String aggregateId, long sequence) {
        return aggregateId + "/" + sequence;
    }

    /** The commits starting at positions {@code from..from+count-1} (the {@code _id} index). */
    static Bson atPositions(long from, int count) {
        return in(ID, LongStream.range(from, from + count).boxed().toList());
    }

    /** The aggregate's commits starting at sequence numbers {@code from..to-1} (the unique streamKey index). */
    static Bson caseCommitsStartingIn(String aggregateId, long from, long to) {
        return in(STREAM_KEY, LongStream.range(from, to).mapToObj(s -> streamKey(aggregateId, s)).toList());
    }

    /** The commit of a client request (the unique, sparse requestId index). */
    static Bson ofRequest(String requestId) {
        return eq(REQUEST_ID, requestId);
    }

    /** The time a writer stamps on a commit or tombstone, by its own clock; ordering never depends on it. */
    static String stamp(Clock clock) {
        return DateTimeUtils.formatInstant(clock.instant());
    }

    /**
     * The commit for {@code events}, all of one aggregate (or all without one), at positions first..first+n-1. The
     * events of an aggregate chain on from {@code previousHash}, the hash of the case's event before them.
     */
    static Document commit(List<? extends EventMessage<?>> events, Serializer serializer, long firstPosition,
                           String requestId, String committedAt, String previousHash) {
        EventMessage<?> first = events.get(0);
        List<Document> eventDocuments = new ArrayList<>(events.size());
        String chainHash = previousHash;
        for (EventMessage<?> event : events) {
            Document eventDocument = eventDocument(event, serializer);
            if (event instanceof DomainEventMessage<?> domainEvent) {
                String hash = chainedEvent(domainEvent.getAggregateIdentifier(), eventDocument).hashAfter(chainHash);
                eventDocument.append(PREV_HASH, chainHash).append(HASH, hash);
                chainHash = hash;
            }
            eventDocuments.add(eventDocument);
        }
        Document commit = new Document(ID, firstPosition)
                .append(LAST_POSITION, firstPosition + events.size() - 1);
        if (first instanceof DomainEventMessage<?> domainEvent) {
            long firstSequence = domainEvent.getSequenceNumber();
            commit.append(AGGREGATE_ID, domainEvent.getAggregateIdentifier())
                  .append(AGGREGATE_TYPE, domainEvent.getType())
                  .append(FIRST_SEQUENCE, firstSequence)
                  .append(LAST_SEQUENCE, firstSequence + events.size() - 1)
                  .append(STREAM_KEY, streamKey(domainEvent.getAggregateIdentifier(), firstSequence));
        }
        if (requestId != null) {
            commit.append(REQUEST_ID, requestId);
        }
        return commit.append(COMMITTED_AT, committedAt).append(EVENTS, eventDocuments);
    }

    /** Moves a commit to another position (a writer retrying after losing a position race). */
    static void moveTo(Document commit, long firstPosition) {
        int count = commit.getList(EVENTS, Document.class).size();
        commit.put(ID, firstPosition);
        commit.put(LAST_POSITION, firstPosition + count - 1);
    }

    /** Stamps the commit with the time it is written (the hash chain does not cover it). */
    static void restamp(Document commit, String committedAt) {
        commit.put(COMMITTED_AT, committedAt);
    }

    /** How many events the commit holds. */
    static int eventCount(Document commit) {
        return commit.getList(EVENTS, Document.class).size();
    }

    /** The fields of a commit's events that the hash chain covers; empty for a tombstone. */
    static List<ChainedEvent> chainedEvents(Document commit) {
        if (isTombstone(commit)) {
            return List.of();
        }
        String aggregateId = commit.getString(AGGREGATE_ID);
        return commit.getList(EVENTS, Document.class).stream().map(event -> chainedEvent(aggregateId, event)).toList();
    }

    private static ChainedEvent chainedEvent(String aggregateId, Document event) {
        Number sequence = event.get(SEQUENCE, Number.class);
        return new ChainedEvent(aggregateId, sequence == null ? 0 : sequence.longValue(), event.getString(EVENT_ID),
                                event.getString(TIMESTAMP), event.getString(PAYLOAD_TYPE),
                                event.getString(PAYLOAD_REVISION), event.getString(PAYLOAD),
                                event.getString(META_DATA), event.getString(PREV_HASH), event.getString(HASH));
    }

    /** The hash of the commit's last event; null when the commit has no aggregate (or the hash was removed). */
    static String lastHash(Document commit) {
        List<Document> events = commit.getList(EVENTS, Document.class);
        return events.get(events.size() - 1).getString(HASH);
    }

    /** The identifier of the commit's event at {@code index} (0 = its first). */
    static String eventId(Document commit, int index) {
        return commit.getList(EVENTS, Document.class).get(index).getString(EVENT_ID);
    }

    static Document tombstone(long position, String committedAt) {
        return new Document(ID, position).append(LAST_POSITION, position).append(TOMBSTONE, true)
                                         .append(COMMITTED_AT, committedAt);
    }

    static Document eventDocument(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = serializer.serialize(event.getPayload(), String.class);
        SerializedObject<String> metaData = serializer.serialize(event.getMetaData(), String.class);
        Document document = new Document(EVENT_ID, event.getIdentifier());
        if (event instanceof DomainEventMessage<?> domainEvent) {
            document.append(SEQUENCE, domainEvent.getSequenceNumber());
        }
        return document.append(TIMESTAMP, DateTimeUtils.formatInstant(event.getTimestamp()))
                       .append(PAYLOAD_TYPE, payload.getType().getName())
                       .append(PAYLOAD_REVISION, payload.getType().getRevision())
                       .append(PAYLOAD, payload.getData())
                       .append(META_DATA, metaData.getData());
    }

    /** The events of a commit as Axon event data; events without an aggregate follow Axon's convention (id, 0). */
    static List<DomainEventData<String>> events(Document commit) {
        String aggregateId = commit.getString(AGGREGATE_ID);
        String aggregateType = commit.getString(AGGREGATE_TYPE);
        List<Document> events = commit.getList(EVENTS, Document.class);
        List<DomainEventData<String>> result = new ArrayList<>(events.size());
        for (Document event : events) {
            String eventId = event.getString(EVENT_ID);
            Number sequence = event.get(SEQUENCE, Number.class);
            result.add(new GenericDomainEventEntry<>(aggregateType,
                                                     aggregateId == null ? eventId : aggregateId,
                                                     sequence == null ? 0L : sequence.longValue(),
                                                     eventId,
                                                     event.getString(TIMESTAMP),
                                                     event.getString(PAYLOAD_TYPE),
                                                     event.getString(PAYLOAD_REVISION),
                                                     event.getString(PAYLOAD),
                                                     event.getString(META_DATA)));
        }
        return result;
    }

    static Document snapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        return eventDocument(snapshot, serializer).append(ID, snapshot.getAggregateIdentifier())
                                                  .append(AGGREGATE_TYPE, snapshot.getType());
    }

    static DomainEventData<String> snapshotData(Document snapshot) {
        return new GenericDomainEventEntry<>(snapshot.getString(AGGREGATE_TYPE),
                                             snapshot.getString(ID),
                                             snapshot.get(SEQUENCE, Number.class).longValue(),
                                             snapshot.getString(EVENT_ID),
                                             snapshot.getString(TIMESTAMP),
                                             snapshot.getString(PAYLOAD_TYPE),
                                             snapshot.getString(PAYLOAD_REVISION),
                                             snapshot.getString(PAYLOAD),
                                             snapshot.getString(META_DATA));
    }

    static String snapshotSequenceField() {
        return SEQUENCE;
    }

    static long firstSequence(Document commit) {
        return commit.get(FIRST_SEQUENCE, Number.class).longValue();
    }

    static long lastSequence(Document commit) {
        return commit.get(LAST_SEQUENCE, Number.class).longValue();
    }

    static String firstMetaData(Document commit) {
        return commit.getList(EVENTS, Document.class).get(0).getString(META_DATA);
    }

    static List<String> payloadTypes(Document commit) {
        return commit.getList(EVENTS, Document.class).stream().map(e -> e.getString(PAYLOAD_TYPE)).toList();
    }

    static long id(Document document) {
        return document.get(ID, Number.class).longValue();
    }

    static long lastPosition(Document document) {
        return document.get(LAST_POSITION, Number.class).longValue();
    }

    static boolean isTombstone(Document document) {
        return Boolean.TRUE.equals(document.getBoolean(TOMBSTONE));
    }
}
