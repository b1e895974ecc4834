package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.privacy.CaseKeyChooser;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.PersonalDataSerializer;
import cn.kcbx.privacy.PersonalPaths;
import cn.kcbx.privacy.StudentKeys;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.timeline.CaseTimelineProjection;
import cn.kcbx.query.timeline.TimelinePersonalData;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an erasure, a rebuild reads the case's events without their personal fields; it must write exactly what
 * live processing left once it blanked its copies on {@link PersonalDataErased}: in the ledger, in every version of
 * the history and in every timeline entry.
 */
class ErasedCaseProjectionsTest {

    private static MongoDatabase database;
    private static StudentKeys keys;
    private static PersonalDataSerializer serializer;

    @BeforeAll
    static void setUp() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("erased"));
        keys = new StudentKeys(database, MasterKey.random(), Clock.systemUTC());
        serializer = new PersonalDataSerializer(
                JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization().build(),
                PersonalPaths.withKernelEvents(List.of()), keys, new CaseKeyChooser(keys));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void aRebuildAfterErasure_writesExactlyWhatLiveProcessingLeft_inEveryProjection() {
        List<CaseEvent> events = CaseEvents.everyType(CaseFileTest.CASE_ID, CaseFileTest.ID_NUMBER);
        assertThat(events.get(events.size() - 1)).isInstanceOf(PersonalDataErased.class);
        List<String> stored = events.stream().map(e -> serializer.serialize(e, String.class).getData()).toList();
        PersonalDataSeal seal = new PersonalDataSeal(keys);
        CaseFileDocuments documents = new CaseFileDocuments(seal);
        // What a projection reads again from the store (a date correction): the events as the store reads them then.
        List<ProjectionEvent> readNow = new ArrayList<>();
        List<Projection> projections = List.of(new CaseLedgerProjection(documents, TestStores.holding(readNow)),
                                               new CaseHistoryProjection(documents, TestStores.holding(readNow)),
                                               new CaseTimelineProjection(new TimelinePersonalData(seal)));

        // Live: every event read with its personal fields, the erasure last; once one by one, once as a batch.
        List<ProjectionEvent> live = CaseFileTest.stored(events);
        readNow.addAll(live); // before the erasure the store reads with the personal fields
        List<MongoCollection<Document>> oneByOne = collections(projections);
        List<MongoCollection<Document>> batched = collections(projections);
        for (int p = 0; p < projections.size(); p++) {
            for (ProjectionEvent event : live) {
                projections.get(p).apply(event, oneByOne.get(p));
            }
            projections.get(p).applyAll(live, batched.get(p));
        }

        keys.destroy(keys.keyIdOfCase(CaseFileTest.CASE_ID).orElseThrow());
        List<CaseEvent> erasedEvents = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            erasedEvents.add(serializer.deserialize(new SimpleSerializedObject<>(
                    stored.get(i), String.class, events.get(i).getClass().getName(), null)));
        }
        assertThat(((CaseIdentified) erasedEvents.get(0)).student()).isNull();
        readNow.clear();
        readNow.addAll(CaseFileTest.stored(erasedEvents));
        List<MongoCollection<Document>> rebuilt = collections(projections);
        for (int p = 0; p < projections.size(); p++) {
            projections.get(p).applyAll(CaseFileTest.stored(erasedEvents), rebuilt.get(p));
        }

        for (int p = 0; p < projections.size(); p++) {
            assertThat(all(oneByOne.get(p))).as(projections.get(p).name()).isEqualTo(all(rebuilt.get(p)));
            assertThat(all(batched.get(p))).as(projections.get(p).name()).isEqualTo(all(rebuilt.get(p)));
        }
        Document ledgerFile = rebuilt.get(0).find().first().get(CaseFileDocuments.FILE, Document.class);
        assertThat(ledgerFile.getString("studentName")).isEqualTo(PersonalFields.ERASED_LABEL);
        assertThat(ledgerFile.getString("idNumber")).isEqualTo(PersonalFields.ERASED_LABEL);
        assertThat(all(rebuilt.get(1))).hasSize(events.size())
                .allSatisfy(version -> assertThat(version.toJson())
                        .doesNotContain(CaseFileTest.ID_NUMBER.substring(0, 4) + "**")
                        .doesNotContain("周晓梅", "林大木", "13612345678", "138****0101"));
        assertThat(all(rebuilt.get(2)).stream().map(Document::toJson).toList())
                .allSatisfy(entry -> assertThat(entry).doesNotContain("周晓梅", "林大木", "陈思远", "父母在外务工"));
    }

    private static List<MongoCollection<Document>> collections(List<Projection> projections) {
        List<MongoCollection<Document>> collections = new ArrayList<>();
        for (Projection projection : projections) {
            MongoCollection<Document> collection = database.getCollection(
                    projection.name() + "_" + UUID.randomUUID().toString().substring(0, 8));
            projection.prepare(collection);
            collections.add(collection);
        }
        return collections;
    }

    private static List<Document> all(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        documents.sort(Comparator.comparing(d -> d.getString("_id")));
        return documents;
    }
}
