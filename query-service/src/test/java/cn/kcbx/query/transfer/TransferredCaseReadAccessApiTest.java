package cn.kcbx.query.transfer;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.LiveEvents;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read side follows a case to where it went, as the case service does: after a hand-over the sending side no
 * longer reads the case (timeline 403 {@code OUT_OF_JURISDICTION}, no live rows) and the receiving side does.
 *
 * <p>Case {@code sentAway}: village 430181105203 (town 430181105, county 430181), last school 2143000001; its
 * household moved to village 430182101201 of county 430182. Case {@code reenrolled}: same village and last school,
 * returned to 2143000002, dropped out again, and its 学籍 moved to 2143000007. Case {@code stays}: last school
 * 2143000002, which still handles it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransferredCaseReadAccessApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("transferred_read_access");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String VILLAGE_CODE = "430181105203";
    private static final String NEW_COUNTY_VILLAGE_CODE = "430182101201";
    private static final String LAST_SCHOOL = "2143000001";
    private static final String RETURN_SCHOOL = "2143000002";
    private static final String NEW_SCHOOL = "2143000007";

    private static final Actor OLD_VILLAGE = new Actor("village-a", Role.VILLAGE, VILLAGE_CODE);
    private static final Actor OLD_TOWN = new Actor("town-a", Role.TOWN, "430181105");
    private static final Actor OLD_COUNTY = new Actor("county-a", Role.COUNTY, "430181");
    private static final Actor NEW_COUNTY = new Actor("county-b", Role.COUNTY, "430182");
    private static final Actor NEW_TOWN = new Actor("town-b", Role.TOWN, "430182101");
    private static final Actor LAST_SCHOOL_USER = new Actor("school-last", Role.SCHOOL, LAST_SCHOOL);
    private static final Actor RETURN_SCHOOL_USER = new Actor("school-return", Role.SCHOOL, RETURN_SCHOOL);
    private static final Actor NEW_SCHOOL_USER = new Actor("school-new", Role.SCHOOL, NEW_SCHOOL);

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
    private final String sentAway = UUID.randomUUID().toString();
    private final String reenrolled = UUID.randomUUID().toString();
    private final String stays = UUID.randomUUID().toString();

    @BeforeAll
    void cases() {
        record(sentAway, identified(sentAway, 1, LAST_SCHOOL), at(2026, 9, 1));
        record(sentAway, new DropoutConfirmed(sentAway, LocalDate.of(2026, 9, 5), null), at(2026, 9, 5));
        record(sentAway, new CaseTransferred(sentAway, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 9, 20),
                                             new DivisionCode(VILLAGE_CODE),
                                             new HouseholdLocation(new DivisionCode(NEW_COUNTY_VILLAGE_CODE), null),
                                             Set.of(LAST_SCHOOL), null, "随父母迁户"), at(2026, 9, 20));

        record(reenrolled, identified(reenrolled, 2, LAST_SCHOOL), at(2026, 9, 1));
        record(reenrolled, new DropoutConfirmed(reenrolled, LocalDate.of(2026, 9, 5), null), at(2026, 9, 5));
        record(reenrolled, new TrioAssigned(reenrolled, LocalDate.of(2026, 9, 6), CaseEvents.teacher(),
                                            CaseEvents.villageCadre(),
                                            CaseEvents.guardian()), at(2026, 9, 6));
        record(reenrolled, new StudentReturnedToSchool(reenrolled, LocalDate.of(2026, 9, 10), "青禾乡第二小学",
                                                       RETURN_SCHOOL, Grade.GRADE_6, null, Placement.REGULAR_CLASS, 1,
                                                       LocalDate.of(2027, 3, 15)), at(2026, 9, 10));
        record(reenrolled, new RelapseRecorded(reenrolled, LocalDate.of(2026, 9, 15), 2, CaseStatus.PERSUADING,
                                               "再次辍学"), at(2026, 9, 15));
        record(reenrolled, new CaseTransferred(reenrolled, TransferKind.ENROLMENT_TRANSFERRED,
                                               LocalDate.of(2026, 9, 20), new DivisionCode(VILLAGE_CODE),
                                               new HouseholdLocation(new DivisionCode(VILLAGE_CODE), null),
                                               Set.of(LAST_SCHOOL, RETURN_SCHOOL),
                                               new ReceivingSchool("白沙镇中学", NEW_SCHOOL), null), at(2026, 9, 20));

        record(stays, identified(stays, 3, RETURN_SCHOOL), at(2026, 9, 2));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> sequence(sentAway) == 2 && sequence(reenrolled) == 5 && sequence(stays) == 0);
    }

    @Test
    void a_sent_away_case_timeline_is_closed_to_the_old_village_town_and_county() throws Exception {
        String timeline = "/api/cases/" + sentAway + "/timeline";
        for (Actor sender : List.of(OLD_VILLAGE, OLD_TOWN, OLD_COUNTY)) {
            forbidden(timeline, sender);
        }
        for (Actor receiver : List.of(NEW_COUNTY, NEW_TOWN, LAST_SCHOOL_USER)) {
            assertThat(status(timeline, receiver)).as("%s", receiver).isEqualTo(200);
        }
    }

    @Test
    void after_an_enrolment_transfer_the_old_schools_no_longer_read_the_case() throws Exception {
        String timeline = "/api/cases/" + reenrolled + "/timeline";
        for (Actor oldSchool : List.of(LAST_SCHOOL_USER, RETURN_SCHOOL_USER)) {
            forbidden(timeline, oldSchool);
            assertThat(ledgerIds(oldSchool)).doesNotContain(reenrolled);
        }
        assertThat(status(timeline, NEW_SCHOOL_USER)).isEqualTo(200);
        assertThat(ledgerIds(NEW_SCHOOL_USER)).containsExactly(reenrolled);
        assertThat(status(timeline, OLD_TOWN)).as("the household did not move").isEqualTo(200);
    }

    /**
     * The school the child once returned to keeps its live stream open. After the 学籍 moved on, a change to the case
     * must not reach it (its ledger already drops the case), while its own student's changes still do.
     */
    @Test
    void a_school_the_case_was_taken_from_gets_no_more_live_rows_of_it() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live"))
                                         .header("Accept", "text/event-stream")
                                         .header(HttpHeaders.AUTHORIZATION, users().authorization(RETURN_SCHOOL_USER))
                                         .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                                                       .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        // The stream of the school the child is at now, which does get the case's rows.
        HttpRequest newSchoolRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live"))
                                                  .header("Accept", "text/event-stream")
                                                  .header(HttpHeaders.AUTHORIZATION,
                                                          users().authorization(NEW_SCHOOL_USER))
                                                  .build();
        HttpResponse<InputStream> witness = HttpClient.newHttpClient()
                                                      .send(newSchoolRequest, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(witness.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
             BufferedReader witnessing = new BufferedReader(new InputStreamReader(witness.body(),
                                                                                  StandardCharsets.UTF_8))) {
            assertThat(LiveEvents.next(reader)).startsWith("subscribed\n").contains(RETURN_SCHOOL);
            assertThat(LiveEvents.next(witnessing)).startsWith("subscribed\n").contains(NEW_SCHOOL);
            // A change to the case that left, pushed in a round of its own: once the new school's stream has its
            // row, that round has been handed to every subscriber ...
            record(reenrolled, CaseEvents.visit(reenrolled, 1, LocalDate.now(CHINA)), Instant.now());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                   .until(() -> sequence(reenrolled) == 6);
            assertThat(LiveEvents.until(witnessing, reenrolled, Duration.ofSeconds(15))).last().asString()
                                                                                         .startsWith("ledger-row\n");
            // ... then one to the school's own student.
            record(stays, new DropoutConfirmed(stays, LocalDate.now(CHINA), null), Instant.now());
            List<String> received = new ArrayList<>();
            CompletableFuture.runAsync(() -> {
                String event;
                do {
                    event = LiveEvents.next(reader);
                    received.add(event);
                } while (!event.contains(stays));
            }).get(15, TimeUnit.SECONDS);
            assertThat(received).last().asString().startsWith("ledger-row\n");
            assertThat(received).noneMatch(event -> event.contains(reenrolled));
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CaseIdentified identified(String caseId, int n, String school) {
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙".charAt(n - 1),
                                                      new IdNumber(CaseEvents.idNumberOf(800 + n)), null, null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null, LocalDate.of(2026, 9, n),
                                  student, new HouseholdLocation(new DivisionCode(VILLAGE_CODE), null),
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
                CaseEvents.metaData("clerk-01", "TOWN", "430181105", UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private long sequence(String caseId) {
        return caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L);
    }

    private ResponseEntity<String> get(String path, Actor actor) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(actor)), String.class);
    }

    private int status(String path, Actor actor) {
        return get(path, actor).getStatusCode().value();
    }

    private void forbidden(String path, Actor actor) throws Exception {
        ResponseEntity<String> response = get(path, actor);
        assertThat(response.getStatusCode().value()).as("%s as %s: %s", path, actor, response.getBody()).isEqualTo(403);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isEqualTo("OUT_OF_JURISDICTION");
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
    }

    private List<String> ledgerIds(Actor school) throws Exception {
        ResponseEntity<String> response = get("/api/ledgers/sanbang", school);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json.readTree(response.getBody()).get("rows").forEach(row -> ids.add(row.get("caseId").asText()));
        return ids;
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }
}
