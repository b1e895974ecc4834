package cn.kcbx.caseservice.web;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;
import cn.kcbx.privacy.AccessLogReasons;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data at rest, its audited reveal and its erasure, over real HTTP: the store holds no name, ID number,
 * phone or address in the clear; a reveal needs jurisdiction and a reason and is logged first; after erasure the case
 * still loads, its personal fields are gone for good (also for direct database access) and a reveal is 410.
 */
@TestPropertySource(properties = "kcbx.case.claim-grace-period=PT0S") // a student may be registered again at once
class PersonalDataApiTest extends ApiTestBase {

    private static final Actor ADMIN = new Actor("admin-01", "ADMIN", "430181");
    private static final Actor OTHER_VILLAGE = new Actor("other-village", "VILLAGE", "430181105204");
    private static final Actor OTHER_COUNTY = new Actor("other-county", "COUNTY", "430182");
    private static final Actor OTHER_SCHOOL = new Actor("other-school", "SCHOOL", "2143000099");

    @Autowired
    MongoDatabaseFactory databaseFactory;
    @Autowired
    AccessLog accessLog;
    @Autowired
    StudentKeys studentKeys;
    @Autowired
    PersonalDataSeal seal;

    /**
     * The attack: a clerk wrote the child's name and ID number into the reason of a reveal and into the evidence of
     * the closure; after the erasure both were still readable (the access log, the events), and so was the reason of
     * the erasure itself. Now the reveal's reason is sealed with the student's key and erased with it, evidence and
     * the erasure's reason are encrypted personal fields, and an erasure reason that names the child is refused (the
     * access log keeps it after the erasure).
     */
    @Test
    void reasons_and_evidence_naming_the_child_are_unreadable_after_erasure() {
        ApiData.Student student = ApiData.newStudent();
        String caseId = identify(student, "2026-03-02");
        ObjectNode close = ApiData.close("2026-03-20", "ENROLLED_OUT_OF_PROVINCE");
        ((ObjectNode) close.withArray("evidence").get(0))
                .put("reference", "转学证明 " + student.name() + " " + student.idNumber());
        accepted(caseId, "/close", close);
        String revealReason = "核对" + student.name() + "（" + student.idNumber() + "）的转学情况";
        assertThat(api.get(path(caseId, "/personal-data?reason=" + revealReason), Actor.COUNTY).status())
                .isEqualTo(200);
        Document revealed = databaseFactory.getMongoDatabase().getCollection("access_log")
                .find(new Document("caseId", caseId).append("action", "PERSONAL_DATA_REVEALED")).first();
        assertThat(revealed.toJson()).doesNotContain(student.name(), student.idNumber(),
                                                     student.idNumber().substring(6, 14));

        String erasure = path(caseId, "/personal-data/erasure");
        for (String naming : List.of("监护人" + student.name() + "申请删除", "删除 " + student.idNumber())) {
            Response refused = api.post(erasure, Map.of("reason", naming), Actor.COUNTY);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("ERASURE_REASON_HAS_PERSONAL_DATA");
        }
        assertThat(api.post(erasure, Map.of("reason", "监护人书面申请删除"), Actor.COUNTY).status()).isEqualTo(200);

        assertThat(seal.openText(reveals(caseId).get(0).detail(), AccessLogReasons.PURPOSE)).isEmpty();
        // The duplicate-case claim is a keyed hash of the ID number: it goes too.
        assertThat(databaseFactory.getMongoDatabase().getCollection("student_case_claims")
                                  .find(new Document("caseId", caseId)).first()).isNull();
        String events = String.join("\n", storedEvents(caseId));
        assertThat(events).contains("PersonalDataErased")
                          .doesNotContain(student.name(), student.idNumber(), "转学证明", "监护人书面申请删除");
    }

    @Test
    void theEventStore_holdsNoPersonalDataInTheClear() {
        ApiData.Student student = ApiData.newStudent();
        String caseId = persuadingCase("2026-03-02");
        accepted(caseId, "/visits", ApiData.visit("2026-03-20"));

        List<String> stored = storedEvents(caseId);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(4);
        String identified = stored.stream().filter(e -> e.contains("CaseIdentified")).findFirst().orElseThrow();
        assertThat(identified).contains("kcbx:enc:v1:", ApiData.VILLAGE_CODE, "LEARNING_DIFFICULTY", "2026-03-02")
                              .doesNotContain("青禾村三组 8 号", "父母在外务工");
        for (String event : stored) {
            assertThat(event).doesNotContain("13800000101", "13900000202", "13700000303", "周晓梅", "罗长青");
        }
        // The identification of a known student: no ID number, no birth date digits, no name.
        String secondCase = identify(student, "2026-03-05");
        String second = storedEvents(secondCase).get(0);
        assertThat(second).doesNotContain(student.idNumber(), student.idNumber().substring(6, 14), student.name());
    }

