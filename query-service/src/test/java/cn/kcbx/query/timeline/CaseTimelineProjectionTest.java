package cn.kcbx.query.timeline;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.TestSeals;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline document of every event type, its masking, and idempotency (applying twice changes nothing). */
class CaseTimelineProjectionTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final String ID_NUMBER = CaseEvents.idNumberOf(7);
    private static MongoDatabase database;

    private final CaseTimelineProjection projection = projection();

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("timeline"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    static Stream<Arguments> everyEventType() {
        List<CaseEvent> events = CaseEvents.everyType(CASE_ID, ID_NUMBER);
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            arguments.add(Arguments.of(events.get(i).getClass().getSimpleName(), i, events.get(i)));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEventType")
    void eachEventType_givesOneMaskedDocument_andApplyingItTwiceChangesNothing(String type, int sequence,
                                                                                CaseEvent payload) {
        MongoCollection<Document> collection = freshCollection();
        ProjectionEvent event = event(payload, sequence, 100 + sequence);

        projection.apply(event, collection);
        List<Document> once = collection.find().into(new ArrayList<>());
        projection.apply(event, collection);
        List<Document> twice = collection.find().into(new ArrayList<>());

        assertThat(twice).hasSize(1).isEqualTo(once);
        Document entry = once.get(0);
        assertThat(entry.getString("_id")).isEqualTo(CASE_ID + ":" + sequence);
        assertThat(entry.getString("caseId")).isEqualTo(CASE_ID);
        assertThat(entry.get("sequence", Number.class).longValue()).isEqualTo(sequence);
        assertThat(entry.get("position", Number.class).longValue()).isEqualTo(100 + sequence);
        assertThat(entry.getString("type")).isEqualTo(type);
        assertThat(TimelineLabels.isKnown(type)).as("label of " + type).isTrue();
        assertThat(entry.getString("label")).isEqualTo(TimelineLabels.of(type)).matches(".*\\p{IsHan}.*");
        assertThat(entry.get("recordedAt")).isEqualTo(java.util.Date.from(event.recordedAt()));
        assertThat(entry.get("actor", Document.class))
                .isEqualTo(new Document("id", "town-clerk-01").append("role", "TOWN").append("unit", "430181105"));
        assertThat(entry.getString("channel")).isEqualTo("web");
        assertThat(entry.getString("requestId")).isEqualTo("req-" + sequence);
        Document data = entry.get("data", Document.class);
        assertThat(data).doesNotContainKey("caseId");
        if (!type.equals("PersonalDataErased")) { // its only field, the reason, is erased with the rest
            assertThat(data.keySet()).isNotEmpty();
        }
        assertNoPersonalIdentifiers(entry);
    }

    @Test
    void caseIdentified_keepsMaskedIdentifiers_andTheRestOfTheStudent() {
        Document data = projection.entry(event(CaseEvents.identified(CASE_ID, ID_NUMBER), 0, 1))
                                  .get("data", Document.class);
        Document student = data.get("student", Document.class);
        assertThat(student.getString("idNumber"))
                .isEqualTo(ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14));
        assertThat(student.getString("studentNumber"))
                .isEqualTo("G" + ID_NUMBER.substring(0, 4) + "**********" + ID_NUMBER.substring(14));
        assertThat(student.getString("name")).isEqualTo("林小禾");
        assertThat(data.getString("identifiedOn")).isEqualTo("2026-03-10");
        assertThat(data.get("household", Document.class).getString("village")).isEqualTo("430181105203");
    }

    @Test
    void phoneNumbers_areMasked_inHelpersAndInFreeText() {
        List<CaseEvent> walk = CaseEvents.walk(CASE_ID, ID_NUMBER);
        Document trio = projection.entry(event(walk.get(2), 2, 3)).get("data", Document.class);
        assertThat(trio.get("teacher", Document.class).getString("phone")).isEqualTo("138****0101");
        assertThat(trio.get("guardian", Document.class).getString("phone")).isEqualTo("137****0303");
        Document visit = projection.entry(event(walk.get(3), 3, 4)).get("data", Document.class);
        assertThat(visit.getString("notes")).endsWith("父亲电话 136****5678");
        // Sets are stored sorted: the same event always gives the same document.
        assertThat(visit.getList("trioParticipants", String.class))
                .containsExactly("GUARDIAN", "TEACHER", "VILLAGE_CADRE");
    }

    @Test
    void numbersThatEmbedAnIdNumber_areMasked() {
        String scrubbed = PersonalDataMasking.scrubText("残疾人证 " + ID_NUMBER + "11 号");
        assertThat(scrubbed).startsWith("残疾人证 " + ID_NUMBER.substring(0, 4) + "**********").endsWith("11 号")
                            .doesNotContain(ID_NUMBER).doesNotContain(ID_NUMBER.substring(4, 14));
        assertThat(PersonalDataMasking.scrubText("学校标识码 2143000001，区划 430181105203")).isEqualTo(
                "学校标识码 2143000001，区划 430181105203");
    }

    @Test
    void a_phone_or_id_number_written_in_groups_in_a_note_is_masked_in_the_timeline() {
        String spacedId = ID_NUMBER.substring(0, 4) + " " + ID_NUMBER.substring(4, 8) + " " + ID_NUMBER.substring(8, 12)
                + " " + ID_NUMBER.substring(12, 16) + " " + ID_NUMBER.substring(16);
        VisitLogged visit = CaseEvents.visit(CASE_ID, 1, java.time.LocalDate.of(2026, 4, 1));
        VisitLogged withGroupedNumbers = new VisitLogged(
                CASE_ID, visit.visitId(), 1, visit.visitedOn(), visit.trioParticipants(), visit.otherParticipants(),
                visit.method(), visit.outcome(),
                "父亲电话 138-1234-5678，母亲 +86 139 8765 4321，舅舅 138 1111 2222，学生身份证 " + spacedId,
                visit.nextStep(), visit.nextVisitPlannedOn());

        String notes = projection.entry(event(withGroupedNumbers, 1, 1)).get("data", Document.class).getString("notes");

        assertThat(notes).isEqualTo("父亲电话 138-****-5678，母亲 +86 139 **** 4321，舅舅 138 **** 2222，学生身份证 "
                                            + ID_NUMBER.substring(0, 4) + " **** **** **" + ID_NUMBER.substring(14, 16)
                                            + " " + ID_NUMBER.substring(16))
                         .doesNotContain("1234", "8765", "1111", ID_NUMBER.substring(4, 8));
    }

    @Test
    void everyKernelEventType_isCoveredByTheFixtures_andHasALabel() {
        Set<String> kernelEvents = new ClassFileImporter().importPackages("cn.kcbx.kernel.dropoutcase").stream()
                                                          .filter(c -> c.isAssignableTo(CaseEvent.class))
                                                          .filter(c -> !c.isInterface())
                                                          .map(JavaClass::getSimpleName)
                                                          .collect(Collectors.toSet());
        Set<String> fixtures = CaseEvents.everyType(CASE_ID, ID_NUMBER).stream()
                                         .map(e -> e.getClass().getSimpleName()).collect(Collectors.toSet());
        assertThat(kernelEvents).hasSize(25);
        assertThat(fixtures).isEqualTo(kernelEvents);
        assertThat(kernelEvents).allMatch(TimelineLabels::isKnown);
    }

    private void assertNoPersonalIdentifiers(Document entry) {
        String json = entry.toJson();
        assertThat(json).doesNotContain(ID_NUMBER, ID_NUMBER.substring(6, 14), CaseEvents.TEACHER_PHONE,
                                        CaseEvents.CADRE_PHONE, CaseEvents.GUARDIAN_PHONE, "13500000404",
                                        "13612345678");
    }

    private static ProjectionEvent event(CaseEvent payload, long sequence, long position) {
        Map<String, Object> metaData = CaseEvents.metaData("town-clerk-01", "TOWN", "430181105", "req-" + sequence);
        DomainEventMessage<?> message = CaseEvents.message(payload, sequence, metaData);
        return ProjectionEvent.of(message, position);
    }

    private static CaseTimelineProjection projection() {
        return new CaseTimelineProjection(new TimelinePersonalData(TestSeals.on(database)));
    }

    private static MongoCollection<Document> freshCollection() {
        MongoCollection<Document> collection = database.getCollection("t_" + UUID.randomUUID().toString()
                                                                                    .substring(0, 8));
        projection().prepare(collection);
        return collection;
    }
}
