package cn.kcbx.caseservice.casefile;

import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.CommandMetaData;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.caseservice.storedcase.StoredCase;
import cn.kcbx.caseservice.storedcase.StoredCases;
import cn.kcbx.caseservice.support.CaseServiceTestBase;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.privacy.StudentKeys;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link StoredCases}, the one way the service reads a stored case outside the aggregate (the reopen and scope checks,
 * the history, the reveal and erasure, the duplicate-case registry): events decrypted, old ones upcast, an erased
 * student read as null, a case never stored read as empty. (Beside {@link CaseSnapshotIntegrationTest} for the
 * fixtures and the way it stores an old event.)
 */
class StoredCasesIntegrationTest extends CaseServiceTestBase {

    private static final Actor ACTOR = new Actor("u-village-07", Actor.Role.VILLAGE, "430181105203");
    private static final Actor TOWN = new Actor("u-town-01", Actor.Role.TOWN, "430181105");
    private static final RequestOrigin ORIGIN = new RequestOrigin("api", "127.0.0.1");

    @Autowired
    StoredCases storedCases;

    @Autowired
    CaseCommandService commands;

    @Autowired
    StudentKeys studentKeys;

    @Autowired
    MongoTemplate mongo;

    @Test
    void aStoredCase_isReadDecrypted_withItsMetadata_andAnOldEventUpcast() {
        String caseId = confirmedCase("林小桥");
        AssignTrio trio = CaseFixtures.assignTrio();
        commands.execute(new AssignTrio(caseId, CaseFixtures.CONFIRMED_ON, trio.teacher(), trio.villageCadre(),
                                        trio.guardian()), null, TOWN, ORIGIN);
        // A trio event as stored before it had a date: read as assigned on the China day it was recorded.
        Instant recordedAt = Instant.parse("2026-03-23T17:00:00Z");
        Document last = mongo.getCollection("events").find(new Document("aggregateId", caseId))
                             .sort(new Document("lastSequence", -1)).first();
        JacksonSerializer before = JacksonSerializer.builder().objectMapper(KernelJackson.newMapper())
                                                    .lenientDeserialization().build();
        GapFreeMongoEventStorageEngine.builder().database(mongo.getDb()).eventSerializer(before)
                .snapshotSerializer(before).build()
                .appendEvents(new GenericDomainEventMessage<>(last.getString("aggregateType"), caseId,
                        last.get("lastSequence", Number.class).longValue() + 1,
                        new TrioAssigned(caseId, null, trio.teacher(), trio.villageCadre(), trio.guardian()),
                        Map.of(), UUID.randomUUID().toString(), recordedAt));

        StoredCase stored = storedCases.read(caseId);

        assertThat(stored.messages()).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertThat(stored.messages().get(0).getMetaData().get(CommandMetaData.ACTOR_ID)).isEqualTo(ACTOR.userId());
        assertThat(stored.events()).hasSize(4);
        CaseIdentified identified = stored.identification().orElseThrow();
        assertThat(identified.student().name()).isEqualTo("林小桥");
        TrioAssigned assigned = (TrioAssigned) stored.events().get(2);
        assertThat(assigned.teacher()).isEqualTo(trio.teacher());
        assertThat(assigned.assignedOn()).isEqualTo(CaseFixtures.CONFIRMED_ON);
        TrioAssigned old = (TrioAssigned) stored.events().get(3);
        assertThat(old.assignedOn()).isEqualTo(LocalDate.of(2026, 3, 24));
        assertThat(stored.scope().village()).isEqualTo(CaseFixtures.household().village());
        assertThat(stored.openness()).isEqualTo(CaseOpenness.OPEN);
    }

    @Test
    void anErasedCase_isReadWithoutItsStudent_andStillKnowsWhoseItIs() {
        String caseId = confirmedCase("林小渡");
        studentKeys.destroy(studentKeys.keyIdOfCase(caseId).orElseThrow());

        StoredCase stored = storedCases.read(caseId);

        assertThat(stored.identification()).hasValueSatisfying(identified -> assertThat(identified.student()).isNull());
        assertThat(stored.scope().village()).isEqualTo(CaseFixtures.household().village());
        assertThat(stored.openness()).isEqualTo(CaseOpenness.OPEN);
    }

    @Test
    void aCaseNeverStored_readsEmpty() {
        StoredCase stored = storedCases.read(UUID.randomUUID().toString());

        assertThat(stored.messages()).isEmpty();
        assertThat(stored.events()).isEmpty();
        assertThat(stored.identification()).isEmpty();
        assertThat(stored.scope()).isNull();
        assertThat(stored.openness()).isEqualTo(CaseOpenness.NO_SUCH_CASE);
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
}
