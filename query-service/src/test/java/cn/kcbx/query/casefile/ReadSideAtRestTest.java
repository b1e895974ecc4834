package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.privacy.CaseKeyChooser;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.PersonalDataSerializer;
import cn.kcbx.privacy.PersonalPaths;
import cn.kcbx.privacy.StudentKeys;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.audit.AuditTrailProjection;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: another reader of the store (a copy of the database, the file, a backup) read the names, birth dates,
 * helpers, notes, disability and evidence of children straight out of the read side's collections, and an erasure
 * left them in the collections a rebuild had switched away from. Now every read-side collection holds them only sealed
 * with the student's key, the services still show them, and destroying the key shreds every copy, wherever it is.
 */
class ReadSideAtRestTest {

    private static final Instant START = Instant.parse("2026-03-10T02:00:00Z");

    private static MongoDatabase database;
    private static StudentKeys keys;
    private static PersonalDataSerializer serializer;
    private static PersonalDataSeal seal;
    private static CaseFileDocuments documents;
    private static TimelinePersonalData timelinePersonalData;

    @BeforeAll
    static void setUp() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("atrest"));
        keys = new StudentKeys(database, MasterKey.random(), Clock.systemUTC());
        serializer = new PersonalDataSerializer(
                JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization().build(),
                PersonalPaths.withKernelEvents(List.of()), keys, new CaseKeyChooser(keys));
        seal = new PersonalDataSeal(keys);
        documents = new CaseFileDocuments(seal);
        timelinePersonalData = new TimelinePersonalData(seal);
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void a_copy_of_the_read_side_collections_holds_no_name_number_helper_note_or_evidence_of_a_child() {
        String caseId = UUID.randomUUID().toString();
        String idNumber = CaseEvents.idNumberOf(301);
        List<MongoCollection<Document>> collections = projectLive(caseId, idNumber);

        for (MongoCollection<Document> collection : collections) {
            for (Document document : collection.find()) {
                assertThat(document.toJson()).as(collection.getNamespace().getCollectionName())
                        .doesNotContain(clearPersonalData(idNumber));
            }
        }
        // The services still read them whole.
        CaseFile file = documents.file(collections.get(0).find().first());
        assertThat(file.studentName()).isEqualTo("林小禾");
        assertThat(file.idNumber()).isEqualTo(idNumber.substring(0, 4) + "**********" + idNumber.substring(14));
        assertThat(file.trioMember(TrioRole.TEACHER).name()).isEqualTo("谭明远");
        assertThat(file.lastTransfer().note()).isEqualTo("随父母迁户");
        List<Document> timeline = collections.get(2).find().into(new ArrayList<>());
        timelinePersonalData.open(timeline);
        assertThat(timeline.stream().map(Document::toJson).toList())
                .anySatisfy(entry -> assertThat(entry).contains("与祖父面谈"))
                .anySatisfy(entry -> assertThat(entry).contains("青禾村证字〔2026〕12号"));
    }

    @Test
    void erasure_shreds_the_copies_a_rebuild_left_behind_without_touching_them() {
        String caseId = UUID.randomUUID().toString();
        String idNumber = CaseEvents.idNumberOf(302);
        // Collections a rebuild switched away from: they never see the erasure event.
        List<MongoCollection<Document>> leftBehind = projectLive(caseId, idNumber);

        keys.destroy(keys.keyIdOfCase(caseId).orElseThrow());

        for (Document stored : leftBehind.get(0).find().into(new ArrayList<Document>())) {
            CaseFile file = documents.file(stored);
            assertThat(file.personalDataErased()).isTrue();
            assertThat(file.studentName()).isEqualTo(PersonalFields.ERASED_LABEL);
            assertThat(file.idNumber()).isEqualTo(PersonalFields.ERASED_LABEL);
            assertThat(file.trioMember(TrioRole.TEACHER).name()).isEqualTo(PersonalFields.ERASED_LABEL);
            assertThat(file.lastTransfer().note()).isNull();
            assertThat(file.disabilityCategory()).isNull();
        }
        for (Document stored : leftBehind.get(1).find()) {
            assertThat(documents.file(stored).studentName()).isIn(PersonalFields.ERASED_LABEL, null);
        }
        List<Document> timeline = leftBehind.get(2).find().into(new ArrayList<>());
        timelinePersonalData.open(timeline);
        assertThat(timeline.stream().map(Document::toJson).toList())
                .allSatisfy(entry -> assertThat(entry).doesNotContain(clearPersonalData(idNumber))
                        .doesNotContain("kcbx:enc:"));
    }

    /** Everything of the case's events a reader of the store must not find in the clear. */
    private static String[] clearPersonalData(String idNumber) {
        String birthDate = LocalDate.parse(idNumber.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE).toString();
        return new String[] {"林小禾", idNumber, idNumber.substring(0, 4) + "**", birthDate,
                             "青禾村三组", "父母在外务工", "周晓梅", "罗长青", "林大木", "谭明远", "陈思远",
                             "13612345678", "136****5678", "138****0101", "与祖父面谈", "青禾村证字", "认读生字",
                             "PHYSICAL", "LEVEL_1", "随父母迁户", "原班主任调离", "复查发现未在校", "调解结案",
                             "全家外出", "连续四周未到校"};
    }

    /** Every event of every type but the erasure, as stored (encrypted) and read back, projected live. */
    private static List<MongoCollection<Document>> projectLive(String caseId, String idNumber) {
        List<CaseEvent> events = new ArrayList<>(CaseEvents.everyType(caseId, idNumber));
        events.removeIf(PersonalDataErased.class::isInstance);
        List<ProjectionEvent> read = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String stored = serializer.serialize(events.get(i), String.class).getData();
            CaseEvent payload = serializer.deserialize(new SimpleSerializedObject<>(
                    stored, String.class, events.get(i).getClass().getName(), null));
            read.add(new ProjectionEvent(caseId, i, 100 + i, "event-" + i, START.plusSeconds(86_400L * i), payload,
                                         CaseEvents.metaData("clerk-" + i, "TOWN", "430181105", "request-" + i)));
        }
        List<Projection> projections = List.of(new CaseLedgerProjection(documents, TestStores.holding(read)),
                                               new CaseHistoryProjection(documents, TestStores.holding(read)),
                                               new CaseTimelineProjection(timelinePersonalData),
                                               new AuditTrailProjection());
        List<MongoCollection<Document>> collections = new ArrayList<>();
        for (Projection projection : projections) {
            MongoCollection<Document> collection = database.getCollection(
                    projection.name() + "_" + UUID.randomUUID().toString().substring(0, 8));
            projection.prepare(collection);
            projection.applyAll(read, collection);
            collections.add(collection);
        }
        return collections;
    }
}
