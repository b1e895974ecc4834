package cn.kcbx.query;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
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
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A county that starts using the product today and enters its existing paper ledger: every case since last year,
 * recorded now with the dates on paper. With {@code on} = each of the last six month ends, the figures are those the
 * dates imply, computed here independently from the plan of each case (not by the read side's code); as known before
 * the entry (a past {@code asOf}) there was nothing. Then the county files November's report; late entries after the
 * filing leave the filed report byte for byte as it was, while the month "as corrected" and the list of corrections
 * differ by exactly those entries.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES,
                              "kcbx.query.reports.monthly-cutoff-day=0"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackEntryApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("backentry");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String COUNTY = "430183";
    private static final List<String> VILLAGES = List.of("430183101201", "430183101202", "430183102201",
                                                         "430183102202");
    private static final Actor COUNTY_OFFICER = new Actor("county-backentry", Actor.Role.COUNTY, COUNTY);
    private static final int TRIO_DAYS = 7;
    private static final int VISIT_DAYS = 30;

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

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final List<Plan> plans = new ArrayList<>();
    private final LocalDate today = LocalDate.now(CHINA);
    private Instant beforeTheEntry;
    private TestUsers users;

    /** What the paper ledger says about one case: the dates of its steps (null: did not happen). */
    private static final class Plan {
        final String caseId = UUID.randomUUID().toString();
        final String village;
        final LocalDate identifiedOn;
        LocalDate confirmedOn;
        LocalDate notDropoutOn;
        LocalDate trioOn;
        final List<LocalDate> visits = new ArrayList<>();
        LocalDate returnedOn;
        LocalDate crossedOffOn;

        Plan(String village, LocalDate identifiedOn) {
            this.village = village;
            this.identifiedOn = identifiedOn;
        }
    }

    @BeforeAll
    void enterThePaperLedger() {
        beforeTheEntry = Instant.now().minusSeconds(1);
        Random random = new Random(14);
        for (int n = 0; n < 48; n++) {
            plans.add(plan(random, n));
        }
        for (Plan plan : plans) {
            enter(plan);
        }
        plans.forEach(plan -> awaitLedgerSequence(plan.caseId, nextSequence.get(plan.caseId) - 1));
    }

    /** A case identified in the last 13 months, taken as far as the dice say, each step after the one before. */
    private Plan plan(Random random, int n) {
        Plan plan = new Plan(VILLAGES.get(n % VILLAGES.size()), today.minusDays(20 + random.nextInt(380)));
        LocalDate day = plan.identifiedOn;
        if (random.nextInt(10) == 0 || (day = day.plusDays(2 + random.nextInt(9))).isAfter(today)) {
            return plan; // still awaiting verification
        }
        if (random.nextInt(8) == 0) {
            plan.notDropoutOn = day;
            return plan;
        }
        plan.confirmedOn = day;
        if (random.nextInt(8) == 0 || (day = day.plusDays(1 + random.nextInt(14))).isAfter(today)) {
            return plan; // no helpers yet: overdue after a week
        }
        plan.trioOn = day;
        LocalDate returnOn = random.nextInt(5) < 3 ? day.plusDays(15 + random.nextInt(200)) : null;
        for (LocalDate visit = day.plusDays(5 + random.nextInt(50)); !visit.isAfter(today)
                && (returnOn == null || visit.isBefore(returnOn)); visit = visit.plusDays(10 + random.nextInt(50))) {
            plan.visits.add(visit);
        }
        if (returnOn == null || returnOn.isAfter(today)) {
            return plan;
        }
        plan.returnedOn = returnOn;
        LocalDate crossOff = returnOn.plusDays(90 + random.nextInt(30));
        if (random.nextInt(4) > 0 && !crossOff.isAfter(today)) {
            plan.crossedOffOn = crossOff;
        }
        return plan;
    }

    /** The case's steps as the case service stores them, all recorded now. */
    private void enter(Plan plan) {
        String id = plan.caseId;
        record(identified(plan));
        if (plan.notDropoutOn != null) {
            record(new CaseVerifiedNotDropout(id, plan.notDropoutOn, ClosingCategory.ENROLLED_LOCALLY,
                                              List.of(CaseEvents.evidence()), "已在本地就读"));
        }
        if (plan.confirmedOn != null) {
            record(new DropoutConfirmed(id, plan.confirmedOn, null));
        }
        if (plan.trioOn != null) {
            record(trioAssigned(id, plan.trioOn));
        }
        for (int i = 0; i < plan.visits.size(); i++) {
            record(CaseEvents.visit(id, i + 1, plan.visits.get(i)));
        }
        if (plan.returnedOn != null) {
            record(returned(id, plan.returnedOn));
        }
        if (plan.crossedOffOn != null) {
            record(new CaseCrossedOff(id, plan.crossedOffOn, "观察期满"));
        }
    }

    @Test
    @Order(1)
    void onEachOfTheLastSixMonthEnds_theFiguresAreThoseTheDatesImply() throws Exception {
        for (int back = 1; back <= 6; back++) {
            YearMonth month = YearMonth.from(today).minusMonths(back);
            LocalDate monthEnd = month.atEndOfMonth();
            JsonNode report = ok("/api/reports/counties/" + COUNTY + "/monthly/" + month);
            assertThat(report.get("asOfDay").asText()).isEqualTo(monthEnd.toString());
            assertThat(report.get("byBusinessDate").asBoolean()).isTrue();
            assertThat(behind(report)).as("the cases behind each figure on %s", monthEnd)
                                      .isEqualTo(expectedBehind(monthEnd, month.atDay(1)));

            // As known now, read by key from each case's marker, and as known at an explicit instant, read by a
            // query over the versions: the same cases behind every figure.
            JsonNode atInstant = ok("/api/reports/counties/" + COUNTY + "/monthly/" + month + "?asOf="
                                            + Instant.now().minusMillis(1));
            assertThat(behind(atInstant)).isEqualTo(behind(report));

            JsonNode onMonthEnd = ok("/api/reports/counties/" + COUNTY + "?on=" + monthEnd);
            assertThat(onMonthEnd.get("total").get("account")).isEqualTo(report.get("total").get("account"));
            assertThat(onMonthEnd.get("total").get("account").get("cases").asInt())
                    .isEqualTo(count(expectedBehind(monthEnd, month.atDay(1)), "PENDING_VERIFICATION", "PERSUADING",
                                     "RETURNED_WATCHING", "CROSSED_OFF", "SPECIAL_SITUATION"));
        }
        // The knowledge clock: before the entry the system knew nothing of these cases, on any day.
        YearMonth lastMonth = YearMonth.from(today).minusMonths(1);
        JsonNode asKnownBefore = ok("/api/reports/counties/" + COUNTY + "/monthly/" + lastMonth + "?asOf="
                                            + beforeTheEntry);
        assertThat(asKnownBefore.get("total").get("account").get("cases").asInt()).isZero();
        JsonNode knowledgeOnly = ok("/api/reports/counties/" + COUNTY + "?asOf=" + lastMonth.atEndOfMonth());
        assertThat(knowledgeOnly.get("total").get("account").get("cases").asInt())
                .as("asOf alone: what was recorded by then, here nothing").isZero();
    }

    @Test
    @Order(2)
    void aFiledReportStaysAsFiled_whileAsCorrectedChangesByExactlyTheLateEntries() throws Exception {
        YearMonth month = YearMonth.from(today).minusMonths(1);
        LocalDate monthEnd = month.atEndOfMonth();
        String base = "/api/reports/counties/" + COUNTY + "/monthly/" + month;
        ResponseEntity<String> filing = post(base + "/filing");
        assertThat(filing.getStatusCode().value()).as(filing.getBody()).isEqualTo(201);
        String sha256 = json.readTree(filing.getBody()).get("sha256").asText();
        ResponseEntity<String> filed = get(base + "/filed");
        assertThat(filed.getStatusCode().value()).isEqualTo(200);
        assertThat(filed.getHeaders().getFirst("X-Report-SHA256")).isEqualTo(sha256);
        assertThat(sha256(filed.getBody())).isEqualTo(sha256);
        assertThat(behind(json.readTree(filed.getBody()))).isEqualTo(expectedBehind(monthEnd, month.atDay(1)));
        assertThat(post(base + "/filing").getStatusCode().value()).as("filed once").isEqualTo(422);

        // Late entries, recorded now: a visit to an overdue case, a return, and a case found on the 25th.
        Plan overdue = plans.stream().filter(plan -> noVisitFor(plan, monthEnd)).findFirst().orElseThrow();
        LocalDate visitedOn = monthEnd.minusDays(3);
        overdue.visits.add(visitedOn);
        record(CaseEvents.visit(overdue.caseId, overdue.visits.size(), visitedOn));
        Plan persuaded = plans.stream().filter(plan -> plan != overdue && bucket(plan, monthEnd).equals("PERSUADING")
                && plan.trioOn != null && plan.returnedOn == null).findFirst().orElseThrow();
        persuaded.returnedOn = monthEnd.minusDays(10);
        record(returned(persuaded.caseId, persuaded.returnedOn));
        Plan found = new Plan(VILLAGES.get(0), monthEnd.minusDays(5));
        plans.add(found);
        record(identified(found));
        awaitLedgerSequence(overdue.caseId, nextSequence.get(overdue.caseId) - 1);
        awaitLedgerSequence(persuaded.caseId, nextSequence.get(persuaded.caseId) - 1);
        awaitLedgerSequence(found.caseId, 0);

        assertThat(get(base + "/filed").getBody()).as("as filed: byte for byte").isEqualTo(filed.getBody());
        Map<String, Set<String>> corrected = expectedBehind(monthEnd, month.atDay(1));
        assertThat(behind(ok(base))).as("as corrected").isEqualTo(corrected);

        JsonNode corrections = ok(base + "/corrections");
        assertThat(corrections.get("changed").asBoolean()).isTrue();
        assertThat(corrections.get("sha256").asText()).isEqualTo(sha256);
        Map<String, JsonNode> byCase = new TreeMap<>();
        corrections.get("cases").forEach(change -> byCase.put(change.get("caseId").asText(), change));
        assertThat(byCase.keySet()).containsExactlyInAnyOrder(overdue.caseId, persuaded.caseId, found.caseId);
        assertThat(texts(byCase.get(overdue.caseId).get("leftFigures"))).containsExactly("NO_VISIT");
        assertThat(texts(byCase.get(persuaded.caseId).get("leftFigures"))).contains("PERSUADING");
        assertThat(texts(byCase.get(persuaded.caseId).get("joinedFigures")))
                .containsExactlyInAnyOrder("RETURNED_WATCHING", "RETURNED_IN_PERIOD");
        assertThat(texts(byCase.get(found.caseId).get("joinedFigures")))
                .containsExactlyInAnyOrder("PENDING_VERIFICATION", "IDENTIFIED_IN_PERIOD");
        JsonNode visitEntry = byCase.get(overdue.caseId).get("entries");
        assertThat(visitEntry).hasSize(1);
        assertThat(visitEntry.get(0).get("type").asText()).isEqualTo("VisitLogged");
        assertThat(visitEntry.get(0).get("occurredOn").asText()).isEqualTo(visitedOn.toString());
        for (JsonNode figure : corrections.get("figures")) {
            String name = figure.get("figure").asText();
            assertThat(figure.get("corrected").asInt()).as(name).isEqualTo(corrected.get(name).size());
        }
    }

    // ------------------------------------------------------------------------------------------ expected figures

    /** Figure → the cases behind it on {@code day}, from the plans alone (the month's flows from {@code from}). */
    private Map<String, Set<String>> expectedBehind(LocalDate day, LocalDate from) {
        Map<String, Set<String>> behind = new TreeMap<>();
        for (String figure : List.of("PENDING_VERIFICATION", "PENDING_RECHECK", "PERSUADING", "RETURNED_WATCHING",
                                     "CROSSED_OFF", "HOME_TEACHING", "HOME_TEACHING_ENDED", "SPECIAL_SITUATION",
                                     "NO_TRIO", "NO_VISIT", "LEGAL_DEADLINE_PASSED", "HOME_TEACHING_BEHIND",
                                     "RECHECK_OVERDUE", "IDENTIFIED_IN_PERIOD", "RETURNED_IN_PERIOD",
                                     "CROSSED_OFF_IN_PERIOD")) {
            behind.put(figure, new TreeSet<>());
        }
        for (Plan plan : plans) {
            if (plan.identifiedOn.isAfter(day)) {
                continue;
            }
            behind.get(bucket(plan, day)).add(plan.caseId);
            boolean out = bucket(plan, day).equals("PERSUADING");
            if (out && !happened(plan.trioOn, day) && day.isAfter(plan.confirmedOn.plusDays(TRIO_DAYS))) {
                behind.get("NO_TRIO").add(plan.caseId);
            }
            if (noVisitFor(plan, day)) {
                behind.get("NO_VISIT").add(plan.caseId);
            }
            if (within(plan.identifiedOn, from, day)) {
                behind.get("IDENTIFIED_IN_PERIOD").add(plan.caseId);
            }
            if (within(plan.returnedOn, from, day)) {
                behind.get("RETURNED_IN_PERIOD").add(plan.caseId);
            }
            if (within(plan.crossedOffOn, from, day)) {
                behind.get("CROSSED_OFF_IN_PERIOD").add(plan.caseId);
            }
        }
        return behind;
    }

    private static String bucket(Plan plan, LocalDate day) {
        if (happened(plan.crossedOffOn, day)) {
            return "CROSSED_OFF";
        }
        if (happened(plan.notDropoutOn, day)) {
            return "SPECIAL_SITUATION";
        }
        if (happened(plan.returnedOn, day)) {
            return "RETURNED_WATCHING";
        }
        return happened(plan.confirmedOn, day) ? "PERSUADING" : "PENDING_VERIFICATION";
    }

    /** Under persuasion on {@code day} with no visit (nor the helpers' assignment) in the {@value #VISIT_DAYS} days. */
    private static boolean noVisitFor(Plan plan, LocalDate day) {
        if (!happened(plan.trioOn, day) || happened(plan.returnedOn, day)) {
            return false;
        }
        LocalDate lastContact = plan.trioOn;
        for (LocalDate visit : plan.visits) {
            if (!visit.isAfter(day) && visit.isAfter(lastContact)) {
                lastContact = visit;
            }
        }
        return day.isAfter(lastContact.plusDays(VISIT_DAYS));
    }

    private static boolean happened(LocalDate date, LocalDate day) {
        return date != null && !date.isAfter(day);
    }

    private static boolean within(LocalDate date, LocalDate from, LocalDate to) {
        return date != null && !date.isBefore(from) && !date.isAfter(to);
    }

    private static int count(Map<String, Set<String>> behind, String... figures) {
        int count = 0;
        for (String figure : figures) {
            count += behind.get(figure).size();
        }
        return count;
    }

    private static Map<String, Set<String>> behind(JsonNode report) {
        Map<String, Set<String>> behind = new TreeMap<>();
        report.get("casesBehind").fields().forEachRemaining(entry -> behind.put(entry.getKey(),
                                                                                new TreeSet<>(texts(entry.getValue()))));
        return behind;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    // ------------------------------------------------------------------------------------------------ events

    private int students;

    private CaseIdentified identified(Plan plan) {
        String idNumber = CaseEvents.idNumberOf(800 + students++);
        StudentIdentity student = new StudentIdentity("补录" + "甲乙丙丁戊己庚辛壬癸".charAt(students % 10)
                                                      + "子丑寅卯辰巳午未申酉戌亥".charAt(students / 10 % 12),
                                                      new IdNumber(idNumber), null, null, null);
        return new CaseIdentified(plan.caseId, IdentificationSource.TERM_START_CHECK, "纸质台账补录", plan.identifiedOn,
                                  student, new HouseholdLocation(new DivisionCode(plan.village), null),
                                  new LastSchool("示例乡中心小学", "2143000001", Grade.GRADE_6), List.of(),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static TrioAssigned trioAssigned(String caseId, LocalDate on) {
        return new TrioAssigned(caseId, on, CaseEvents.teacher(), CaseEvents.villageCadre(), CaseEvents.guardian());
    }

    private static StudentReturnedToSchool returned(String caseId, LocalDate on) {
        return new StudentReturnedToSchool(caseId, on, "示例乡中心小学", "2143000001", Grade.GRADE_6, "六年级（1）班",
                                           Placement.REGULAR_CLASS, 1, on.plusDays(90));
    }

    private void record(CaseEvent event) {
        long sequence = nextSequence.merge(event.caseId(), 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, event.caseId(), sequence, event,
                CaseEvents.metaData("clerk-backentry", "COUNTY", COUNTY, UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), Instant.now())));
    }

    private void awaitLedgerSequence(String caseId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
               .until(() -> caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L) >= sequence);
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private JsonNode ok(String path) throws Exception {
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode().value()).as(path + " → " + response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private ResponseEntity<String> get(String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(COUNTY_OFFICER)), String.class);
    }

    private ResponseEntity<String> post(String path) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(users().headers(COUNTY_OFFICER)), String.class);
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                     .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