    @Test
    void aReveal_needsJurisdictionAndAReason_isAuditedFirst_andShowsEverythingInFull() {
        ApiData.Student student = ApiData.newStudent();
        String caseId = identify(student, "2026-03-02");
        accepted(caseId, "/verification/confirm", ApiData.confirm("2026-03-12"));
        accepted(caseId, "/trio", ApiData.trio("2026-03-13"));
        accepted(caseId, "/trio/replacements",
                 ApiData.replaceTrioMember("2026-03-20", "TEACHER", ApiData.helper("谭明远", "青禾乡中心小学 教师", "13500000404")));
        String path = path(caseId, "/personal-data?reason=入户核实需要联系监护人");

        assertThat(api.get(path, null).status()).isEqualTo(401);
        Response admin = api.get(path, ADMIN);
        assertThat(admin.status()).as(admin.toString()).isEqualTo(403);
        assertThat(api.get(path, OTHER_VILLAGE).status()).isEqualTo(403);
        assertThat(api.get(path, OTHER_SCHOOL).status()).isEqualTo(403);
        assertThat(api.get(path, OTHER_COUNTY).status()).isEqualTo(403);
        Response noReason = api.get(path(caseId, "/personal-data"), Actor.TOWN);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.code()).isEqualTo("REVEAL_REASON_REQUIRED");
        assertThat(api.get(path(caseId, "/personal-data?reason="), Actor.TOWN).status()).isEqualTo(400);
        assertThat(reveals(caseId)).isEmpty();

