package cn.kcbx.caseservice.casefile;

import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.caseservice.support.CaseServiceTestBase;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.StudentIdentity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A long-lived case is snapshotted, and a case loaded from its snapshot plus the later events decides exactly as one
 * replayed from its first event would.
 */
@TestPropertySource(properties = "kcbx.case.snapshot-threshold=20")
class CaseSnapshotIntegrationTest extends CaseServiceTestBase {

    private static final Actor ACTOR = new Actor("u-village-07", Actor.Role.VILLAGE, "430181105203");
    private static final Actor OTHER_VILLAGE = new Actor("u-village-08", Actor.Role.VILLAGE, "430181105204");
    private static final Actor TOWN = new Actor("u-town-01", Actor.Role.TOWN, "430181105");
    private static final RequestOrigin ORIGIN = new RequestOrigin("api", "127.0.0.1");

    @Autowired
    CaseCommandService commands;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    EventStore eventStore;

    @Test
    void aCaseWithManyVisitsIsSnapshottedAndStillDecidesFromItsWholeHistory() {
        String caseId = UUID.randomUUID().toString();
        IdentifyCase fixture = CaseFixtures.identifyCase();
        StudentIdentity student = CaseFixtures.newStudent("林小溪");
        commands.identify(new IdentifyCase(caseId, fixture.source(), fixture.sourceNote(), fixture.identifiedOn(),
                                           student, fixture.household(), fixture.lastSchool(),
                                           fixture.priorityCategories(), fixture.suspectedReasons()),
                          null, ACTOR, ORIGIN);
        commands.execute(new ConfirmDropout(caseId, CaseFixtures.CONFIRMED_ON, "入户核实属实"), null, ACTOR, ORIGIN);
        AssignTrio trio = CaseFixtures.assignTrio();
        commands.execute(new AssignTrio(caseId, CaseFixtures.CONFIRMED_ON, trio.teacher(), trio.villageCadre(),
                                        trio.guardian()), null, TOWN, ORIGIN);
        String firstVisitId = UUID.randomUUID().toString();
        LocalDate visitedOn = CaseFixtures.CONFIRMED_ON.plusDays(1);
        commands.execute(visit(caseId, firstVisitId, visitedOn), null, ACTOR, ORIGIN);
        for (int i = 0; i < 45; i++) {
            commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
        }

        Document snapshot = mongo.getCollection("snapshots").find(new Document("_id", caseId)).first();
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.get("sequence", Number.class).longValue()).isGreaterThanOrEqualTo(20);
        // The aggregate keeps the helpers for its same-person checks; the snapshot holds them encrypted only.
        assertThat(snapshot.toJson()).contains("kcbx:enc:v1:")
                                     .doesNotContain(trio.teacher().name(), trio.teacher().phone().value(),
                                                     trio.guardian().name(), trio.guardian().phone().value());
        assertThatThrownBy(() -> commands.execute(new ReplaceTrioMember(caseId, visitedOn, TrioRole.TEACHER,
                                                                        trio.teacher(), "同一人"), null, TOWN, ORIGIN))
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("TRIO_MEMBER_UNCHANGED");

