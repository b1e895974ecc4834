package cn.kcbx.caseservice.casefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.caseservice.support.CaseServiceTestBase;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Random;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.TestPropertySource;

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

    @Test
    void aCaseWithManyVisitsIsSnapshottedAndStillDecidesFromItsWholeHistory() {
        String caseId = UUID.randomUUID().toString();
        IdentifyCase fixture = CaseFixtures.identifyCase();
        StudentIdentity student = new StudentIdentity("林小溪", new IdNumber(CaseFixtures.idNumber(
                "430181", CaseFixtures.BIRTH_DATE, 500 + new Random().nextInt(499))), null, null, null);
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
     * A snapshot written before the case kept its scope (revision 2) has no scope: it is ignored and the case replayed
     * from its events, so it still knows whose case it is.
     */
    @Test
    void aSnapshotOfAnOlderRevision_isIgnored_andTheCaseStillKnowsWhoseItIs() throws Exception {
        String caseId = UUID.randomUUID().toString();
        IdentifyCase fixture = CaseFixtures.identifyCase();
        StudentIdentity student = new StudentIdentity("林小川", new IdNumber(CaseFixtures.idNumber(
                "430181", CaseFixtures.BIRTH_DATE, 500 + new Random().nextInt(499))), null, null, null);
        commands.identify(new IdentifyCase(caseId, fixture.source(), fixture.sourceNote(), fixture.identifiedOn(),
                                           student, fixture.household(), fixture.lastSchool(),
                                           fixture.priorityCategories(), fixture.suspectedReasons()),
                          null, ACTOR, ORIGIN);
        commands.execute(new ConfirmDropout(caseId, CaseFixtures.CONFIRMED_ON, "入户核实属实"), null, ACTOR, ORIGIN);
        AssignTrio trio = CaseFixtures.assignTrio();
        commands.execute(new AssignTrio(caseId, CaseFixtures.CONFIRMED_ON, trio.teacher(), trio.villageCadre(),
                                        trio.guardian()), null, TOWN, ORIGIN);
        LocalDate visitedOn = CaseFixtures.CONFIRMED_ON.plusDays(1);
        for (int i = 0; i < 25; i++) {
            commands.execute(visit(caseId, UUID.randomUUID().toString(), visitedOn), null, ACTOR, ORIGIN);
        }
        Document snapshot = mongo.getCollection("snapshots").find(new Document("_id", caseId)).first();
        assertThat(snapshot).isNotNull();
        assertThat(snapshot.getString("payloadRevision")).isEqualTo("2");

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

    private static LogVisit visit(String caseId, String visitId, LocalDate visitedOn) {
        LogVisit fixture = CaseFixtures.logVisit(visitId, visitedOn);
        return new LogVisit(caseId, visitId, visitedOn, fixture.trioParticipants(), fixture.otherParticipants(),
                            fixture.method(), fixture.outcome(), fixture.notes(), fixture.nextStep(),
                            fixture.nextVisitPlannedOn());
    }
}