        for (Actor actor : List.of(Actor.VILLAGE, Actor.SCHOOL, Actor.TOWN, Actor.COUNTY)) {
            Response revealed = api.get(path, actor);
            assertThat(revealed.status()).as("%s → %s", actor.role(), revealed).isEqualTo(200);
            JsonNode body = revealed.body();
            assertThat(body.path("name").asText()).isEqualTo(student.name());
            assertThat(body.path("idNumber").asText()).isEqualTo(student.idNumber());
            assertThat(body.path("birthDate").asText()).isEqualTo(student.birthDate().toString());
            assertThat(body.path("householdAddress").asText()).isEqualTo("青禾村三组 8 号");
            assertThat(helpers(body)).containsExactlyInAnyOrder("TEACHER 谭明远 13500000404 current",
                                                                "VILLAGE_CADRE 罗长青 13900000202 current",
                                                                "GUARDIAN 林大木 13700000303 current",
                                                                "TEACHER 周晓梅 13800000101 former");
        }
        List<AccessEntry> reveals = reveals(caseId);
        assertThat(reveals).extracting(AccessEntry::userId)
                           .containsExactly(Actor.VILLAGE.userId(), Actor.SCHOOL.userId(), Actor.TOWN.userId(),
                                            Actor.COUNTY.userId());
        assertThat(reveals).allSatisfy(entry -> {
            assertThat(entry.detail()).startsWith("kcbx:enc:v1:").doesNotContain("入户核实");
            assertThat(seal.openText(entry.detail(), AccessLogReasons.PURPOSE)).contains("入户核实需要联系监护人");
            assertThat(entry.at()).isNotNull();
        });
        assertThat(api.get(path(java.util.UUID.randomUUID().toString(), "/personal-data?reason=核实"), Actor.COUNTY)
                      .status()).isEqualTo(404);
    }

    @Test
    void erasure_isForTheCountyOfAClosedCase_destroysTheKey_andTheCaseStillLoads() {
        ApiData.Student student = ApiData.newStudent();
        String caseId = persuadingCase("2026-03-02");
        accepted(caseId, "/visits", ApiData.visit("2026-03-20"));
        String erasure = path(caseId, "/personal-data/erasure");
        Map<String, String> reason = Map.of("reason", "监护人申请删除，已办结满五年");

        Response open = api.post(erasure, reason, Actor.COUNTY);
        assertThat(open.status()).as(open.toString()).isEqualTo(422);
        assertThat(open.code()).isEqualTo("CASE_NOT_CLOSED");
        accepted(caseId, "/close", ApiData.close("2026-04-02", "ABROAD"));
        assertThat(api.post(erasure, reason, Actor.TOWN).status()).isEqualTo(403);
        assertThat(api.post(erasure, reason, OTHER_COUNTY).status()).isEqualTo(403);
        assertThat(api.post(erasure, reason, ADMIN).status()).isEqualTo(403);
        assertThat(api.post(erasure, Map.of(), Actor.COUNTY).status()).isEqualTo(400);
        String keyId = studentKeys.keyIdOfCase(caseId).orElseThrow();

        Response erased = api.post(erasure, reason, Actor.COUNTY);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(api.post(erasure, reason, Actor.COUNTY).status()).as("again: nothing new").isEqualTo(200);

        // The case still loads: its audit trail, with region, dates and status, and the event of the erasure.
        Response events = api.get(path(caseId, "/events"), Actor.COUNTY);
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        events.body().forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).endsWith("CaseClosed", "PersonalDataErased").containsOnlyOnce("PersonalDataErased");
        JsonNode identified = events.body().get(0).path("data");
        assertThat(identified.has("student")).isFalse();
        assertThat(identified.path("household").path("village").asText()).isEqualTo(ApiData.VILLAGE_CODE);
        assertThat(identified.path("household").has("address")).isFalse();
        assertThat(identified.path("identifiedOn").asText()).isEqualTo("2026-03-02");
        JsonNode trio = events.body().get(2).path("data");
        assertThat(trio.has("teacher")).isFalse();
        assertThat(events.body().get(types.size() - 1).path("recordedBy").path("actorId").asText())
                .isEqualTo(Actor.COUNTY.userId());

        // Direct database access finds ciphertext, and no key to open it.
        Document key = databaseFactory.getMongoDatabase().getCollection(StudentKeys.KEYS_COLLECTION)
                                      .find(new Document("_id", keyId)).first();
        assertThat(key.keySet()).doesNotContain("wrappedKey", "student");
        assertThat(String.join("\n", storedEvents(caseId))).contains("kcbx:enc:v1:" + keyId)
                                                            .doesNotContain("周晓梅", "13800000101");

        Response gone = api.get(path(caseId, "/personal-data?reason=核实"), Actor.COUNTY);
        assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
        assertThat(gone.code()).isEqualTo("PERSONAL_DATA_ERASED");
        Response reopen = post(caseId, "/reopen", ApiData.reopen("2026-10-12"));
        assertThat(reopen.status()).as(reopen.toString()).isEqualTo(422);
        assertThat(reopen.code()).isEqualTo("PERSONAL_DATA_ERASED");
        assertThat(accessLog.find(null, caseId, null, null, 10)).extracting(AccessEntry::action)
                                                               .contains(AccessAction.PERSONAL_DATA_ERASED);
        // The student can be registered again, with a new key.
        String again = identify(student, "2026-10-13");
        assertThat(studentKeys.keyIdOfCase(again)).isPresent().get().isNotEqualTo(keyId);
    }

    @Test
    void erasure_coversEveryCaseOfTheStudent_butNotWhileOneIsOpen() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-03-02");
        accepted(first, "/close", ApiData.close("2026-03-10", "ABROAD"));
        String second = identify(student, "2026-04-01");
        Map<String, String> reason = Map.of("reason", "监护人申请删除");

        Response blocked = api.post(path(first, "/personal-data/erasure"), reason, Actor.COUNTY);
        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(422);
        assertThat(blocked.code()).isEqualTo("STUDENT_HAS_OPEN_CASE");

        accepted(second, "/close", ApiData.close("2026-04-10", "ABROAD"));
        Response erased = api.post(path(first, "/personal-data/erasure"), reason, Actor.COUNTY);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.body().path("erasedCases")).hasSize(2);
        for (String caseId : List.of(first, second)) {
            assertThat(api.get(path(caseId, "/personal-data?reason=核实"), Actor.COUNTY).status()).isEqualTo(410);
        }
    }

    @Test
    void theLogLeakDetector_watchesThisModule_alsoAfterSpringConfiguredLogging() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("personal-data-log-leak-detector")).isNotNull()
                                                                      .matches(appender -> appender.isStarted());
    }

    private List<String> storedEvents(String caseId) {
        MongoDatabase database = databaseFactory.getMongoDatabase();
        List<String> events = new ArrayList<>();
        for (Document commit : database.getCollection("events").find(new Document("aggregateId", caseId))
                                       .sort(new Document("firstSequence", 1))) {
            for (Document event : commit.getList("events", Document.class)) {
                events.add(event.toJson());
            }
        }
        return events;
    }

    private List<AccessEntry> reveals(String caseId) {
        return accessLog.find(null, caseId, null, null, 100).stream()
                        .filter(e -> e.action() == AccessAction.PERSONAL_DATA_REVEALED).toList();
    }

    private static List<String> helpers(JsonNode body) {
        List<String> helpers = new ArrayList<>();
        body.path("helpers").forEach(h -> helpers.add(h.path("role").asText() + " " + h.path("name").asText() + " "
                + h.path("phone").asText() + " " + (h.path("current").asBoolean() ? "current" : "former")));
        return helpers;
    }
}
