package cn.kcbx.query.audit;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestActors;
import cn.kcbx.query.TestUsers;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.projection.ProjectionRegistry;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/audit: case events (from {@code audit_trail}) and access-log entries in one list, newest first, by user, by
 * case and by time; a county bureau sees its county, an administrator everything, nobody else anything.
 *
 * <p>Case A lives in county 430181, case C in 439921. Events are stored with September/October times; the access-log
 * entries are written now.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("audit");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final Actor VILLAGE_CLERK = TestActors.actor("village-clerk", Role.VILLAGE, "430181105203");
    private static final Actor TOWN_CLERK = TestActors.actor("town-clerk", Role.TOWN, "430181105");
    private static final Actor TEACHER = TestActors.actor("teacher-zhou", Role.SCHOOL, "2143000001");
    private static final Actor COUNTY_BUREAU = TestActors.actor("county-kcb", Role.COUNTY, "430181");
    private static final Actor OTHER_CLERK = TestActors.actor("qx-clerk", Role.VILLAGE, "439921100201");
    private static final Actor OTHER_BUREAU = TestActors.actor("qx-kcb", Role.COUNTY, "439921");
    private static final Actor ADMIN = TestActors.actor("sysadmin", Role.ADMIN, "430181");

    private static final String ID_NUMBER_A = CaseEvents.idNumberOf(801);
    private static final String ID_NUMBER_C = CaseEvents.idNumberOf(802);

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    AccessLog accessLog;
    @Autowired
    ProjectionRegistry registry;
    @Autowired
    CaseFiles caseFiles;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext applicationContext;
    @Autowired
    MongoDatabaseFactory databaseFactory;
    @LocalServerPort
    int port;

    private TestUsers users;

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final String caseA = UUID.randomUUID().toString();
    private final String caseC = UUID.randomUUID().toString();

    @BeforeAll
    void history() {
        // Every test user signs in once now (tokens are kept), and the access log starts empty after that: the
        // expectations below count only the entries this test plants.
        for (Actor user : List.of(ADMIN, COUNTY_BUREAU, OTHER_BUREAU, TOWN_CLERK, VILLAGE_CLERK, TEACHER)) {
            users().headers(user);
        }
        databaseFactory.getMongoDatabase().getCollection("access_log").deleteMany(new org.bson.Document());
        record(caseA, identified(caseA, "430181105203", ID_NUMBER_A, "林小禾"), VILLAGE_CLERK, "IdentifyCase",
               at(2026, 9, 1));
        record(caseC, identified(caseC, "439921100201", ID_NUMBER_C, "苏若溪"), OTHER_CLERK, "IdentifyCase",
               at(2026, 9, 2));
        record(caseA, new DropoutConfirmed(caseA, LocalDate.of(2026, 9, 5), null), TOWN_CLERK, "ConfirmDropout",
               at(2026, 9, 5));
        record(caseC, new DropoutConfirmed(caseC, LocalDate.of(2026, 10, 5), null), OTHER_CLERK, "ConfirmDropout",
               at(2026, 10, 5));
        record(caseA, new StudentReturnedToSchool(caseA, LocalDate.of(2026, 10, 10), "青禾乡中心小学", "2143000001",
                                                  Grade.GRADE_6, "六年级（1）班", Placement.REGULAR_CLASS, 1,
                                                  LocalDate.of(2027, 3, 15)), TEACHER, "RecordReturnToSchool",
               at(2026, 10, 10));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> registry.activeCollection(AuditTrailProjection.NAME).countDocuments() == 5
                       && caseFiles.current(caseA).map(CaseFile::sequence).orElse(-1L) == 2);

        accessLog.record(VILLAGE_CLERK, AccessAction.SIGNED_IN, null, "账号密码登录", "10.0.0.11");
        accessLog.record(OTHER_CLERK, AccessAction.SIGNED_IN, null, "账号密码登录", "10.0.0.12");
        accessLog.record(COUNTY_BUREAU, AccessAction.PERSONAL_DATA_REVEALED, caseA, "身份证号", "10.0.0.13");
        accessLog.record(TEACHER, AccessAction.PERSONAL_DATA_REVEALED, caseA, "监护人电话", "10.0.0.14");
    }

    @Test
    void anAdministrator_seesEverything_newestFirst() throws Exception {
        JsonNode page = ok("/api/audit", ADMIN);
        assertThat(page.get("total").asLong()).isEqualTo(9);
        List<JsonNode> rows = rows(page);
        assertThat(rows).hasSize(9);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Instant.parse(rows.get(i - 1).get("time").asText()))
                    .isAfterOrEqualTo(Instant.parse(rows.get(i).get("time").asText()));
        }
        // The four access-log entries are from now, the case events from September and October.
        assertThat(rows.subList(0, 4)).allMatch(row -> row.get("source").asText().equals("ACCESS_LOG"));
        assertThat(rows.subList(4, 9)).extracting(row -> row.get("actionCode").asText())
                .containsExactly("StudentReturnedToSchool", "DropoutConfirmed", "DropoutConfirmed", "CaseIdentified",
                                 "CaseIdentified");

        JsonNode second = ok("/api/audit?size=2&page=1", ADMIN);
        assertThat(second.get("total").asLong()).isEqualTo(9);
        assertThat(rows(second)).containsExactly(rows.get(2), rows.get(3));
    }

    @Test
    void byUser() throws Exception {
        List<JsonNode> town = rows(ok("/api/audit?user=town-clerk", ADMIN));
        assertThat(town).hasSize(1);
        JsonNode confirm = town.get(0);
        assertThat(confirm.get("time").asText()).isEqualTo(at(2026, 9, 5).toString());
        assertThat(confirm.get("userId").asText()).isEqualTo("town-clerk");
        assertThat(confirm.get("role").asText()).isEqualTo("TOWN");
        assertThat(confirm.get("roleLabel").asText()).isEqualTo("乡镇");
        assertThat(confirm.get("unit").asText()).isEqualTo("430181105");
        assertThat(confirm.get("action").asText()).isEqualTo("核实确认辍学");
        assertThat(confirm.get("caseId").asText()).isEqualTo(caseA);
        assertThat(confirm.get("detail").asText()).contains("ConfirmDropout");
        assertThat(confirm.get("channel").asText()).isEqualTo("web");

        List<JsonNode> village = rows(ok("/api/audit?user=village-clerk", COUNTY_BUREAU));
        assertThat(village).extracting(row -> row.get("action").asText()).containsExactly("登录", "登记疑似辍学");
        assertThat(village.get(0).get("origin").asText()).isEqualTo("10.0.0.11");
        assertThat(village.get(0).get("caseId").isNull()).isTrue();

        assertThat(rows(ok("/api/audit?user=teacher-zhou", ADMIN)))
                .extracting(row -> row.get("action").asText()).containsExactly("查看完整个人信息", "返校复学");
    }

    @Test
    void byCase() throws Exception {
        List<JsonNode> rows = rows(ok("/api/audit?case=" + caseA, COUNTY_BUREAU));
        assertThat(rows).extracting(row -> row.get("caseId").asText()).containsOnly(caseA);
        assertThat(rows).extracting(row -> row.get("actionCode").asText())
                .containsExactlyInAnyOrder("PERSONAL_DATA_REVEALED", "PERSONAL_DATA_REVEALED",
                                           "StudentReturnedToSchool", "DropoutConfirmed", "CaseIdentified");
        assertThat(rows(ok("/api/audit?case=" + caseC, OTHER_BUREAU))).hasSize(2);
        assertThat(rows(ok("/api/audit?case=" + caseC + "&user=town-clerk", ADMIN))).isEmpty();
    }

    @Test
    void byTimeWindow() throws Exception {
        // A date as "to" means the end of that day (China time); 16:00Z on 1 September is midnight of the 2nd there.
        assertThat(rows(ok("/api/audit?from=2026-09-01&to=2026-09-05", ADMIN)))
                .extracting(row -> row.get("time").asText())
                .containsExactly(at(2026, 9, 5).toString(), at(2026, 9, 2).toString(), at(2026, 9, 1).toString());
        assertThat(rows(ok("/api/audit?from=2026-09-01T16:00:00Z&to=2026-10-06", ADMIN)))
                .extracting(row -> row.get("actionCode").asText())
                .containsExactly("DropoutConfirmed", "DropoutConfirmed", "CaseIdentified");
        assertThat(rows(ok("/api/audit?from=2026-09-01&to=2026-09-30", COUNTY_BUREAU)))
                .extracting(row -> row.get("caseId").asText()).containsExactly(caseA, caseA);
        String today = LocalDate.now(CHINA).toString();
        assertThat(rows(ok("/api/audit?from=" + today, ADMIN))).hasSize(4)
                .allMatch(row -> row.get("source").asText().equals("ACCESS_LOG"));
    }

    @Test
    void aCountyBureau_seesItsCountysCasesAndUsers_only() throws Exception {
        JsonNode page = ok("/api/audit", COUNTY_BUREAU);
        List<JsonNode> rows = rows(page);
        assertThat(page.get("total").asLong()).isEqualTo(6);
        assertThat(rows).extracting(row -> row.get("userId").asText())
                .containsExactlyInAnyOrder("village-clerk", "county-kcb", "teacher-zhou", "village-clerk",
                                           "town-clerk", "teacher-zhou");
        assertThat(page.toString()).doesNotContain(caseC, "qx-clerk");

        List<JsonNode> other = rows(ok("/api/audit", OTHER_BUREAU));
        assertThat(other).extracting(row -> row.get("userId").asText()).containsOnly("qx-clerk").hasSize(3);

        assertError(get("/api/audit?case=" + caseC, COUNTY_BUREAU), 403, "OUT_OF_JURISDICTION", null);
    }

    @Test
    void a_probe_of_another_countys_child_is_audited_without_naming_that_countys_case() throws Exception {
        // A clerk of county 439921 typed in the ID number of case A's child: refused, and logged against case A.
        AccessEntry probe = accessLog.record(OTHER_CLERK, AccessAction.DUPLICATE_OPEN_CASE_REFUSED, caseA,
                                             "登记新案件被拒：该学生已有未结案件，该案件不在操作人管辖范围内，未告知案件编号",
                                             "10.0.0.15");
        try {
            JsonNode ownCounty = ok("/api/audit?user=qx-clerk", OTHER_BUREAU);
            JsonNode refusal = rows(ownCounty).stream()
                    .filter(row -> row.get("actionCode").asText().equals("DUPLICATE_OPEN_CASE_REFUSED")).findFirst()
                    .orElseThrow();
            assertThat(refusal.get("caseId").isNull()).isTrue();
            assertThat(ownCounty.toString()).doesNotContain(caseA);

            JsonNode holdingCounty = ok("/api/audit?case=" + caseA, COUNTY_BUREAU);
            assertThat(rows(holdingCounty)).anySatisfy(row -> {
                assertThat(row.get("actionCode").asText()).isEqualTo("DUPLICATE_OPEN_CASE_REFUSED");
                assertThat(row.get("userId").asText()).isEqualTo("qx-clerk");
                assertThat(row.get("caseId").asText()).isEqualTo(caseA);
            });
        } finally {
            // The other tests count the entries planted in history().
            databaseFactory.getMongoDatabase().getCollection("access_log")
                           .deleteOne(new org.bson.Document("_id", probe.id()));
        }
    }

    @Test
    void nobodyElse_mayAudit() throws Exception {
        for (Actor refused : List.of(TOWN_CLERK, VILLAGE_CLERK, TEACHER)) {
            ResponseEntity<String> response = get("/api/audit?case=" + caseA, refused);
            assertError(response, 403, "FORBIDDEN", null);
            assertThat(response.getBody()).doesNotContain("rows", caseA);
        }
    }

    @Test
    void auditRows_holdNoPersonalField() throws Exception {
        String all = get("/api/audit?size=500", ADMIN).getBody();
        assertThat(all).doesNotContain(ID_NUMBER_A, ID_NUMBER_C, ID_NUMBER_A.substring(0, 4) + "**", "林小禾", "苏若溪",
                                       CaseEvents.TEACHER_PHONE);
        assertThat(registry.activeCollection(AuditTrailProjection.NAME).find().into(new ArrayList<>()).toString())
                .doesNotContain(ID_NUMBER_A, ID_NUMBER_C, "林小禾", "苏若溪");
    }

    @Test
    void badParameters_getAClearError() throws Exception {
        assertError(get("/api/audit?from=yesterday", ADMIN), 400, "INVALID_TIME", "from");
        assertError(get("/api/audit?from=2026-10-01&to=2026-09-01", ADMIN), 400, "INVALID_TIME_RANGE", "to");
        assertError(get("/api/audit?case=abc", ADMIN), 400, "INVALID_IDENTIFIER", "case");
        assertError(get("/api/audit?size=100&page=100", ADMIN), 400, "AUDIT_PAGE_TOO_DEEP", "page");
        assertError(get("/api/audit", null), 401, "UNAUTHENTICATED", null);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CaseIdentified identified(String caseId, String village, String idNumber, String name) {
        StudentIdentity student = new StudentIdentity(name, new IdNumber(idNumber), null, null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null, LocalDate.of(2026, 9, 1),
                                  student, new HouseholdLocation(new DivisionCode(village), null),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6), List.of(),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static Instant at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(16, 0).atZone(CHINA).toInstant();
    }

    private void record(String caseId, CaseEvent event, Actor actor, String command, Instant recordedAt) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        Map<String, Object> metaData = CaseEvents.metaData(actor.userId(), actor.role().name(), actor.unitCode(),
                                                           UUID.randomUUID().toString());
        metaData.put("command", command);
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                                                                    metaData, UUID.randomUUID().toString(),
                                                                    recordedAt)));
    }

    private ResponseEntity<String> get(String path, Actor actor) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(actor)), String.class);
    }

    private JsonNode ok(String path, Actor actor) throws Exception {
        ResponseEntity<String> response = get(path, actor);
        assertThat(response.getStatusCode().value()).as("%s: %s", path, response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static List<JsonNode> rows(JsonNode page) {
        List<JsonNode> rows = new ArrayList<>();
        page.get("rows").forEach(rows::add);
        return rows;
    }

    private void assertError(ResponseEntity<String> response, int status, String code, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isEqualTo(code);
        if (field != null) {
            assertThat(body.get("field").asText()).isEqualTo(field);
        }
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
    }
}
