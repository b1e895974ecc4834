package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.TestSeals;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code case_by_date}: the state of a case on a business day as known at an instant, with steps recorded in order,
 * entered late, delivered twice, in one batch (a rebuild) or one by one, and after a batch cut short.
 */
class CaseByDateProjectionTest {

    private static MongoDatabase database;

    private final CaseFileDocuments documents = new CaseFileDocuments(TestSeals.on(database));
    /** What the store holds: the slow path folds a case again from here. */
    private final List<ProjectionEvent> store = new ArrayList<>();
    private final CaseByDateProjection projection = new CaseByDateProjection(
            documents, (caseId, upTo) -> store.stream().filter(e -> e.caseId().equals(caseId) && e.sequence() <= upTo)
                                              .toList());

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("casebydate"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    private MongoCollection<Document> newCollection() {
        MongoCollection<Document> collection = database.getCollection("by_date_" + UUID.randomUUID().toString()
                                                                                         .substring(0, 8));
        projection.prepare(collection);
        return collection;
    }

    /**
     * The walk of a case (identified 10 March … crossed off 15 September), each step recorded on its day (a step
     * without a date of its own on the day of the one before).
     */
    private List<ProjectionEvent> walkRecordedInOrder() {
        List<CaseEvent> walk = CaseEvents.walk(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER);
        List<ProjectionEvent> events = new ArrayList<>();
        LocalDate day = null;
        for (int i = 0; i < walk.size(); i++) {
            CaseEvent event = walk.get(i);
            day = event.occurredOn() != null ? event.occurredOn() : day;
            Instant recordedAt = day.atTime(10, 0).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant()
                                    .plusSeconds(i);
            events.add(new ProjectionEvent(CaseFileTest.CASE_ID, i, 100 + i, "event-" + i, recordedAt, event,
                                           CaseEvents.metaData("clerk-" + i, "TOWN", "430181105", "request-" + i)));
        }
        store.addAll(events);
        return events;
    }

    @Test
    void theStateOnEachDay_followsTheDatesOnTheEvents() {
        MongoCollection<Document> collection = newCollection();
        walkRecordedInOrder().forEach(event -> projection.apply(event, collection));
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        assertThat(on(collection, "2026-03-09", now)).as("before identification").isNull();
        assertThat(on(collection, "2026-03-19", now).status()).isEqualTo(CaseStatus.IDENTIFIED);
        CaseFile confirmed = on(collection, "2026-03-21", now);
        assertThat(confirmed.confirmedOn()).isEqualTo(LocalDate.of(2026, 3, 20));
        assertThat(confirmed.status()).isEqualTo(CaseStatus.CONFIRMED_DROPOUT);
        assertThat(on(collection, "2026-03-22", now).status()).as("the trio's own date").isEqualTo(CaseStatus.PERSUADING);
        CaseFile april = on(collection, "2026-04-19", now);
        assertThat(april.status()).isEqualTo(CaseStatus.PERSUADING);
        assertThat(april.visitCount()).isEqualTo(1);
        assertThat(on(collection, "2026-04-20", now).visitCount()).isEqualTo(2);
        assertThat(on(collection, "2026-05-08", now).status()).isEqualTo(CaseStatus.RETURNED);
        assertThat(on(collection, "2026-09-14", now).status()).isEqualTo(CaseStatus.RETURNED);
        assertThat(on(collection, "2026-09-15", now).status()).isEqualTo(CaseStatus.CLOSED);
        assertThat(on(collection, "2026-11-30", now).status()).isEqualTo(CaseStatus.CLOSED);
    }

    @Test
    void aVisitEnteredLate_countsOnItsDay_fromTheMomentItWasRecorded() {
        MongoCollection<Document> collection = newCollection();
        List<ProjectionEvent> walk = walkRecordedInOrder();
        // Everything up to the return (8 May), then a visit of 30 April typed in on 20 May.
        walk.subList(0, 9).forEach(event -> projection.apply(event, collection));
        Instant enteredAt = Instant.parse("2026-05-20T03:00:00Z");
        ProjectionEvent late = new ProjectionEvent(CaseFileTest.CASE_ID, 9, 500, "late", enteredAt,
                                                   CaseEvents.visit(CaseFileTest.CASE_ID, 3, LocalDate.of(2026, 4, 30)),
                                                   CaseEvents.metaData("village", "VILLAGE", "430181105203", "r-late"));
        store.removeIf(event -> event.sequence() >= 9);
        store.add(late);
        projection.apply(late, collection);

        assertThat(on(collection, "2026-05-01", enteredAt).visitCount()).as("known once entered").isEqualTo(3);
        assertThat(on(collection, "2026-05-01", enteredAt).lastVisitOn()).isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(on(collection, "2026-05-01", enteredAt.minusSeconds(1)).visitCount())
                .as("as known just before it was entered").isEqualTo(2);
        assertThat(on(collection, "2026-04-29", enteredAt).visitCount()).as("the day before the visit").isEqualTo(2);
        assertThat(on(collection, "2026-05-10", enteredAt).status()).isEqualTo(CaseStatus.RETURNED);
        assertThat(on(collection, "2026-05-10", enteredAt).visitCount()).isEqualTo(3);
    }

    @Test
    void appliedTwice_inOneBatch_orAfterABatchCutShort_writesTheSameDocuments() {
        List<ProjectionEvent> events = new ArrayList<>(walkRecordedInOrder());
        // A late visit in the middle makes the projection fold the case again from the store.
        ProjectionEvent late = new ProjectionEvent(CaseFileTest.CASE_ID, events.size(), 500, "late",
                                                   Instant.parse("2026-09-20T03:00:00Z"),
                                                   CaseEvents.visit(CaseFileTest.CASE_ID, 3, LocalDate.of(2026, 4, 30)),
                                                   CaseEvents.metaData("village", "VILLAGE", "430181105203", "r-late"));
        events.add(late);
        store.add(late);

        MongoCollection<Document> oneByOne = newCollection();
        events.forEach(event -> projection.apply(event, oneByOne));

        MongoCollection<Document> twice = newCollection();
        events.forEach(event -> {
            projection.apply(event, twice);
            projection.apply(event, twice);
        });

        MongoCollection<Document> rebuilt = newCollection();
        projection.applyAll(events, rebuilt);

        MongoCollection<Document> cutShort = newCollection();
        projection.applyAll(events.subList(0, 6), cutShort);
        Document markerAfterFive = cutShort.find(eq("_id", "applied:" + CaseFileTest.CASE_ID)).first();
        // The batch of events 6.. wrote its versions, but its marker never landed: it is delivered again.
        projection.applyAll(events.subList(6, events.size()), cutShort);
        cutShort.replaceOne(eq("_id", markerAfterFive.get("_id")), markerAfterFive);
        projection.applyAll(events.subList(6, events.size()), cutShort);

        List<Document> expected = all(oneByOne);
        assertThat(expected).hasSizeGreaterThan(events.size());
        assertThat(all(twice)).isEqualTo(expected);
        assertThat(all(rebuilt)).isEqualTo(expected);
        assertThat(all(cutShort)).isEqualTo(expected);
    }

    @Test
    void onTheDayOfTheLastStep_asKnownThen_equalsTheFileAsRecorded() {
        MongoCollection<Document> collection = newCollection();
        List<ProjectionEvent> walk = walkRecordedInOrder();
        CaseFile recorded = null;
        for (ProjectionEvent event : walk) {
            projection.apply(event, collection);
            recorded = CaseFile.fold(recorded, event);
            CaseFile byDate = on(collection, CaseTimeline.businessDay(event).toString(), event.recordedAt());
            assertThat(CaseFileCodec.toDocument(byDate)).as("after event %s", event.sequence())
                                                        .isEqualTo(CaseFileCodec.toDocument(recorded));
        }
    }

    private CaseFile on(MongoCollection<Document> collection, String day, Instant at) {
        Date instant = Date.from(at);
        List<Document> found = collection.find(and(eq(CaseFileDocuments.CASE_ID, CaseFileTest.CASE_ID),
                                                   lte(CaseByDateProjection.FROM, day),
                                                   or(eq(CaseByDateProjection.UNTIL, null),
                                                      gt(CaseByDateProjection.UNTIL, day)),
                                                   lte(CaseByDateProjection.KNOWN_FROM, instant),
                                                   or(eq(CaseByDateProjection.KNOWN_UNTIL, null),
                                                      gt(CaseByDateProjection.KNOWN_UNTIL, instant))))
                                         .into(new ArrayList<>());
        assertThat(found).as("one version on %s as known at %s", day, at).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : documents.file(found.get(0));
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        List<Document> documents = collection.find(exists("_id")).into(new ArrayList<>());
        documents.sort(Comparator.comparing(document -> document.get("_id").toString()));
        return documents;
    }
}
