package cn.kcbx.query.casesheet;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestUsers;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET /api/cases/{caseId}: the case sheet, masked, for the units whose jurisdiction covers the case now, and nothing
 * of it for anyone else.
 *
 * <p>Case {@code returned}: village 430181105203 (town 430181105), last school 2143000001; returned to 2143000002 and
 * dropped out again. Case {@code moved}: same village; its household moved to 430181106201 (town 430181106).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseSheetApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("case_sheet");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final Actor TOWN = new Actor("town-a", Role.TOWN, "430181105");
    private static final Actor OTHER_TOWN = new Actor("town-b", Role.TOWN, "430181106");
    private static final Actor VILLAGE = new Actor("village-a", Role.VILLAGE, "430181105203");
    private static final Actor RETURN_SCHOOL = new Actor("school-return", Role.SCHOOL, "2143000002");
    private static final Actor OTHER_SCHOOL = new Actor("school-other", Role.SCHOOL, "2143000009");
    private static final Actor COUNTY = new Actor("county-a", Role.COUNTY, "430181");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CaseFiles caseFiles;
    @Autowired
    ApplicationContext applicationContext;
    @LocalServerPort
    int port;

    private TestUsers users;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final String returned = UUID.randomUUID().toString();
    private final String moved = UUID.randomUUID().toString();
    private final String returnedId = CaseEvents.idNumberOf(901);
    private final String movedId = CaseEvents.idNumberOf(902);

    @BeforeAll
    void cases() {
        record(returned, CaseEvents.identified(returned, returnedId), at(2026, 3, 10));
        record(returned, new DropoutConfirmed(returned, LocalDate.of(2026, 3, 20), null), at(2026, 3, 20));
        record(returned, new TrioAssigned(returned, LocalDate.of(2026, 3, 21), CaseEvents.teacher(),
                                          CaseEvents.villageCadre(),
                                          CaseEvents.guardian()), at(2026, 3, 21));
        record(returned, CaseEvents.visit(returned, 1, LocalDate.of(2026, 3, 25)), at(2026, 3, 25));
        record(returned, new StudentReturnedToSchool(returned, LocalDate.of(2026, 5, 8), "青禾乡第二小学",
                                                     "2143000002", Grade.GRADE_6, "六年级（2）班",
                                                     Placement.REGULAR_CLASS, 1, LocalDate.of(2026, 9, 15)),
               at(2026, 5, 8));
        record(returned, new RelapseRecorded(returned, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING,
                                             "再次辍学"), at(2026, 6, 1));

        record(moved, CaseEvents.identified(moved, movedId), at(2026, 3, 10));
        record(moved, CaseEvents.transferred(moved, "430181106201", new ReceivingSchool("白沙镇中学", "2143000007")),
               at(2026, 7, 5));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> sequence(returned) == 5 && sequence(moved) == 1);
    }

    @Test
    void the_town_reads_the_sheet_masked_with_its_returns() throws Exception {
        ResponseEntity<String> response = get("/api/cases/" + returned, TOWN);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode sheet = json.readTree(response.getBody());
        assertThat(sheet.path("caseId").asText()).isEqualTo(returned);
        JsonNode row = sheet.path("row");
        assertThat(row.path("caseId").asText()).isEqualTo(returned);
        assertThat(row.path("student").path("name").asText()).isEqualTo("林小禾");
        assertThat(row.path("status").path("code").asText()).isEqualTo("PERSUADING");
        assertThat(row.path("episode").asInt()).isEqualTo(2);
        assertThat(row.path("visitCount").asInt()).isEqualTo(1);
        assertThat(row.path("trio").path("teacher").path("name").asText()).isEqualTo("周晓梅");
        // Masked on every read: neither the ID number nor a helper's phone appears in full.
        assertThat(response.getBody()).doesNotContain(returnedId).doesNotContain(CaseEvents.teacher().phone().value());
        assertThat(row.path("student").path("idNumber").asText()).contains("*");

        JsonNode returns = sheet.path("returns");
        assertThat(returns).hasSize(1);
        assertThat(returns.get(0).path("schoolCode").asText()).isEqualTo("2143000002");
        assertThat(returns.get(0).path("grade").path("label").asText()).isNotBlank();
        assertThat(returns.get(0).path("relapsedOn").asText()).isEqualTo("2026-06-01");
        assertThat(sheet.path("transfers")).isEmpty();
        assertThat(sheet.path("asOf").asText()).isEqualTo(LocalDate.now(CHINA).toString());
    }

    @Test
    void the_village_county_and_the_school_the_child_returned_to_read_it_too() {
        for (Actor reader : List.of(VILLAGE, COUNTY, RETURN_SCHOOL)) {
            assertThat(get("/api/cases/" + returned, reader).getStatusCode().value()).as("%s", reader)
                                                                                      .isEqualTo(200);
        }
    }

    /** The attack: a town officer of another town asks for the case by its id and gets neither the sheet nor a name. */
    @Test
    void a_town_user_of_another_town_gets_403_and_no_data() throws Exception {
        for (Actor outsider : List.of(OTHER_TOWN, OTHER_SCHOOL)) {
            ResponseEntity<String> response = get("/api/cases/" + returned, outsider);
            assertThat(response.getStatusCode().value()).as("%s: %s", outsider, response.getBody()).isEqualTo(403);
            JsonNode body = json.readTree(response.getBody());
            assertThat(body.path("code").asText()).isEqualTo("OUT_OF_JURISDICTION");
            assertThat(body.path("message").asText()).matches(".*\\p{IsHan}.*");
            assertThat(response.getBody()).doesNotContain("林小禾").doesNotContain("周晓梅").doesNotContain("row");
        }
    }

    @Test
    void the_system_administrator_reads_no_case() throws Exception {
        ResponseEntity<String> response = get("/api/cases/" + returned, TestUsers.actor("ADMIN"));
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(403);
        assertThat(response.getBody()).doesNotContain("林小禾");
    }

    @Test
    void a_moved_case_is_read_by_its_new_town_with_its_transfer_and_no_longer_by_the_old_one() throws Exception {
        ResponseEntity<String> response = get("/api/cases/" + moved, OTHER_TOWN);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        JsonNode transfers = json.readTree(response.getBody()).path("transfers");
        assertThat(transfers).hasSize(1);
        assertThat(transfers.get(0).path("kind").path("code").asText()).isEqualTo("HOUSEHOLD_MOVED");
        assertThat(transfers.get(0).path("fromVillageCode").asText()).isEqualTo("430181105203");
        assertThat(transfers.get(0).path("toVillageCode").asText()).isEqualTo("430181106201");
        assertThat(get("/api/cases/" + moved, TOWN).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void an_unknown_case_is_404_a_malformed_id_400_and_no_sign_in_401() throws Exception {
        ResponseEntity<String> unknown = get("/api/cases/" + UUID.randomUUID(), COUNTY);
        assertThat(unknown.getStatusCode().value()).as(unknown.getBody()).isEqualTo(404);
        assertThat(json.readTree(unknown.getBody()).path("code").asText()).isEqualTo("CASE_NOT_FOUND");
        ResponseEntity<String> malformed = get("/api/cases/not-a-case", COUNTY);
        assertThat(malformed.getStatusCode().value()).as(malformed.getBody()).isEqualTo(400);
        assertThat(json.readTree(malformed.getBody()).path("message").asText()).matches(".*\\p{IsHan}.*");
        ResponseEntity<String> anonymous = http.exchange("/api/cases/" + returned, HttpMethod.GET,
                                                         new HttpEntity<>(new HttpHeaders()), String.class);
        assertThat(anonymous.getStatusCode().value()).isEqualTo(401);
        assertThat(anonymous.getBody()).doesNotContain("林小禾");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Instant at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(16, 0).atZone(CHINA).toInstant();
    }

    private void record(String caseId, CaseEvent event, Instant recordedAt) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                CaseEvents.metaData("clerk-01", "TOWN", "430181105", UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private long sequence(String caseId) {
        return caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L);
    }

    private ResponseEntity<String> get(String path, Actor actor) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(actor)), String.class);
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }
}
