package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.TestSeals;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.lte;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code case_on_day}: a case's file on each business day as known now, whichever way its events arrive (in order,
 * one late, twice, in one batch, or to a projection that missed the case's first events), equals the case's timeline
 * folded from all its events; and its document stays small (each earlier day as changes).
 */
class CaseOnDayProjectionTest {

    private static MongoDatabase database;

    private final CaseFileDocuments documents = new CaseFileDocuments(TestSeals.on(database));
    /** What the store holds: the projection folds a case again from here when it must. */
    private final List<ProjectionEvent> store = new ArrayList<>();
    private final CaseOnDayProjection projection = new CaseOnDayProjection(
            documents, (caseId, upTo) -> store.stream().filter(e -> e.caseId().equals(caseId) && e.sequence() <= upTo)
                                              .toList());

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("caseonday"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    private MongoCollection<Document> newCollection() {
        MongoCollection<Document> collection = database.getCollection("on_day_" + UUID.randomUUID().toString()
                                                                                       .substring(0, 8));
        projection.prepare(collection);
        return collection;
    }

    /** The walk of a case (identified 10 March … crossed off 15 September), each step recorded on its day. */
    private List<ProjectionEvent> walk() {
        List<CaseEvent> walk = CaseEvents.walk(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER);
        List<ProjectionEvent> events = new ArrayList<>();
        LocalDate day = null;
        for (int i = 0; i < walk.size(); i++) {
            CaseEvent event = walk.get(i);
            day = event.occurredOn() != null ? event.occurredOn() : day;
            Instant recordedAt = day.atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant().plusSeconds(i);
            events.add(new ProjectionEvent(CaseFileTest.CASE_ID, i, 100 + i, "event-" + i, recordedAt, event,
                                           CaseEvents.metaData("clerk-" + i, "TOWN", "430181105", "request-" + i)));
        }
        store.addAll(events);
        return events;
    }

    /** A visit of 30 April typed in on 20 September, after the case was crossed off. */
    private ProjectionEvent lateVisit(long sequence) {
        ProjectionEvent late = new ProjectionEvent(CaseFileTest.CASE_ID, sequence, 500, "late",
                                                   Instant.parse("2026-09-20T03:00:00Z"),
                                                   CaseEvents.visit(CaseFileTest.CASE_ID, 3, LocalDate.of(2026, 4, 30)),
                                                   CaseEvents.metaData("village", "VILLAGE", "430181105203", "r-late"));
        store.add(late);
        return late;
    }

    @Test
    void eachDay_holdsTheFileTheCaseHadThatDay_byTheDatesOnItsEvents() {
        MongoCollection<Document> collection = newCollection();
        List<ProjectionEvent> events = new ArrayList<>(walk());
        events.forEach(event -> projection.apply(event, collection));

        assertThat(on(collection, "2026-03-09")).as("before identification").isNull();
        assertThat(on(collection, "2026-03-19").status()).isEqualTo(CaseStatus.IDENTIFIED);
        assertThat(on(collection, "2026-03-22").status()).as("the trio's own date").isEqualTo(CaseStatus.PERSUADING);
        assertThat(on(collection, "2026-04-19").visitCount()).isEqualTo(1);
        assertThat(on(collection, "2026-05-08").status()).isEqualTo(CaseStatus.RETURNED);
        assertThat(on(collection, "2026-09-15").status()).isEqualTo(CaseStatus.CLOSED);

        projection.apply(lateVisit(events.size()), collection);
        assertThat(on(collection, "2026-04-29").visitCount()).as("the day before the late visit").isEqualTo(2);
        assertThat(on(collection, "2026-05-01").visitCount()).as("counted on its day").isEqualTo(3);
        assertThat(on(collection, "2026-05-01").lastVisitOn()).isEqualTo(LocalDate.of(2026, 4, 30));
        assertThat(on(collection, "2026-11-30").status()).isEqualTo(CaseStatus.CLOSED);
        assertEveryDayEqualsTheTimelineOf(store, collection);

        // Eleven days of the case take about as much again as its latest file (as the ledger stores it), not eleven times.
        List<CaseTimeline.DatedFile> timeline = CaseTimeline.of(store);
        int latestFile = bsonSize(documents.document(CaseFileTest.CASE_ID, timeline.get(timeline.size() - 1).file()));
        int everyDay = bsonSize(collection.find(eq("_id", CaseFileTest.CASE_ID)).first());
        assertThat(timeline).hasSizeGreaterThan(8);
        assertThat((double) everyDay / latestFile).as("%s days in %s bytes, the latest file alone %s", timeline.size(),
                                                      everyDay, latestFile).isLessThan(2.5);
    }

    @Test
    void twice_inOneBatch_orMissingTheFirstEvents_writesTheSameDocument() {
        List<ProjectionEvent> events = new ArrayList<>(walk());
        events.add(lateVisit(events.size()));

        MongoCollection<Document> oneByOne = newCollection();
        events.forEach(event -> projection.apply(event, oneByOne));
        List<Document> expected = all(oneByOne);
        assertThat(expected).as("one document for the case").hasSize(1);
        assertEveryDayEqualsTheTimelineOf(store, oneByOne);

        MongoCollection<Document> twice = newCollection();
        events.forEach(event -> {
            projection.apply(event, twice);
            projection.apply(event, twice);
        });
        assertThat(all(twice)).isEqualTo(expected);

        MongoCollection<Document> rebuilt = newCollection();
        projection.applyAll(events, rebuilt);
        assertThat(all(rebuilt)).isEqualTo(expected);

        // Added to a store that already held the case's first events: the first event it sees folds them in.
        MongoCollection<Document> addedLater = newCollection();
        projection.applyAll(events.subList(4, events.size()), addedLater);
        assertThat(all(addedLater)).isEqualTo(expected);
    }

    @Test
    void aDateCorrectionThatMergesTwoDays_deletesTheDayNoLongerInTheTimeline() {
        List<ProjectionEvent> events = new ArrayList<>(walk());
        MongoCollection<Document> collection = newCollection();
        projection.applyAll(events, collection);
        assertThat(days(collection)).contains("2026-03-25");

        // The first visit (sequence 3) was on the day the trio was assigned, 22 March, not 25.
        ProjectionEvent correction = new ProjectionEvent(
                CaseFileTest.CASE_ID, events.size(), 600, "correction", Instant.parse("2026-10-01T02:00:00Z"),
                new StepDateCorrected(CaseFileTest.CASE_ID, 3, "VisitLogged", LocalDate.of(2026, 3, 25),
                                      LocalDate.of(2026, 3, 22), null, "走访登记簿为 3 月 22 日"),
                CaseEvents.metaData("town", "TOWN", "430181105", "r-correction"));
        store.add(correction);
        projection.apply(correction, collection);

        assertThat(days(collection)).doesNotContain("2026-03-25").contains("2026-03-22");
        assertThat(on(collection, "2026-03-22").visitCount()).isEqualTo(1);
        assertEveryDayEqualsTheTimelineOf(store, collection);
    }

    @Test
    void everyTypeOfEvent_andTheErasureLast_foldsAsTheTimelineDoes() {
        List<CaseEvent> everyType = CaseEvents.everyType(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER);
        for (int i = 0; i < everyType.size(); i++) {
            store.add(new ProjectionEvent(CaseFileTest.CASE_ID, i, 100 + i, "event-" + i,
                                          Instant.parse("2026-11-01T02:00:00Z").plusSeconds(i), everyType.get(i),
                                          CaseEvents.metaData("clerk", "COUNTY", "430181", "request-" + i)));
        }
        MongoCollection<Document> collection = newCollection();
        store.forEach(event -> projection.apply(event, collection));

        assertEveryDayEqualsTheTimelineOf(store, collection);
        assertThat(on(collection, "2026-03-19").personalDataErased()).isTrue();
        assertThat(on(collection, "2026-03-19").studentName()).as("the name blanked on every day").isEqualTo("已删除");
    }

    /** Every day from the week before identification to year end reads what the pure timeline says. */
    private void assertEveryDayEqualsTheTimelineOf(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        List<CaseTimeline.DatedFile> timeline = CaseTimeline.of(events);
        for (LocalDate day = LocalDate.of(2026, 3, 3); day.isBefore(LocalDate.of(2027, 1, 1)); day = day.plusDays(1)) {
            CaseFile expected = CaseTimeline.on(timeline, day);
            CaseFile stored = on(collection, day.toString());
            if (expected == null) {
                assertThat(stored).as("on %s", day).isNull();
            } else {
                assertThat(stored).as("on %s", day).isNotNull();
                assertThat(CaseFileCodec.toDocument(stored)).as("on %s", day)
                                                            .isEqualTo(CaseFileCodec.toDocument(expected));
            }
        }
        assertThat(days(collection)).as("each day the file changed")
                                    .isEqualTo(timeline.stream().map(dated -> dated.from().toString()).toList());
    }

    private CaseFile on(MongoCollection<Document> collection, String day) {
        List<Document> stored = collection.find(and(eq("countyCodes", "430181"), lte(CaseOnDayProjection.FIRST_DAY, day)))
                                          .into(new ArrayList<>());
        assertThat(stored).as("one document per case").hasSizeLessThanOrEqualTo(1);
        List<CaseFile> files = projection.filesOn(stored, LocalDate.parse(day));
        return files.isEmpty() ? null : files.get(0);
    }

    private static List<String> days(MongoCollection<Document> collection) {
        Document stored = collection.find(eq("_id", CaseFileTest.CASE_ID)).first();
        return PackedDocument.unpack(stored.get("packed", Binary.class).getData()).getList("days", Document.class)
                             .stream().map(day -> day.getString("from")).toList();
    }

    private static int bsonSize(Document document) {
        return new RawBsonDocument(document, new DocumentCodec()).getByteBuffer().remaining();
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        List<Document> documents = collection.find(exists("_id")).into(new ArrayList<>());
        documents.sort(Comparator.comparing(document -> document.get("_id").toString()));
        return documents;
    }
}
