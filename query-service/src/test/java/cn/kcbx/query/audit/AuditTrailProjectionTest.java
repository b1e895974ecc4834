package cn.kcbx.query.audit;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit_trail}: one document per event from its metadata, the case's county carried from the identification to
 * every later event (in one batch or across batches alike), idempotent, and without any field of the event.
 */
class AuditTrailProjectionTest {

    private static final String CASE_ID = "6c1d2fae-3e4b-4f7c-9d8e-0b1c2d3e4f50";
    private static final String ID_NUMBER = CaseEvents.idNumberOf(9);
    private static MongoDatabase database;

    private final AuditTrailProjection projection = new AuditTrailProjection();

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("audit_trail"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void everyEvent_isOneDocument_fromItsMetadata_withTheCasesCounty() {
        MongoCollection<Document> collection = freshCollection();
        projection.applyAll(events(), collection);

        List<Document> documents = collection.find().sort(Sorts.ascending("sequence")).into(new ArrayList<>());
        assertThat(documents).hasSize(10);
        Document visit = documents.get(3);
        assertThat(visit.getString("_id")).isEqualTo(CASE_ID + ":3");
        assertThat(visit.getString("type")).isEqualTo("VisitLogged");
        assertThat(visit.getString("label")).isEqualTo("劝返走访");
        assertThat(visit.getString("command")).isEqualTo("SomeCommand");
        assertThat(visit.getString("actorId")).isEqualTo("clerk-3");
        assertThat(visit.getString("actorRole")).isEqualTo("VILLAGE");
        assertThat(visit.getString("actorUnit")).isEqualTo("430181105203");
        assertThat(visit.getString("channel")).isEqualTo("web");
        assertThat(visit.getString("origin")).isEqualTo("127.0.0.1");
        assertThat(visit.getString("requestId")).isEqualTo("req-3");
        assertThat(visit.get("position", Number.class).longValue()).isEqualTo(103);
        assertThat(documents).allSatisfy(document -> {
            assertThat(document.getString("villageCode")).isEqualTo("430181105203");
            assertThat(document.getString("townCode")).isEqualTo("430181105");
            assertThat(document.getString("countyCode")).isEqualTo("430181");
        });
        String all = documents.toString();
        assertThat(all).doesNotContain(ID_NUMBER, ID_NUMBER.substring(0, 4) + "*", "林小禾", CaseEvents.TEACHER_PHONE,
                                       CaseEvents.GUARDIAN_PHONE);
    }

    @Test
    void oneByOne_inBatches_andTwice_giveTheSameDocuments() {
        List<ProjectionEvent> events = events();
        MongoCollection<Document> whole = freshCollection();
        projection.applyAll(events, whole);

        MongoCollection<Document> pieces = freshCollection();
        projection.applyAll(events.subList(0, 1), pieces);
        events.subList(1, 4).forEach(event -> projection.apply(event, pieces));
        projection.applyAll(events.subList(4, 10), pieces);
        projection.applyAll(events.subList(2, 7), pieces); // redelivered

        assertThat(sorted(pieces)).isEqualTo(sorted(whole));
    }

    private static List<ProjectionEvent> events() {
        List<CaseEvent> walk = CaseEvents.walk(CASE_ID, ID_NUMBER);
        List<ProjectionEvent> events = new ArrayList<>();
        for (int i = 0; i < walk.size(); i++) {
            Map<String, Object> metaData = CaseEvents.metaData("clerk-" + i, "VILLAGE", "430181105203", "req-" + i);
            events.add(ProjectionEvent.of(CaseEvents.message(walk.get(i), i, metaData), 100 + i));
        }
        return events;
    }

    private static List<Document> sorted(MongoCollection<Document> collection) {
        return collection.find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private MongoCollection<Document> freshCollection() {
        MongoCollection<Document> collection = database.getCollection("a_" + UUID.randomUUID().toString()
                                                                                      .substring(0, 8));
        projection.prepare(collection);
        return collection;
    }
}
