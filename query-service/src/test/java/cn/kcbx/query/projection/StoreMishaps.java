package cn.kcbx.query.projection;

import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to a store underneath a running query service, done to its {@code events} collection directly: the
 * last commits lost (a crash of the embedded store, a restore from an older backup), or lost and replaced by other
 * events at the same positions (a MongoDB rollback followed by new writes). Writers after the loss are new engine
 * instances, as a restarted case service would be (an engine remembers the end of the log it wrote).
 */
final class StoreMishaps {

    private static final AtomicInteger CASE_NUMBERS = new AtomicInteger(100);

    private final MongoDatabase database;
    private final Serializer eventSerializer;

    StoreMishaps(MongoDatabase database, Serializer eventSerializer) {
        this.database = database;
        this.eventSerializer = eventSerializer;
    }

    MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    /** A writer that looks up the end of the log afresh, as a case service does when it starts. */
    GapFreeMongoEventStorageEngine freshWriter(MongoDatabase on) {
        return GapFreeMongoEventStorageEngine.builder().database(on).eventSerializer(eventSerializer)
                                             .snapshotSerializer(eventSerializer).build();
    }

    GapFreeMongoEventStorageEngine freshWriter() {
        return freshWriter(database);
    }

    static String newCase() {
        return String.format("00000000-0000-4000-8000-%012d", CASE_NUMBERS.incrementAndGet());
    }

    /** Stores step {@code step} of the case's walk as one commit, as the case service would. */
    static void appendStep(EventStorageEngine writer, String caseId, int step, String actor) {
        int number = Integer.parseInt(caseId.substring(caseId.lastIndexOf('-') + 1));
        CaseEvent event = CaseEvents.walk(caseId, CaseEvents.idNumberOf(number)).get(step);
        Map<String, Object> metaData = CaseEvents.metaData(actor, "VILLAGE", "430181105203",
                                                           UUID.randomUUID().toString());
        writer.appendEvents(List.of(CaseEvents.message(event, step, metaData)));
    }

    /** Steps {@code from} (inclusive) to {@code to} (exclusive) of each case, interleaved, one commit each. */
    static void appendSteps(EventStorageEngine writer, List<String> cases, int from, int to, String actor) {
        for (int step = from; step < to; step++) {
            for (String caseId : cases) {
                appendStep(writer, caseId, step, actor);
            }
        }
    }

    /** Loses every commit after {@code position}, as a store that crashed before writing them out would. */
    void loseEverythingAfter(long position) {
        events().deleteMany(gt("_id", position));
    }

    /**
     * Replaces everything after {@code position} with {@code newCases}' first {@code steps} steps, in place: each
     * position goes from the old commit straight to the new one, never through empty, as a reader sees a MongoDB
     * rollback once the new writes are there. The new commits are real ones, written by a fresh engine onto a copy of
     * the surviving log.
     */
    void replaceEverythingAfter(long position, List<String> newCases, int steps) {
        TestMongo mongo = TestMongo.get();
        MongoDatabase scratch = mongo.client().getDatabase(mongo.newDatabaseName("rollback"));
        try {
            MongoCollection<Document> copy = scratch.getCollection("events");
            List<Document> surviving = events().find(lte("_id", position)).into(new ArrayList<>());
            copy.insertMany(surviving);
            appendSteps(freshWriter(scratch), newCases, 0, steps, "clerk-after-rollback");
            for (Document commit : copy.find(gt("_id", position)).sort(Sorts.ascending("_id"))) {
                events().replaceOne(new Document("_id", commit.get("_id")), commit,
                                    new ReplaceOptions().upsert(true));
            }
        } finally {
            scratch.drop();
        }
    }

    /** Folds every stored event into a new collection {@code name}: what the projection must equal. */
    MongoCollection<Document> foldAllEventsInto(EventStorageEngine engine, Projection projection, String name) {
        MongoCollection<Document> scratch = database.getCollection(name);
        projection.prepare(scratch);
        TrackingToken token = null;
        while (true) {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> stored = engine.readEvents(token, false)) {
                batch = stored.toList();
            }
            if (batch.isEmpty()) {
                return scratch;
            }
            List<ProjectionEvent> events = new ArrayList<>();
            for (TrackedEventMessage<?> message : batch) {
                events.add(ProjectionEvent.of((DomainEventMessage<?>) message,
                                              message.trackingToken().position().orElseThrow()));
                token = message.trackingToken();
            }
            projection.applyAll(events, scratch);
        }
    }

    /** Every projection's active collection holds exactly what a fold of every stored event gives. */
    void assertEveryProjectionEqualsAFoldOfTheStore(EventStorageEngine engine, ProjectionRegistry registry) {
        for (String name : registry.names()) {
            MongoCollection<Document> folded = foldAllEventsInto(engine, registry.projection(name), "scratch_" + name);
            try {
                assertThat(sorted(registry.activeCollection(name))).as(name).isEqualTo(sorted(folded));
            } finally {
                folded.drop();
            }
        }
    }

    static List<Document> sorted(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        documents.sort(Comparator.comparing(document -> document.get("_id").toString()));
        return documents;
    }

    long head() {
        Document last = events().find().sort(Sorts.descending("_id")).first();
        return last == null ? 0 : last.get("lastPosition", Number.class).longValue();
    }
}
