package cn.kcbx.demo;

import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The demo county, small (2 towns × 10 cases: every path once), loaded by the real service at start through its
 * HTTP API. Checks what got stored, read back through GET /api/cases/{id}/events as any client would.
 *
 * <p>The case service with the demo configuration added, as the all-in-one app starts it, on a database of its own:
 * the demo is only loaded into an empty store.
 */
@SpringBootTest(classes = {CaseServiceApplication.class, DemoConfiguration.class},
                webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + CaseServiceApplication.CONFIG_NAMES)
@TestPropertySource(properties = {"kcbx.demo.enabled=true", "kcbx.demo.towns=2", "kcbx.demo.cases-per-town=10"})
class DemoCountyApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("demo_county");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
    }

    @LocalServerPort
    int port;

    @Autowired
    DemoLoader loader;

    @Autowired
    SimulatedClock clock;

    @Autowired
    ApplicationContext applicationContext;

    private DemoLoadReport report;
    private List<List<JsonNode>> cases;

    @BeforeEach
    void readBack() throws Exception {
        report = loader.startupReport();
        cases = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        String county = new SignedInActors(applicationContext, port)
                .authorization(new Actor("qx.kcb.test", Actor.Role.COUNTY, DemoCounty.COUNTY_CODE));
        for (String caseId : report.caseIds()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cases/" + caseId
                                                                    + "/events"))
                                             .header("Authorization", county).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<JsonNode> events = new ArrayList<>();
            MAPPER.readTree(response.body()).forEach(events::add);
            cases.add(events);
        }
    }

    @Test
    void loads_without_a_single_rejection_and_gives_the_clock_back() {
        assertThat(report.outcome()).isEqualTo(DemoLoadReport.Outcome.LOADED);
        assertThat(report.cases()).isEqualTo(20);
        assertThat(report.rejections()).isZero();
        assertThat(report.skipped()).isZero();
        assertThat(report.commands()).isEqualTo(report.timeline().steps().size());
        assertThat(report.caseIds()).doesNotContainNull().hasSize(20);
        assertThat(clock.offset()).isEqualTo(Duration.ZERO);
        assertThat(GenericEventMessage.clock.instant()).isCloseTo(Instant.now(), within(5, ChronoUnit.SECONDS));
    }

    @Test
    void every_role_has_a_demo_account_with_the_documented_password() {
        SignedInActors users = new SignedInActors(applicationContext, port);
        for (DemoAccounts.DemoAccount account : DemoAccounts.ALL) {
            JsonNode user = users.signIn(account.actor().userId(), DemoAccounts.PASSWORD).path("user");
            assertThat(user.path("role").asText()).isEqualTo(account.actor().role().name());
            assertThat(user.path("unit").asText()).isEqualTo(account.actor().unitCode());
            assertThat(user.path("mustChangePassword").asBoolean(true)).isFalse();
            assertThat(user.path("unitName").asText()).as(account.actor().unitCode()).isNotBlank();
        }
        assertThat(DemoAccounts.ALL).extracting(account -> account.actor().role())
                                    .containsExactlyInAnyOrder(Actor.Role.values());
        // demo-admin administers the demo county, the demo school's account included.
        Actor demoAdmin = DemoAccounts.ALL.stream().map(DemoAccounts.DemoAccount::actor)
                                          .filter(actor -> actor.role() == Actor.Role.ADMIN).findFirst().orElseThrow();
        assertThat(applicationContext.getBean(AccountService.class).list(demoAdmin)).extracting(Account::username)
                .containsAll(DemoAccounts.ALL.stream().map(account -> account.actor().userId()).toList());
        // The demo village and school are ones the demo's cases are about.
        assertThat(report.timeline().cases()).anyMatch(c -> c.villageCode().equals(DemoAccounts.VILLAGE));
        assertThat(report.timeline().steps()).anyMatch(step -> step.actor().unitCode().equals(DemoAccounts.SCHOOL));
    }

    @Test
    void the_county_has_its_directory_and_its_own_download_imported_again_changes_nothing() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String county = new SignedInActors(applicationContext, port)
                .authorization(new Actor("qx.kcb.test", Actor.Role.COUNTY, DemoCounty.COUNTY_CODE));
        String base = "http://127.0.0.1:" + port + "/api/directory/" + DemoCounty.COUNTY_CODE;
        JsonNode directory = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Authorization", county).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(directory.path("countyName").asText()).isEqualTo(DemoCounty.COUNTY_NAME);
        assertThat(directory.path("towns").asInt()).isEqualTo(2);
        Set<String> listed = new HashSet<>();
        directory.path("units").forEach(unit -> listed.add(unit.path("code").asText()));
        assertThat(listed).containsAll(report.timeline().cases().stream().map(c -> c.villageCode()).toList());

        byte[] template = http.send(HttpRequest.newBuilder(URI.create(base + "/template.xlsx"))
                                               .header("Authorization", county).build(),
                                    HttpResponse.BodyHandlers.ofByteArray()).body();
        HttpResponse<String> again = http.send(
                HttpRequest.newBuilder(URI.create(base + "/import?fileName=qingxi.xlsx"))
                           .header("Authorization", county)
                           .header("Content-Type", "application/octet-stream")
                           .POST(HttpRequest.BodyPublishers.ofByteArray(template)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(again.body()).path("added").asInt(-1)).isZero();
        assertThat(MAPPER.readTree(again.body()).path("changed").asInt(-1)).isZero();
    }

    @Test
    void every_path_occurs() {
        assertThat(anyCase(types -> has(types, "CaseCrossedOff") && !has(types, "CaseReopened")))
                .as("returned and crossed off").isTrue();
        assertThat(anyCase(types -> has(types, "RelapseRecorded"))).as("relapse").isTrue();
        assertThat(anyCase(types -> has(types, "CaseCrossedOff")
                && types.lastIndexOf("CaseReopened") > types.indexOf("CaseCrossedOff"))).as("reopened").isTrue();
        assertThat(anyCase(types -> has(types, "DisabilityRecorded") && has(types, "HomeTeachingArranged")
                && has(types, "HomeTeachingSessionDelivered"))).as("送教上门").isTrue();
        for (String legal : List.of("CriticismEducationRecorded", "CorrectionOrderIssued", "LegalDocumentServed",
                                    "JudicialInterventionRecorded", "LawsuitFiled", "LawsuitConcluded")) {
            assertThat(anyCase(types -> has(types, legal))).as(legal).isTrue();
        }
        assertThat(anyCase(types -> has(types, "CaseVerifiedNotDropout"))).as("verified not dropout").isTrue();
        assertThat(anyCase(types -> last(types, "CaseRecheckScheduled"))).as("pending recheck").isTrue();
        assertThat(anyCase(types -> has(types, "CaseRecheckScheduled") && has(types, "DropoutConfirmed")))
                .as("rechecked, then confirmed").isTrue();
        assertThat(anyCase(types -> last(types, "StudentReturnedToSchool"))).as("in the watch period").isTrue();
        assertThat(cases).anyMatch(events -> events.size() == 1).as("awaiting verification");
        assertThat(anyCase(types -> types.indexOf("VisitLogged") < types.indexOf("CaseTransferred")
                && types.lastIndexOf("VisitLogged") > types.indexOf("CaseTransferred")))
                .as("transferred to another town and worked there").isTrue();

        // Special situations closed with evidence, at verification and later.
        assertThat(cases.stream().flatMap(List::stream)
                        .filter(e -> type(e).equals("CaseVerifiedNotDropout") || type(e).equals("CaseClosed"))
                        .peek(e -> assertThat(e.path("data").path("evidence").size()).isPositive())
                        .map(e -> e.path("data").path("category").asText()).distinct().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(cases.stream().flatMap(List::stream).filter(e -> type(e).equals("CaseClosed"))
                        .map(e -> e.path("data").path("category").asText()))
                .anyMatch(category -> category.startsWith("MOVED_TO"))
                .anyMatch(category -> !category.startsWith("MOVED_TO"));
    }

    @Test
    void overdue_cases_and_deadlines_are_there() {
        LocalDate today = LocalDate.now(DemoTimeline.ZONE);
        LocalDate monthAgo = today.minusDays(30);
        assertThat(cases).as("confirmed long ago, no trio").anyMatch(events -> {
            JsonNode last = events.get(events.size() - 1);
            return type(last).equals("DropoutConfirmed") && date(last, "confirmedOn").isBefore(monthAgo);
        });
        assertThat(cases).as("persuading, last visit over 30 days ago").anyMatch(events -> {
            JsonNode last = events.get(events.size() - 1);
            return type(last).equals("VisitLogged") && date(last, "visitedOn").isBefore(monthAgo);
        });
        assertThat(cases).as("persuading with a recent visit").anyMatch(events -> {
            JsonNode last = events.get(events.size() - 1);
            return type(last).equals("VisitLogged") && !date(last, "visitedOn").isBefore(monthAgo);
        });
        assertThat(cases).as("served order whose deadline passed, nothing further yet").anyMatch(events ->
                events.stream().anyMatch(e -> type(e).equals("CorrectionOrderIssued")
                        && date(e, "deadline").isBefore(today))
                && events.stream().noneMatch(e -> Set.of("JudicialInterventionRecorded", "LawsuitFiled",
                        "StudentReturnedToSchool", "CaseClosed").contains(type(e))));
    }

    @Test
    void home_teaching_runs_at_and_behind_the_required_rate() {
        LocalDate today = LocalDate.now(DemoTimeline.ZONE);
        List<Double> ratios = new ArrayList<>();
        for (List<JsonNode> events : cases) {
            JsonNode arranged = events.stream().filter(e -> type(e).equals("HomeTeachingArranged")).findFirst()
                                      .orElse(null);
            if (arranged == null || events.stream().anyMatch(e -> type(e).equals("CaseClosed"))) {
                continue;
            }
            long sessions = events.stream().filter(e -> type(e).equals("HomeTeachingSessionDelivered")).count();
            double weeks = ChronoUnit.DAYS.between(date(arranged, "startsOn"), today) / 7.0;
            ratios.add(sessions / weeks / arranged.path("data").path("requiredSessionsPerWeek").asInt());
        }
        assertThat(ratios).anyMatch(ratio -> ratio >= 0.7).anyMatch(ratio -> ratio < 0.5);
    }

    @Test
    void events_are_recorded_on_their_day_over_more_than_a_year_and_never_in_the_future() {
        Instant now = Instant.now();
        List<Instant> recorded = cases.stream().flatMap(List::stream)
                                      .map(e -> Instant.parse(e.path("recordedAt").asText())).toList();
        assertThat(recorded).allMatch(at -> at.isBefore(now));
        Instant first = recorded.stream().min(Comparator.naturalOrder()).orElseThrow();
        Instant last = recorded.stream().max(Comparator.naturalOrder()).orElseThrow();
        assertThat(Duration.between(first, last).toDays()).isGreaterThan(366);
        for (List<JsonNode> events : cases) {
            JsonNode identified = events.get(0);
            LocalDate recordedOn = LocalDate.ofInstant(Instant.parse(identified.path("recordedAt").asText()),
                                                       DemoTimeline.ZONE);
            assertThat(recordedOn).isEqualTo(date(identified, "identifiedOn"));
        }
    }

    @Test
    void commands_came_through_the_api_as_plausible_users() {
        for (List<JsonNode> events : cases) {
            for (JsonNode event : events) {
                JsonNode by = event.path("recordedBy");
                assertThat(by.path("requestId").asText()).hasSize(36);
                assertThat(by.path("origin").asText()).isNotBlank();
                if (type(event).equals("VisitLogged")) {
                    assertThat(by.path("actorRole").asText()).isEqualTo("VILLAGE");
                    assertThat(by.path("actorUnit").asText()).matches("439921\\d{6}");
                    assertThat(by.path("channel").asText()).isEqualTo("mobile");
                }
                if (type(event).equals("StudentReturnedToSchool")) {
                    assertThat(by.path("actorRole").asText()).isEqualTo("SCHOOL");
                }
                if (type(event).equals("CaseTransferred")) {
                    assertThat(by.path("actorRole").asText()).isEqualTo("TOWN");
                    assertThat(by.path("actorUnit").asText())
                            .isEqualTo(event.path("data").path("fromVillage").asText().substring(0, 9))
                            .isNotEqualTo(event.path("data").path("toHousehold").path("village").asText()
                                               .substring(0, 9));
                }
                if (type(event).equals("LawsuitFiled") || type(event).equals("CaseCrossedOff")) {
                    assertThat(by.path("actorRole").asText()).isEqualTo("COUNTY");
                    assertThat(by.path("actorUnit").asText()).isEqualTo(DemoCounty.COUNTY_CODE);
                }
            }
        }
    }

    @Test
    void every_id_number_is_valid_and_of_the_fictional_county() throws Exception {
        Set<String> generated = new HashSet<>();
        report.timeline().cases().forEach(c -> generated.add(new IdNumber(c.idNumber()).value()));
        assertThat(generated).hasSize(20).allMatch(id -> id.startsWith(DemoCounty.COUNTY_CODE));
        // The audit trail shows them masked; the audited reveal in full.
        Set<String> listed = new HashSet<>();
        cases.forEach(events -> listed.add(events.get(0).path("data").path("student").path("idNumber").asText()));
        assertThat(listed).isEqualTo(generated.stream().map(id -> new IdNumber(id).masked()).collect(toSet()));
        Set<String> revealed = new HashSet<>();
        HttpClient http = HttpClient.newHttpClient();
        String county = new SignedInActors(applicationContext, port)
                .authorization(new Actor("qx.kcb.test", Actor.Role.COUNTY, DemoCounty.COUNTY_CODE));
        for (String caseId : report.caseIds()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/cases/" + caseId
                                                                    + "/personal-data?reason=demo-check"))
                                             .header("Authorization", county).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            revealed.add(MAPPER.readTree(response.body()).path("idNumber").asText());
        }
        assertThat(revealed).isEqualTo(generated);
    }

    @Test
    void the_same_seed_gives_the_same_county_and_a_second_start_loads_nothing() {
        DemoTimeline again = DemoTimeline.generate(20_250_901L, 2, 10, report.timeline().lastDay(), CasePolicy.DEFAULT);
        assertThat(again.cases()).isEqualTo(report.timeline().cases());
        assertThat(again.steps()).isEqualTo(report.timeline().steps());

        DemoLoadReport second = loader.load();
        assertThat(second.outcome()).isEqualTo(DemoLoadReport.Outcome.ALREADY_LOADED);
        assertThat(second.commands()).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private boolean anyCase(Predicate<List<String>> test) {
        return cases.stream().map(events -> events.stream().map(DemoCountyApiTest::type).toList()).anyMatch(test);
    }

    private static boolean has(List<String> types, String type) {
        return types.contains(type);
    }

    private static boolean last(List<String> types, String type) {
        return types.get(types.size() - 1).equals(type);
    }

    private static String type(JsonNode event) {
        return event.path("type").asText();
    }

    private static LocalDate date(JsonNode event, String field) {
        return LocalDate.parse(event.path("data").path(field).asText());
    }

}