        // The first visit is older than the snapshot: only a faithful snapshot still knows its id.
        assertThatThrownBy(() -> commands.execute(visit(caseId, firstVisitId, visitedOn), null, ACTOR, ORIGIN))
                .isInstanceOf(RuleViolationException.class)
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("VISIT_ALREADY_LOGGED");
        commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
    }

    /**
     * A case this process last saw with fewer events than the threshold cannot have a snapshot: it is loaded from its
     * events without looking for one (a read fewer per command). A long case is still loaded from its snapshot.
     */
    @Test
    void aCaseSeenShorterThanTheThreshold_isLoadedWithoutLookingForASnapshot() {
        String longCase = caseWithVisits("林小禾", 25);
        Document snapshot = mongo.getCollection("snapshots").find(new Document("_id", longCase)).first();
        assertThat(snapshot).isNotNull();
        long snapshotSequence = snapshot.get("sequence", Number.class).longValue();
        assertThat(eventStore.readEvents(longCase).peek().getSequenceNumber()).isEqualTo(snapshotSequence);

        String shortCase = caseWithVisits("林小苗", 0);
        // A snapshot under the short case's id (the long case's, which would be read if it were looked for).
        mongo.getCollection("snapshots").insertOne(new Document(snapshot).append("_id", shortCase));

        assertThat(eventStore.readEvents(shortCase).peek().getSequenceNumber()).isZero();
        commands.execute(visit(shortCase, UUID.randomUUID().toString(), CaseFixtures.CONFIRMED_ON.plusDays(1)), null,
                         ACTOR, ORIGIN);
        assertThat(eventStore.readEvents(shortCase).asStream().map(event -> event.getPayloadType().getSimpleName()))
                .containsExactly("CaseIdentified", "DropoutConfirmed", "TrioAssigned", "VisitLogged");
    }

    /**
     * A snapshot written before the case kept its scope (revision 2) has no scope: it is ignored and the case replayed
     * from its events, so it still knows whose case it is.
     */
    @Test
    void aSnapshotOfAnOlderRevision_isIgnored_andTheCaseStillKnowsWhoseItIs() throws Exception {
        String caseId = caseWithVisits("林小川", 25);
        LocalDate visitedOn = CaseFixtures.CONFIRMED_ON.plusDays(1);
        Document snapshot = mongo.getCollection("snapshots").find(new Document("_id", caseId)).first();
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.getString("payloadRevision")).isEqualTo("4");

        // Make it look like a snapshot of the aggregate before revision 2: no revision, no scope.
        ObjectMapper json = new ObjectMapper();
        ObjectNode payload = (ObjectNode) json.readTree(snapshot.getString("payload"));
        assertThat(payload.has("scope")).isTrue();
        payload.remove("scope");
        mongo.getCollection("snapshots").updateOne(new Document("_id", caseId), new Document("$set",
                new Document("payload", json.writeValueAsString(payload)).append("payloadRevision", null)));

        commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
        assertThatThrownBy(() -> commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null,
                                                  OTHER_VILLAGE, ORIGIN))
                .isInstanceOf(AccessDeniedException.class)
                .extracting(e -> ((AccessDeniedException) e).code()).isEqualTo("OUT_OF_JURISDICTION");
    }

    /**
     * A snapshot of revision 2, taken before the case kept the dates of its status changes and of its trio, is
     * ignored: the case is replayed from its events and still refuses a visit dated before the trio was assigned (a
     * case read from that snapshot would know no such date). The stored trio event carries its date in the clear and
     * its revision.
     */
    @Test
    void aSnapshotTakenBeforeTheCaseKeptItsDates_isIgnored() throws Exception {
        String caseId = confirmedCase("林小岚");
        AssignTrio trio = CaseFixtures.assignTrio();
        LocalDate assignedOn = CaseFixtures.CONFIRMED_ON.plusDays(2);
        commands.execute(new AssignTrio(caseId, assignedOn, trio.teacher(), trio.villageCadre(), trio.guardian()),
                         null, TOWN, ORIGIN);
        Document trioEvent = storedEvent(caseId, TrioAssigned.class);
        assertThat(trioEvent.getString("payloadRevision")).isEqualTo("2");
        assertThat(trioEvent.getString("payload")).contains("\"assignedOn\":\"" + assignedOn + "\"")
                                                  .doesNotContain(trio.teacher().name());
        LocalDate visitedOn = assignedOn.plusDays(1);
        for (int i = 0; i < 25; i++) {
            commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
        }
        Document snapshot = mongo.getCollection("snapshots").find(new Document("_id", caseId)).first();
        assertThat(snapshot.getString("payloadRevision")).isEqualTo("4");

        ObjectMapper json = new ObjectMapper();
        ObjectNode payload = (ObjectNode) json.readTree(snapshot.getString("payload"));
        assertThat(payload.has("statusHistory")).isTrue();
        payload.remove(List.of("statusHistory", "disabilityVerifiedOn"));
        ((ObjectNode) payload.path("trio")).remove(List.of("assignedOn", "replacedOn"));
        mongo.getCollection("snapshots").updateOne(new Document("_id", caseId), new Document("$set",
                new Document("payload", json.writeValueAsString(payload)).append("payloadRevision", "2")));

        assertThatThrownBy(() -> commands.execute(visit(caseId, UUID.randomUUID().toString(), assignedOn.minusDays(1)),
                                                  null, ACTOR, ORIGIN))
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("STATUS_NOT_ALLOWED_ON_DATE");
        assertThatThrownBy(() -> commands.execute(new ReplaceTrioMember(caseId, assignedOn.minusDays(1),
                TrioRole.TEACHER, CaseFixtures.villageCadre(), "调整"), null, TOWN, ORIGIN))
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("REPLACED_BEFORE_ASSIGNED");
        commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
    }

    /**
     * A trio event stored before it had a date (no revision, no assignedOn) is read by the case as assigned on the
     * China calendar day it was recorded: the upcaster the shared event store wiring registers.
     */
    @Test
    void aTrioStoredWithoutItsDate_countsFromTheDayItWasRecorded() {
        String caseId = confirmedCase("林小禾");
        // 01:00 on 24 March in Beijing, still 23 March in UTC.
        Instant recordedAt = Instant.parse("2026-03-23T17:00:00Z");
        LocalDate recordedOn = LocalDate.of(2026, 3, 24);
        AssignTrio trio = CaseFixtures.assignTrio();
        Document confirmed = mongo.getCollection("events").find(new Document("aggregateId", caseId))
                                  .sort(new Document("lastSequence", -1)).first();
        JacksonSerializer before = JacksonSerializer.builder().objectMapper(KernelJackson.newMapper())
                                                    .lenientDeserialization().build();
        GapFreeMongoEventStorageEngine.builder().database(mongo.getDb()).eventSerializer(before)
                .snapshotSerializer(before).build()
                .appendEvents(new GenericDomainEventMessage<>(confirmed.getString("aggregateType"), caseId,
                        confirmed.get("lastSequence", Number.class).longValue() + 1,
                        new TrioAssigned(caseId, null, trio.teacher(), trio.villageCadre(), trio.guardian()),
                        Map.of(), UUID.randomUUID().toString(), recordedAt));
        Document stored = storedEvent(caseId, TrioAssigned.class);
        assertThat(stored.getString("payloadRevision")).isNull();
        assertThat(stored.getString("payload")).doesNotContain("assignedOn");

        assertThatThrownBy(() -> commands.execute(new ReplaceTrioMember(caseId, recordedOn.minusDays(1),
                TrioRole.TEACHER, CaseFixtures.villageCadre(), "调整"), null, TOWN, ORIGIN))
                .isInstanceOf(RuleViolationException.class)
                .hasMessageContaining(recordedOn.toString())
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("REPLACED_BEFORE_ASSIGNED");
        assertThatThrownBy(() -> commands.execute(visit(caseId, UUID.randomUUID().toString(), recordedOn.minusDays(1)),
                                                  null, ACTOR, ORIGIN))
                .extracting(e -> ((RuleViolationException) e).code()).isEqualTo("STATUS_NOT_ALLOWED_ON_DATE");
        commands.execute(visit(caseId, UUID.randomUUID().toString(), recordedOn), null, ACTOR, ORIGIN);
    }

    /** A new case of the standard fixture's village, for a new student, confirmed on {@code CONFIRMED_ON}. */
    /** A confirmed case with its 三帮一 helpers and {@code visits} visits the day after the confirmation. */
    private String caseWithVisits(String studentName, int visits) {
        String caseId = confirmedCase(studentName);
        AssignTrio trio = CaseFixtures.assignTrio();
        commands.execute(new AssignTrio(caseId, CaseFixtures.CONFIRMED_ON, trio.teacher(), trio.villageCadre(),
                                        trio.guardian()), null, TOWN, ORIGIN);
        for (int i = 0; i < visits; i++) {
            commands.execute(visit(caseId, UUID.randomUUID().toString(), CaseFixtures.CONFIRMED_ON.plusDays(1)), null,
                             ACTOR, ORIGIN);
        }
        return caseId;
    }

    private String confirmedCase(String studentName) {
        String caseId = UUID.randomUUID().toString();
        IdentifyCase fixture = CaseFixtures.identifyCase();
        StudentIdentity student = CaseFixtures.newStudent(studentName);
        commands.identify(new IdentifyCase(caseId, fixture.source(), fixture.sourceNote(), fixture.identifiedOn(),
                                           student, fixture.household(), fixture.lastSchool(),
                                           fixture.priorityCategories(), fixture.suspectedReasons()),
                          null, ACTOR, ORIGIN);
        commands.execute(new ConfirmDropout(caseId, CaseFixtures.CONFIRMED_ON, "入户核实属实"), null, ACTOR, ORIGIN);
        return caseId;
    }

    /** The case's stored event of {@code type}, as the events collection holds it. */
    private Document storedEvent(String caseId, Class<?> type) {
        List<Document> events = new ArrayList<>();
        mongo.getCollection("events").find(new Document("aggregateId", caseId))
             .forEach(commit -> events.addAll(commit.getList("events", Document.class)));
        return events.stream().filter(e -> type.getName().equals(e.getString("payloadType"))).findFirst()
                     .orElseThrow();
    }

    private static LogVisit visit(String caseId, String visitId, LocalDate visitedOn) {
        LogVisit fixture = CaseFixtures.logVisit(visitId, visitedOn);
        return new LogVisit(caseId, visitId, visitedOn, fixture.trioParticipants(), fixture.otherParticipants(),
                            fixture.method(), fixture.outcome(), fixture.notes(), fixture.nextStep(),
                            fixture.nextVisitPlannedOn());
    }
}
