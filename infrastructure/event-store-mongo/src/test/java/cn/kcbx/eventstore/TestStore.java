package cn.kcbx.eventstore;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** A store on a fresh database of the selected test backend, and small helpers to write and read it. */
final class TestStore {

    static final String TYPE = "TestCase";

    /** The payload of every test event. */
    record Happened(String caseId, long sequence, String note) {
    }

    final MongoDatabase database;
    final Serializer serializer = JacksonSerializer.defaultSerializer();
    final GapFreeMongoEventStorageEngine engine;

    TestStore(Duration holeTimeout, CommitListener listener) {
        this(holeTimeout, listener, Clock.systemUTC(), System::nanoTime);
    }

    /** With the writers' clock and the readers' monotonic clock (hole timeouts) under the test's control. */
    TestStore(Duration holeTimeout, CommitListener listener, Clock clock, LongSupplier nanoClock) {
        TestMongo mongo = TestMongo.get();
        this.database = mongo.client().getDatabase(mongo.newDatabaseName("es"));
        this.engine = GapFreeMongoEventStorageEngine.builder()
                                                    .database(database)
                                                    .settings(EventStoreSettings.DEFAULT.withHoleTimeout(holeTimeout))
                                                    .commitListener(listener)
                                                    .clock(clock)
                                                    .nanoClock(nanoClock)
                                                    .eventSerializer(serializer)
                                                    .snapshotSerializer(serializer)
                                                    .build();
    }

    /** The commit documents, opened by name as an administrator (or a test of what is stored) would. */
    MongoCollection<Document> events() {
        return database.getCollection("events");
    }

    static List<DomainEventMessage<?>> events(String caseId, long firstSequence, int count, Map<String, ?> metaData) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long sequence = firstSequence + i;
            events.add(new GenericDomainEventMessage<>(TYPE, caseId, sequence,
                                                       new Happened(caseId, sequence, "e" + sequence),
                                                       MetaData.from(metaData)));
        }
        return events;
    }

    void append(String caseId, long firstSequence, int count) {
        engine.appendEvents(events(caseId, firstSequence, count, Map.of()));
    }

    /** Reads everything currently deliverable from {@code token} on, as a live reader would, batch after batch. */
    List<TrackedEventMessage<?>> readAvailable(TrackingToken token) {
        List<TrackedEventMessage<?>> all = new ArrayList<>();
        while (true) {
            List<? extends TrackedEventMessage<?>> batch = engine.readEvents(token, false).toList();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            token = batch.get(batch.size() - 1).trackingToken();
        }
    }
}
