package cn.kcbx.query;

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
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every read endpoint answers only within the caller's jurisdiction: a village its village, a town its town and
 * villages, a county its county, a school its own students (no region figures), an administrator no case data. A
 * request for another unit's data is refused with 403 {@code OUT_OF_JURISDICTION}, never answered with an empty list.
 *
 * <p>Cases: A in village 430181105203 (last school 2143000001, returned to 2143000002); B in town 430181106 (last school
 * 2143000003); C in another county, 439921 (last school 2143000001: a school's students live in several counties).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadJurisdictionApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("read_jurisdiction");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final String VILLAGE_A = "430181105203";
    private static final String TOWN_A = "430181105";
    private static final String TOWN_B = "430181106";
    private static final String VILLAGE_B = "430181106201";
    private static final String COUNTY = "430181";
    private static final String OTHER_COUNTY = "439921";
    private static final String SCHOOL_A = "2143000001";
    private static final String RETURN_SCHOOL_A = "2143000002";
    private static final String SCHOOL_B = "2143000003";

    private static final Actor VILLAGE = TestActors.actor("village-a", Role.VILLAGE, VILLAGE_A);
    private static final Actor OTHER_VILLAGE = TestActors.actor("village-b", Role.VILLAGE, VILLAGE_B);
    private static final Actor TOWN = TestActors.actor("town-a", Role.TOWN, TOWN_A);
    private static final Actor OTHER_TOWN = TestActors.actor("town-b", Role.TOWN, TOWN_B);
    private static final Actor COUNTY_BUREAU = TestActors.actor("county-kcb", Role.COUNTY, COUNTY);
    private static final Actor OTHER_COUNTY_BUREAU = TestActors.actor("qx-kcb", Role.COUNTY, OTHER_COUNTY);
    private static final Actor SCHOOL = TestActors.actor("school-a", Role.SCHOOL, SCHOOL_A);
    private static final Actor RETURN_SCHOOL = TestActors.actor("school-r", Role.SCHOOL, RETURN_SCHOOL_A);
    private static final Actor OTHER_SCHOOL = TestActors.actor("school-b", Role.SCHOOL, SCHOOL_B);
    private static final Actor ADMIN = TestActors.actor("sysadmin", Role.ADMIN, COUNTY);

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
    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext applicationContext;

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
    private final String caseB = UUID.randomUUID().toString();
    private final String caseC = UUID.randomUUID().toString();

    @BeforeAll
    void cases() {
        record(caseA, identified(caseA, 1, VILLAGE_A, SCHOOL_A), at(2026, 9, 1));
        record(caseA, new DropoutConfirmed(caseA, LocalDate.of(2026, 9, 5), null), at(2026, 9, 5));
        record(caseA, new TrioAssigned(caseA, LocalDate.of(2026, 9, 6), CaseEvents.teacher(), CaseEvents.villageCadre(),
                                       CaseEvents.guardian()),
               at(2026, 9, 6));
        record(caseA, new StudentReturnedToSchool(caseA, LocalDate.of(2026, 10, 10), "青禾乡第二小学", RETURN_SCHOOL_A,
                                                  Grade.GRADE_6, "六年级（2）班", Placement.REGULAR_CLASS, 1,
                                                  LocalDate.of(2027, 3, 15)), at(2026, 10, 10));
        record(caseB, identified(caseB, 2, VILLAGE_B, SCHOOL_B), at(2026, 10, 2));
        record(caseC, identified(caseC, 3, OTHER_COUNTY + "100201", SCHOOL_A), at(2026, 10, 3));
        awaitLedgerSequence(caseA, 3);
        awaitLedgerSequence(caseB, 0);
        awaitLedgerSequence(caseC, 0);
    }

    @Test
    void theSanbangLedger_byJurisdiction() throws Exception {
        String sanbang = "/api/ledgers/sanbang?status=RETURNED,IDENTIFIED";
        assertThat(ids(ok(sanbang, VILLAGE))).containsExactly(caseA);
        assertThat(ok(sanbang, VILLAGE).get("region").asText()).isEqualTo(VILLAGE_A);
        forbidden(sanbang + "&region=" + TOWN_A, VILLAGE);
        forbidden(sanbang + "&region=" + VILLAGE_B, VILLAGE);

        assertThat(ids(ok(sanbang, TOWN))).containsExactly(caseA);
        assertThat(ids(ok(sanbang + "&region=" + VILLAGE_A, TOWN))).containsExactly(caseA);
        forbidden(sanbang + "&region=" + TOWN_B, TOWN);
        forbidden(sanbang + "&region=" + COUNTY, TOWN);

        assertThat(ids(ok(sanbang + "&sort=identifiedOn", COUNTY_BUREAU))).containsExactly(caseA, caseB);
        forbidden(sanbang + "&region=" + OTHER_COUNTY, COUNTY_BUREAU);
        assertThat(ids(ok(sanbang, OTHER_COUNTY_BUREAU))).containsExactly(caseC);

        // A school: its own students, wherever they live; a region only narrows the list.
        JsonNode school = ok(sanbang + "&sort=identifiedOn", SCHOOL);
        assertThat(ids(school)).containsExactly(caseA, caseC);
        assertThat(school.get("school").asText()).isEqualTo(SCHOOL_A);
        assertThat(school.get("region").isNull()).isTrue();
        assertThat(ids(ok(sanbang + "&region=" + COUNTY, SCHOOL))).containsExactly(caseA);
        assertThat(ids(ok(sanbang + "&schoolCode=" + SCHOOL_A, SCHOOL))).containsExactly(caseA, caseC);
        forbidden(sanbang + "&schoolCode=" + SCHOOL_B, SCHOOL);
        assertThat(ids(ok(sanbang, RETURN_SCHOOL))).containsExactly(caseA);
        assertThat(ids(ok(sanbang, OTHER_SCHOOL))).containsExactly(caseB);

        forbidden(sanbang, ADMIN);
        forbidden(sanbang + "&region=" + COUNTY, ADMIN);
    }

    @Test
    void theReturnAccount_byJurisdiction() throws Exception {
        JsonNode county = ok("/api/ledgers/returns", COUNTY_BUREAU);
        assertThat(county.get("summary").get("cases").asInt()).isEqualTo(2);
        assertThat(ids(county.get("students"))).containsExactly(caseA);
        JsonNode town = ok("/api/ledgers/returns?region=" + TOWN_B, OTHER_TOWN);
        assertThat(town.get("summary").get("cases").asInt()).isEqualTo(1);
        assertThat(ids(town.get("students"))).isEmpty();
        forbidden("/api/ledgers/returns?region=" + TOWN_A, OTHER_TOWN);
        forbidden("/api/ledgers/returns?region=" + COUNTY, OTHER_VILLAGE);

        JsonNode school = ok("/api/ledgers/returns", SCHOOL);
        assertThat(school.get("school").asText()).isEqualTo(SCHOOL_A);
        assertThat(school.get("summary").get("cases").asInt()).isEqualTo(2);
        assertThat(ids(school.get("students"))).containsExactly(caseA);
        JsonNode otherSchool = ok("/api/ledgers/returns", OTHER_SCHOOL);
        assertThat(otherSchool.get("summary").get("cases").asInt()).isEqualTo(1);
        assertThat(ids(otherSchool.get("students"))).isEmpty();

        forbidden("/api/ledgers/returns", ADMIN);
    }

    @Test
    void theTownDashboard_isForTheTownAndItsCounty() throws Exception {
        String dashboard = "/api/dashboards/towns/" + TOWN_A;
        assertThat(ok(dashboard, TOWN).get("measures").get("account").get("cases").asInt()).isEqualTo(1);
        assertThat(ok(dashboard, COUNTY_BUREAU).get("measures").get("account").get("cases").asInt()).isEqualTo(1);
        for (Actor refused : List.of(OTHER_TOWN, VILLAGE, OTHER_COUNTY_BUREAU, SCHOOL, ADMIN)) {
            forbidden(dashboard, refused);
        }
    }

    @Test
    void countyReports_areForThatCountysBureauOnly() throws Exception {
        for (String report : List.of("/api/reports/counties/" + COUNTY,
                                     "/api/reports/counties/" + COUNTY + "/monthly/2026-10")) {
            assertThat(ok(report, COUNTY_BUREAU).get("total").get("account").get("cases").asInt()).isEqualTo(2);
            for (Actor refused : List.of(OTHER_COUNTY_BUREAU, TOWN, VILLAGE, SCHOOL, ADMIN)) {
                forbidden(report, refused);
            }
        }
    }

    @Test
    void theCaseTimeline_followsTheCasesVillageAndSchools() throws Exception {
        String timelineA = "/api/cases/" + caseA + "/timeline";
        for (Actor allowed : List.of(VILLAGE, TOWN, COUNTY_BUREAU, SCHOOL, RETURN_SCHOOL)) {
            assertThat(ok(timelineA, allowed).get("entries")).hasSize(4);
        }
        for (Actor refused : List.of(OTHER_VILLAGE, OTHER_TOWN, OTHER_COUNTY_BUREAU, OTHER_SCHOOL, ADMIN)) {
            forbidden(timelineA, refused);
        }
        String timelineC = "/api/cases/" + caseC + "/timeline";
        assertThat(ok(timelineC, SCHOOL).get("entries")).hasSize(1);
        assertThat(ok(timelineC, OTHER_COUNTY_BUREAU).get("entries")).hasSize(1);
        forbidden(timelineC, COUNTY_BUREAU);
    }

    @Test
    void projectionAdministration_isForAdministratorsOnly() throws Exception {
        assertThat(ok("/api/admin/projections", ADMIN)).isNotEmpty();
        for (Actor refused : List.of(COUNTY_BUREAU, TOWN, VILLAGE, SCHOOL)) {
            assertError(get("/api/admin/projections", refused), 403, "FORBIDDEN");
            assertError(exchange(HttpMethod.POST, "/api/admin/projections/rebuild", refused), 403, "FORBIDDEN");
            assertError(exchange(HttpMethod.POST, "/api/admin/projections/case_ledger/rebuild", refused), 403,
                        "FORBIDDEN");
        }
    }

    @Test
    void theLiveStream_isCheckedOnConnect() throws Exception {
        assertError(stream("/api/live", ADMIN), 403, "OUT_OF_JURISDICTION");
        assertError(stream("/api/live?region=" + TOWN_B, TOWN), 403, "OUT_OF_JURISDICTION");
        assertError(stream("/api/live?region=" + COUNTY, VILLAGE), 403, "OUT_OF_JURISDICTION");
    }

    @Test
    void aSchoolsLiveStream_carriesOnlyItsStudentsRows_andNoRegionFigures() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request("/api/live", SCHOOL),
                                                                             HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        // The other school's stream, which does get the other student's rows.
        HttpResponse<InputStream> witness = HttpClient.newHttpClient().send(request("/api/live", OTHER_SCHOOL),
                                                                            HttpResponse.BodyHandlers.ofInputStream());
        assertThat(witness.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
             BufferedReader witnessing = new BufferedReader(new InputStreamReader(witness.body(),
                                                                                  StandardCharsets.UTF_8))) {
            assertThat(LiveEvents.next(reader)).startsWith("subscribed\n").contains(SCHOOL_A);
            assertThat(LiveEvents.next(witnessing)).startsWith("subscribed\n").contains(SCHOOL_B);
            // A change to another school's student first, pushed (to nobody here) in a round of its own: once the
            // other school's stream has its row, that round has been handed to every subscriber ...
            record(caseB, new DropoutConfirmed(caseB, LocalDate.now(CHINA), null), Instant.now());
            awaitLedgerSequence(caseB, 1);
            assertThat(LiveEvents.until(witnessing, caseB, Duration.ofSeconds(15))).last().asString()
                                                                                     .startsWith("ledger-row\n");
            // ... then one to this school's student.
            record(caseC, new DropoutConfirmed(caseC, LocalDate.now(CHINA), null), Instant.now());
            List<String> received = new ArrayList<>();
            CompletableFuture<Void> untilC = CompletableFuture.runAsync(() -> {
                String event;
                do {
                    event = LiveEvents.next(reader);
                    received.add(event);
                } while (!event.contains(caseC));
            });
            untilC.get(15, TimeUnit.SECONDS);
            assertThat(received).last().asString().startsWith("ledger-row\n").contains("\"status\"");
            assertThat(received).noneMatch(event -> event.contains(caseB)).noneMatch(e -> e.startsWith("measures"));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CaseIdentified identified(String caseId, int n, String village, String school) {
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙".charAt(n - 1),
                                                      new IdNumber(CaseEvents.idNumberOf(700 + n)), null, null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null,
                                  LocalDate.ofInstant(at(2026, 9, 1), CHINA).plusDays(n), student,
                                  new HouseholdLocation(new DivisionCode(village), null),
                                  new LastSchool("青禾乡中心小学", school, Grade.GRADE_6), List.of(),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static Instant at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(16, 0).atZone(CHINA).toInstant();
    }

    private void record(String caseId, CaseEvent event, Instant recordedAt) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                CaseEvents.metaData("clerk-01", "TOWN", TOWN_A, UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private void awaitLedgerSequence(String caseId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L) == sequence);
    }

    private ResponseEntity<String> get(String path, Actor actor) {
        return exchange(HttpMethod.GET, path, actor);
    }

    private ResponseEntity<String> exchange(HttpMethod method, String path, Actor actor) {
        return http.exchange(path, method, new HttpEntity<>(users().headers(actor)), String.class);
    }

    private JsonNode ok(String path, Actor actor) throws Exception {
        ResponseEntity<String> response = get(path, actor);
        assertThat(response.getStatusCode().value()).as("%s as %s: %s", path, actor, response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    /** 403 OUT_OF_JURISDICTION with a Chinese message, and not a word about any case. */
    private void forbidden(String path, Actor actor) throws Exception {
        ResponseEntity<String> response = get(path, actor);
        assertThat(response.getStatusCode().value()).as("%s as %s: %s", path, actor, response.getBody()).isEqualTo(403);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isIn("OUT_OF_JURISDICTION");
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
        assertThat(response.getBody()).doesNotContain(caseA, caseB, caseC);
    }

    private void assertError(ResponseEntity<String> response, int status, String code) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
    }

    private HttpRequest request(String path, Actor actor) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                                 .header("Accept", "text/event-stream");
        users().headers(actor).forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        return builder.build();
    }

    /** An event-stream request's answer, when it is not a stream (an error). */
    private ResponseEntity<String> stream(String path, Actor actor) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(request(path, actor),
                                                                         HttpResponse.BodyHandlers.ofString());
        return ResponseEntity.status(response.statusCode()).body(response.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(row -> ids.add(row.get("caseId").asText()));
        return ids;
    }

}
