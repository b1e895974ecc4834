package cn.kcbx.query.transfer;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
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
 * A case of town A (430181105) handed over to town B (430181106) on 5 October: from then on it is in town B's ledgers,
 * marked as transferred in, and out of town A's; as of a day before, it is still town A's. The transfer list shows
 * it to both sides, each for its own region only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TransferReadSideApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("transfers");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String TOWN_A = "430181105";
    private static final String TOWN_B = "430181106";
    private static final String TOWN_C = "430181107";
    private static final Actor TOWN_A_OFFICER = new Actor("town-a-01", Actor.Role.TOWN, TOWN_A);
    private static final Actor TOWN_B_OFFICER = new Actor("town-b-01", Actor.Role.TOWN, TOWN_B);
    private static final Actor COUNTY_OFFICER = new Actor("county-01", Actor.Role.COUNTY, "430181");

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
    private final String moved = UUID.randomUUID().toString();
    private final String stayed = UUID.randomUUID().toString();

    @BeforeAll
    void eventsOfTwoCasesOfTownA_oneOfThemMovesToTownB() {
        record(stayed, identified(stayed, 1, TOWN_A + "204"), at(2026, 9, 2), TOWN_A_OFFICER);
        record(moved, identified(moved, 2, TOWN_A + "203"), at(2026, 9, 1), TOWN_A_OFFICER);
        record(moved, new DropoutConfirmed(moved, LocalDate.of(2026, 9, 5), null), at(2026, 9, 5), TOWN_A_OFFICER);
        record(moved, new TrioAssigned(moved, LocalDate.of(2026, 9, 6), CaseEvents.teacher(), CaseEvents.villageCadre(),
                                       CaseEvents.guardian()),
               at(2026, 9, 6), TOWN_A_OFFICER);
        record(moved, new CaseTransferred(moved, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 10, 5),
                                          new DivisionCode(TOWN_A + "203"),
                                          new HouseholdLocation(new DivisionCode(TOWN_B + "201"), "新村 2 组 6 号"),
                                          Set.of("2143000001"), null, "随父母迁户"),
               at(2026, 10, 5), TOWN_A_OFFICER);
        record(moved, CaseEvents.visit(moved, 1, LocalDate.of(2026, 10, 12)), at(2026, 10, 12), TOWN_B_OFFICER);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(moved).map(CaseFile::sequence).orElse(-1L) == 4
                       && caseFiles.current(stayed).isPresent());
    }

    @Test
    void fromTheTransferOn_theReceivingTownsLedgerListsTheCase_markedAsTransferredIn() throws Exception {
        JsonNode receiving = ok("/api/ledgers/sanbang?region=" + TOWN_B, TOWN_B_OFFICER);
        assertThat(ids(receiving)).containsExactly(moved);
        JsonNode row = receiving.get("rows").get(0);
        assertThat(row.get("townCode").asText()).isEqualTo(TOWN_B);
        assertThat(row.get("villageCode").asText()).isEqualTo(TOWN_B + "201");
        assertThat(row.get("visitCount").asInt()).isEqualTo(1);
        JsonNode transferredIn = row.get("transferredIn");
        assertThat(transferredIn.get("fromTownCode").asText()).isEqualTo(TOWN_A);
        assertThat(transferredIn.get("fromVillageCode").asText()).isEqualTo(TOWN_A + "203");
        assertThat(transferredIn.get("transferredOn").asText()).isEqualTo("2026-10-05");
        assertThat(transferredIn.get("kind").get("label").asText()).isEqualTo("户籍迁移");

        JsonNode sending = ok("/api/ledgers/sanbang?region=" + TOWN_A, TOWN_A_OFFICER);
        assertThat(ids(sending)).containsExactly(stayed);
        JsonNode notMoved = sending.get("rows").get(0).path("transferredIn");
        assertThat(notMoved.isMissingNode() || notMoved.isNull()).isTrue();
    }

    @Test
    void asOfADayBeforeTheTransfer_theCaseIsStillTheSendingTowns() throws Exception {
        assertThat(ids(ok("/api/ledgers/sanbang?region=" + TOWN_A + "&asOf=2026-10-04", TOWN_A_OFFICER)))
                .containsExactlyInAnyOrder(moved, stayed);
        assertThat(ids(ok("/api/ledgers/sanbang?region=" + TOWN_B + "&asOf=2026-10-04", TOWN_B_OFFICER))).isEmpty();
        assertThat(ids(ok("/api/ledgers/sanbang?region=" + TOWN_B + "&asOf=2026-10-06", TOWN_B_OFFICER)))
                .containsExactly(moved);
    }

    @Test
    void theTransferList_showsTheCaseAsInToTheReceiverAndOutToTheSender() throws Exception {
        JsonNode in = json.readTree(get("/api/ledgers/transfers?direction=in", TOWN_B_OFFICER).getBody());
        assertThat(in).hasSize(1);
        assertThat(in.get(0).get("caseId").asText()).isEqualTo(moved);
        assertThat(in.get(0).get("from").get("townCode").asText()).isEqualTo(TOWN_A);
        assertThat(in.get(0).get("to").get("villageCode").asText()).isEqualTo(TOWN_B + "201");
        assertThat(in.get(0).get("transferredByUnit").asText()).isEqualTo(TOWN_A);
        assertThat(in.get(0).get("currentStatus").get("code").asText()).isEqualTo("PERSUADING");

        JsonNode out = json.readTree(get("/api/ledgers/transfers?region=" + TOWN_A + "&direction=out",
                                         TOWN_A_OFFICER).getBody());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).get("caseId").asText()).isEqualTo(moved);
        JsonNode status = out.get(0).path("currentStatus");
        assertThat(status.isMissingNode() || status.isNull()).as("the sender no longer sees how it goes").isTrue();

        assertThat(json.readTree(get("/api/ledgers/transfers?direction=in", TOWN_A_OFFICER).getBody())).isEmpty();
        assertThat(json.readTree(get("/api/ledgers/transfers?region=430181&direction=in", COUNTY_OFFICER)
                                         .getBody())).as("a move within the county is no transfer into it").isEmpty();
    }

    @Test
    void theTransferList_isOnlyForTheUsersOwnRegion() throws Exception {
        assertError(get("/api/ledgers/transfers?region=" + TOWN_A + "&direction=out", TOWN_B_OFFICER), 403,
                    "OUT_OF_JURISDICTION");
        assertError(get("/api/ledgers/transfers?region=" + TOWN_B, new Actor("admin", Actor.Role.ADMIN, "430181")),
                    403, "OUT_OF_JURISDICTION");
        assertError(get("/api/ledgers/transfers?direction=sideways", TOWN_B_OFFICER), 400, "INVALID_PARAMETER");
    }

    /** Runs last: it adds a case of town A and transfers it away, which the other tests do not expect. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aTransfer_tellsTheSendingTownsLiveStream_thatTheCaseLeft() throws Exception {
        String leaving = UUID.randomUUID().toString();
        record(leaving, identified(leaving, 3, TOWN_A + "205"), Instant.now(), TOWN_A_OFFICER);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(leaving).isPresent());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live"))
                                         .header("Accept", "text/event-stream")
                                         .header(HttpHeaders.AUTHORIZATION, users().authorization(TOWN_A_OFFICER))
                                         .build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                                                       .send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String connected = LiveEvents.next(reader);
            assertThat(connected).startsWith("measures\n");
            int openBefore = openCases(connected);

            record(leaving, new CaseTransferred(leaving, TransferKind.HOUSEHOLD_MOVED, LocalDate.now(CHINA),
                                                new DivisionCode(TOWN_A + "205"),
                                                new HouseholdLocation(new DivisionCode(TOWN_C + "201"), null),
                                                Set.of("2143000001"), null, null),
                   Instant.now(), TOWN_A_OFFICER);

            String left = CompletableFuture.supplyAsync(() -> LiveEvents.next(reader)).get(15, TimeUnit.SECONDS);
            assertThat(left).startsWith("case-left\n").contains(leaving).contains("\"toTownCode\":\"" + TOWN_C + "\"");
            String measures = LiveEvents.next(reader);
            assertThat(measures).startsWith("measures\n");
            assertThat(openCases(measures)).isEqualTo(openBefore - 1);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private int openCases(String measuresEvent) throws Exception {
        JsonNode data = json.readTree(measuresEvent.substring(measuresEvent.indexOf('\n') + 1));
        return data.get("measures").get("account").get("cases").asInt();
    }

    private static CaseIdentified identified(String caseId, int n, String village) {
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙".charAt(n - 1),
                                                      new IdNumber(CaseEvents.idNumberOf(700 + n)), null, null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null, LocalDate.of(2026, 9, n),
                                  student, new HouseholdLocation(new DivisionCode(village), null),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6), List.of(),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static Instant at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(16, 0).atZone(CHINA).toInstant();
    }

    private void record(String caseId, CaseEvent event, Instant recordedAt, Actor actor) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                CaseEvents.metaData(actor.userId(), actor.role().name(), actor.unitCode(),
                                    UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private JsonNode ok(String path, Actor actor) throws Exception {
        ResponseEntity<String> response = get(path, actor);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(row -> ids.add(row.get("caseId").asText()));
        return ids;
    }

    private void assertError(ResponseEntity<String> response, int status, String code) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
    }

    private ResponseEntity<String> get(String path, Actor actor) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(actor)), String.class);
    }

    private HttpHeaders headers(Actor actor) {
        return users().headers(actor);
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }
}
