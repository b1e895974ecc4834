package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.TestSeals;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code case_ledger} and {@code case_history} per event type: each applied twice changes nothing; gaps are refused. */
class CaseFileProjectionsTest {

    private static MongoDatabase database;

    private final CaseFileDocuments documents = new CaseFileDocuments(TestSeals.on(database));
    private final StoredCaseEvents store = TestStores.holding(
            CaseFileTest.stored(CaseEvents.everyType(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER)));
    private final CaseLedgerProjection ledger = new CaseLedgerProjection(documents, store);
    private final CaseHistoryProjection history = new CaseHistoryProjection(documents, store);
    private MongoCollection<Document> ledgerCollection;
    private MongoCollection<Document> historyCollection;

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("casefiles"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @BeforeEach
    void collections() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        ledgerCollection = database.getCollection("ledger_" + suffix);
        historyCollection = database.getCollection("history_" + suffix);
        ledger.prepare(ledgerCollection);
        history.prepare(historyCollection);
    }

    static Stream<Arguments> everyEventType() {
        List<CaseEvent> events = CaseEvents.everyType(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER);
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            arguments.add(Arguments.of(events.get(i).getClass().getSimpleName(), i));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void eachEventType_appliedTwice_changesNothing(String type, int index) {
        List<ProjectionEvent> events = CaseFileTest.stored(CaseEvents.everyType(CaseFileTest.CASE_ID,
                                                                                 CaseFileTest.ID_NUMBER));
        for (int i = 0; i < index; i++) {
            apply(events.get(i));
        }
        apply(events.get(index));
        List<Document> ledgerOnce = all(ledgerCollection);
        List<Document> historyOnce = all(historyCollection);

        apply(events.get(index));

        assertThat(all(ledgerCollection)).isEqualTo(ledgerOnce);
        assertThat(all(historyCollection)).isEqualTo(historyOnce);
        Document row = ledgerCollection.find(eq("_id", CaseFileTest.CASE_ID)).first();
        assertThat(row.get("sequence", Number.class).longValue()).isEqualTo(index);
        assertThat(historyOnce).hasSize(index + 1);
    }

    @Test
    void aBatch_givesWhatTheEventsGiveOneByOne_evenWhenItRepeatsSome() {
        List<ProjectionEvent> events = CaseFileTest.stored(CaseEvents.everyType(CaseFileTest.CASE_ID,
                                                                                 CaseFileTest.ID_NUMBER));
        events.forEach(this::apply);
        List<Document> ledgerOneByOne = all(ledgerCollection);
        List<Document> historyOneByOne = all(historyCollection);

        collections();
        ledger.applyAll(events.subList(0, 8), ledgerCollection);
        history.applyAll(events.subList(0, 8), historyCollection);
        ledger.applyAll(events.subList(5, events.size()), ledgerCollection);
        history.applyAll(events.subList(5, events.size()), historyCollection);

        assertThat(all(ledgerCollection)).isEqualTo(ledgerOneByOne);
        assertThat(all(historyCollection)).isEqualTo(historyOneByOne);
    }

    @Test
    void anOldEventRedeliveredAfterLaterOnes_changesNothing() {
        List<ProjectionEvent> events = CaseFileTest.stored(CaseEvents.walk(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER));
        events.forEach(this::apply);
        List<Document> ledgerOnce = all(ledgerCollection);
        List<Document> historyOnce = all(historyCollection);

        apply(events.get(3));
        apply(events.get(0));

        assertThat(all(ledgerCollection)).isEqualTo(ledgerOnce);
        assertThat(all(historyCollection)).isEqualTo(historyOnce);
    }

    @Test
    void eachVersion_isValidFromItsEvent_untilTheNextEventOfTheCase() {
        List<ProjectionEvent> events = CaseFileTest.stored(CaseEvents.walk(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER));
        events.forEach(this::apply);

        List<Document> versions = all(historyCollection);
        versions.sort(Comparator.comparing(d -> d.get("sequence", Number.class).longValue()));
        assertThat(versions).hasSize(events.size());
        for (int i = 0; i < versions.size(); i++) {
            Document version = versions.get(i);
            assertThat(version.get("validFrom", Date.class).toInstant()).isEqualTo(events.get(i).recordedAt());
            if (i + 1 < versions.size()) {
                assertThat(version.get("validUntil", Date.class).toInstant()).isEqualTo(events.get(i + 1).recordedAt());
            } else {
                assertThat(version.get("validUntil")).isNull();
            }
            assertThat(version.get("file", Document.class).get("status")).isEqualTo(version.get("status"));
        }
        assertThat(versions.get(versions.size() - 1).get("file"))
                .isEqualTo(ledgerCollection.find(eq("_id", CaseFileTest.CASE_ID)).first().get("file"));
    }

    @Test
    void anEventThatSkipsOne_isRefused_andNothingIsWritten() {
        List<ProjectionEvent> events = CaseFileTest.stored(CaseEvents.walk(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER));
        apply(events.get(0));

        assertThatThrownBy(() -> ledger.apply(events.get(2), ledgerCollection)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> history.apply(events.get(2), historyCollection)).isInstanceOf(IllegalStateException.class);
        assertThat(all(historyCollection)).hasSize(1);
        assertThat(ledgerCollection.find().first().get("sequence", Number.class).longValue()).isZero();
    }

    private void apply(ProjectionEvent event) {
        ledger.apply(event, ledgerCollection);
        history.apply(event, historyCollection);
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        documents.sort(Comparator.comparing(d -> d.getString("_id")));
        return documents;
    }
}
