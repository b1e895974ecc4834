package cn.kcbx.query;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.DirectoryEvent;
import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitRetired;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * From stored events to the 三帮一 ledger, the 销号 account, a town dashboard and county reports, through the HTTP API:
 * the figures agree with each other, October's monthly report is unchanged by what November records (corrections
 * included), and a change is pushed live.
 *
 * <p>A small county (430181) with two towns; events are stored with the times they would have been recorded at.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES,
                              "kcbx.query.overdue.counties.430181.trio-days=7"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadSideApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("readside");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String COUNTY = "430181";
    private static final String TOWN_A = "430181105";
    private static final String TOWN_B = "430181106";

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
    @Autowired
    AccessLog accessLog;

    private TestUsers users;

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();

    /** A: returned 10 Oct. B: confirmed 3 Oct, no helpers. C: last visit 20 Sep. D: identified 20 Oct, not verified. */
    private final String caseA = UUID.randomUUID().toString();
    private final String caseB = UUID.randomUUID().toString();
    private final String caseC = UUID.randomUUID().toString();
    private final String caseD = UUID.randomUUID().toString();

    /** County 430182, which keeps a unit directory ({@link #directoryCounty()}), and its cases. */
    private static final String NAMED_COUNTY = "430182";
    private final String caseE = UUID.randomUUID().toString();
    private final String caseF = UUID.randomUUID().toString();
    private final String caseG = UUID.randomUUID().toString();
    private boolean directoryCountyRecorded;

    @BeforeAll
    void october() {
        record(caseA, identified(caseA, 1, TOWN_A + "203", LocalDate.of(2026, 9, 1)), at(2026, 9, 1));
        record(caseA, new DropoutConfirmed(caseA, LocalDate.of(2026, 9, 5), null), at(2026, 9, 5));
        record(caseA, new TrioAssigned(caseA, LocalDate.of(2026, 9, 6), CaseEvents.teacher(), CaseEvents.villageCadre(),
                                       CaseEvents.guardian()), at(2026, 9, 6));
        record(caseA, CaseEvents.visit(caseA, 1, LocalDate.of(2026, 9, 10)), at(2026, 9, 10));
        record(caseA, new StudentReturnedToSchool(caseA, LocalDate.of(2026, 10, 10), "青禾乡中心小学", "2143000001",
                                                  Grade.GRADE_6, "六年级（1）班", Placement.REGULAR_CLASS, 1,
                                                  LocalDate.of(2027, 3, 15)), at(2026, 10, 10));

        record(caseB, identified(caseB, 2, TOWN_A + "204", LocalDate.of(2026, 10, 2)), at(2026, 10, 2));
        record(caseB, new DropoutConfirmed(caseB, LocalDate.of(2026, 10, 3), null), at(2026, 10, 3));

        record(caseC, identified(caseC, 3, TOWN_B + "201", LocalDate.of(2026, 9, 15)), at(2026, 9, 15));
        record(caseC, new DropoutConfirmed(caseC, LocalDate.of(2026, 9, 16), null), at(2026, 9, 16));
        record(caseC, new TrioAssigned(caseC, LocalDate.of(2026, 9, 17), CaseEvents.teacher(), CaseEvents.villageCadre(),
                                       CaseEvents.guardian()), at(2026, 9, 17));
        record(caseC, CaseEvents.visit(caseC, 1, LocalDate.of(2026, 9, 20)), at(2026, 9, 20));

        record(caseD, identified(caseD, 4, TOWN_B + "202", LocalDate.of(2026, 10, 20)), at(2026, 10, 20));
        awaitLedgerSequence(caseD, 0);
        awaitLedgerSequence(caseC, 3);
        awaitLedgerSequence(caseA, 4);
        awaitLedgerSequence(caseB, 1);
    }

    @Test
    @Order(1)
    void theSanbangLedger_listsOpenCases_withHelpersVisitsAndOverdueFlags() throws Exception {
        JsonNode page = ok("/api/ledgers/sanbang?region=" + TOWN_B + "&asOf=2026-10-28");
        assertThat(page.get("total").asInt()).isEqualTo(2);
        JsonNode c = row(page, caseC);
        assertThat(c.get("status").get("label").asText()).isEqualTo("劝返中");
        assertThat(c.get("trio").get("teacher").get("phone").asText()).isEqualTo("138****0101");
        assertThat(c.get("visitCount").asInt()).isEqualTo(1);
        assertThat(c.get("lastVisitOn").asText()).isEqualTo("2026-09-20");
        assertThat(c.get("daysSinceIdentification").asInt()).isEqualTo(43);
        assertThat(codes(c.get("overdue"))).containsExactly("NO_VISIT");
        assertThat(c.get("student").get("idNumber").asText()).contains("**********");

        JsonNode overdueInCounty = ok("/api/ledgers/sanbang?region=" + COUNTY + "&asOf=2026-10-28&overdue=true&sort=identifiedOn,desc");
        assertThat(ids(overdueInCounty)).containsExactly(caseB, caseC);
        JsonNode noTrio = ok("/api/ledgers/sanbang?region=" + COUNTY + "&asOf=2026-10-28&overdue=NO_TRIO");
        assertThat(ids(noTrio)).containsExactly(caseB);
        JsonNode returned = ok("/api/ledgers/sanbang?region=" + COUNTY + "&status=RETURNED");
        assertThat(ids(returned)).containsExactly(caseA);
        JsonNode village = ok("/api/ledgers/sanbang?region=" + TOWN_A + "204");
        assertThat(ids(village)).containsExactly(caseB);
        JsonNode paged = ok("/api/ledgers/sanbang?region=" + COUNTY + "&sort=identifiedOn&page=1&size=2");
        assertThat(paged.get("total").asInt()).isEqualTo(4);
        assertThat(ids(paged)).containsExactly(caseB, caseD);
        // A live page is chosen among files kept without personal data; its own rows are read with theirs.
        assertThat(paged.get("rows")).extracting(row -> row.path("student").path("name").asText())
                                     .containsExactly("学生乙", "学生丁");
        assertThat(ok("/api/ledgers/returns?region=" + COUNTY).path("students").path("rows"))
                .extracting(row -> row.path("studentName").asText()).containsExactly("学生甲");
        JsonNode byReason = ok("/api/ledgers/sanbang?region=" + COUNTY + "&reason=POVERTY");
        assertThat(byReason.get("total").asInt()).isZero();
    }

    @Test
    @Order(2)
    void theAccount_theTownDashboards_andTheCountyReport_agree() throws Exception {
        JsonNode account = ok("/api/ledgers/returns?region=" + COUNTY + "&asOf=2026-10-28");
        JsonNode summary = account.get("summary");
        assertThat(summary.get("cases").asInt()).isEqualTo(4);
        assertThat(summary.get("shouldReturn").asInt()).isEqualTo(3);
        assertThat(summary.get("returned").asInt()).isEqualTo(1);
        assertThat(summary.get("persuading").asInt()).isEqualTo(2);
        assertThat(summary.get("pendingVerification").asInt()).isEqualTo(1);
        assertThat(summary.get("returnRate").decimalValue()).isEqualByComparingTo("33.3");
        assertThat(ids(account.get("students"))).containsExactly(caseA);
        assertThat(account.get("students").get("rows").get(0).get("returns").get(0).get("watchPeriodEndsOn").asText())
                .isEqualTo("2027-03-15");

        JsonNode report = ok("/api/reports/counties/" + COUNTY + "?asOf=2026-10-28");
        assertThat(report.get("total").get("account")).isEqualTo(summary);
        assertThat(report.get("towns")).hasSize(2);
        int casesInTowns = 0;
        for (JsonNode town : report.get("towns")) {
            String code = town.get("townCode").asText();
            JsonNode dashboard = ok("/api/dashboards/towns/" + code + "?asOf=2026-10-28");
            assertThat(dashboard.get("measures")).isEqualTo(town.get("measures"));
            assertThat(account.get("units").get(code)).isEqualTo(town.get("measures").get("account"));
            casesInTowns += town.get("measures").get("account").get("cases").asInt();
        }
        assertThat(casesInTowns).isEqualTo(4);
        assertThat(report.get("total").get("overdueCases").asInt()).isEqualTo(2);
        assertThat(report.get("medianDaysToReturn").asDouble()).isEqualTo(39.0);

        JsonNode dashboardA = ok("/api/dashboards/towns/" + TOWN_A + "?asOf=2026-10-28");
        assertThat(dashboardA.get("measures").get("identifiedInPeriod").asInt()).isEqualTo(1);
        assertThat(dashboardA.get("measures").get("returnedInPeriod").asInt()).isEqualTo(1);
        assertThat(dashboardA.get("villages")).hasSize(2);
        assertThat(count(dashboardA.get("byStatus"), "CONFIRMED_DROPOUT")).isEqualTo(1);
        assertThat(count(dashboardA.get("openByCategory"), "LEFT_BEHIND_CHILD")).isEqualTo(2);
        assertThat(count(dashboardA.get("openByLevel"), "PRIMARY")).isEqualTo(2);
    }

    @Test
    @Order(3)
    void octobersMonthlyReport_asKnownAtTheCutoff_andAsFiled_staysWhatItWas_whileAsCorrectedTakesLateEntries()
            throws Exception {
        String october = "/api/reports/counties/" + COUNTY + "/monthly/2026-10";
        ResponseEntity<String> before = get(october + "?asOf=2026-10-28", "COUNTY");
        assertThat(before.getStatusCode().value()).isEqualTo(200);
        JsonNode atCutoff = json.readTree(before.getBody());
        assertThat(atCutoff.get("asOfDay").asText()).isEqualTo("2026-10-28");
        assertThat(atCutoff.get("period").get("from").asText()).isEqualTo("2026-09-29");
        assertThat(atCutoff.get("casesBehind").get("PERSUADING")).hasSize(2);
        assertThat(atCutoff.get("casesBehind").get("NO_VISIT").get(0).asText()).isEqualTo(caseC);
        assertThat(atCutoff.get("casesBehind").get("IDENTIFIED_IN_PERIOD")).hasSize(2);
        assertThat(ok(october).get("casesBehind")).as("nothing entered late yet").isEqualTo(atCutoff.get("casesBehind"));
        ResponseEntity<String> filing = http.exchange(october + "/filing", HttpMethod.POST,
                                                      new HttpEntity<>(headers("COUNTY")), String.class);
        assertThat(filing.getStatusCode().value()).as(filing.getBody()).isEqualTo(201);
        String filed = get(october + "/filed", "COUNTY").getBody();

        // Recorded now: a visit dated in October (late entry), helpers for B, and a case identified on 27 October.
        record(caseC, CaseEvents.visit(caseC, 2, LocalDate.of(2026, 10, 25)), Instant.now());
        record(caseB, new TrioAssigned(caseB, LocalDate.now(CHINA), CaseEvents.teacher(),
                                       CaseEvents.villageCadre(), CaseEvents.guardian()), Instant.now());
        String lateCase = UUID.randomUUID().toString();
        record(lateCase, identified(lateCase, 5, TOWN_B + "201", LocalDate.of(2026, 10, 27)), Instant.now());
        awaitLedgerSequence(lateCase, 0);
        awaitLedgerSequence(caseC, 4);
        awaitLedgerSequence(caseB, 2);

        assertThat(get(october + "?asOf=2026-10-28", "COUNTY").getBody()).isEqualTo(before.getBody());
        assertThat(get(october + "/filed", "COUNTY").getBody()).isEqualTo(filed);
        JsonNode asCorrected = ok(october);
        assertThat(asCorrected.get("casesBehind").get("NO_VISIT")).as("the late visit of 25 October").isEmpty();
        assertThat(texts(asCorrected.get("casesBehind").get("IDENTIFIED_IN_PERIOD"))).contains(lateCase);
        assertThat(texts(asCorrected.get("casesBehind").get("NO_TRIO")))
                .as("helpers assigned after the cut-off do not count on it").contains(caseB);
        JsonNode corrections = ok(october + "/corrections");
        assertThat(field(corrections.get("cases"), "caseId")).containsExactlyInAnyOrder(caseC, lateCase);
        JsonNode now = ok("/api/reports/counties/" + COUNTY);
        assertThat(now.get("total").get("account").get("cases").asInt()).isEqualTo(5);
        JsonNode ledgerNow = ok("/api/ledgers/sanbang?region=" + TOWN_B);
        assertThat(row(ledgerNow, caseC).get("lastVisitOn").asText()).isEqualTo("2026-10-25");
    }

    @Test
    @Order(4)
    void aChange_isPushedLive_toSubscribersOfTheRegion() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/live?region=" + TOWN_B))
                                         .header("Accept", "text/event-stream")
                                         .header("Authorization", users().authorization(
                                                 new Actor("town-officer-01", Actor.Role.TOWN, TOWN_B)))
                                         .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(LiveEvents.next(reader)).startsWith("measures\n");
            record(caseC, CaseEvents.visit(caseC, 3, LocalDate.now(CHINA)), Instant.now());
            CompletableFuture<String> pushed = CompletableFuture.supplyAsync(() -> LiveEvents.next(reader));
            String event = pushed.get(15, TimeUnit.SECONDS);
            assertThat(event).startsWith("ledger-row\n").contains(caseC).contains("\"visitCount\":3");
            assertThat(LiveEvents.next(reader)).startsWith("measures\n").contains("\"region\":\"" + TOWN_B + "\"");
        }
    }

    /** Runs after the others: it only reads, as of a past day, so whatever they recorded does not change it. */
    @Test
    @Order(6)
    void theSanbangLedger_exportsAsCsvForExcel_masked_inJurisdiction_andLogged() throws Exception {
        ResponseEntity<byte[]> export = http.exchange(
                "/api/ledgers/sanbang.csv?region=" + TOWN_B + "&asOf=2026-10-28&sort=identifiedOn", HttpMethod.GET,
                new HttpEntity<>(headers("COUNTY")), byte[].class);

        assertThat(export.getStatusCode().value()).isEqualTo(200);
        assertThat(export.getHeaders().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(export.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("三帮一劝返工作台账-" + TOWN_B + "-2026-10-28.csv");
        byte[] body = export.getBody();
        assertThat(body).startsWith(0xEF, 0xBB, 0xBF);
        String csv = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("序号,学生姓名,身份证号,");
        assertThat(lines.get(1)).startsWith("1,").contains("劝返中", "2026-09-20", "138****0101", "**********")
                                .endsWith(caseC);
        assertThat(lines.get(2)).startsWith("2,").endsWith(caseD);
        assertThat(csv).doesNotContainPattern("(?<![0-9])[0-9]{17}[0-9X](?![0-9])")
                       .doesNotContainPattern("(?<![0-9])1[3-9][0-9]{9}(?![0-9])");

        ResponseEntity<String> otherTown = http.exchange("/api/ledgers/sanbang.csv?region=" + TOWN_B, HttpMethod.GET,
                                                         new HttpEntity<>(users().headers(new Actor("town-a", Actor.Role.TOWN, TOWN_A))),
                                                         String.class);
        assertError(otherTown, 403, "OUT_OF_JURISDICTION", "null");
        assertThat(accessLog.find(TestActors.COUNTY.userId(), null, null, null, 10))
                .anySatisfy(entry -> {
                    assertThat(entry.action()).isEqualTo(AccessAction.LEDGER_EXPORTED);
                    assertThat(entry.detail()).contains("三帮一劝返工作台账", TOWN_B, "2026-10-28", "2 行");
                });

        ResponseEntity<byte[]> returns = http.exchange("/api/ledgers/returns.csv?region=" + COUNTY + "&asOf=2026-10-28",
                                                       HttpMethod.GET, new HttpEntity<>(headers("COUNTY")), byte[].class);
        assertThat(returns.getStatusCode().value()).isEqualTo(200);
        assertThat(returns.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("劝返销号台账-" + COUNTY + "-2026-10-28.csv");
        List<String> returnLines = new String(returns.getBody(), StandardCharsets.UTF_8).lines().toList();
        assertThat(returnLines).hasSize(2);
        assertThat(returnLines.get(0)).isEqualTo("\uFEFF序号,学生姓名,身份证号,乡镇代码,乡镇名称,村代码,村名称,第几次返校,"
                + "返校日期,返校学校,学校标识码,年级,班级,安置方式,观察期届满日,销号日期,销号人,销号单位,复辍日期,案件当前状态,案件编号");
        assertThat(returnLines.get(1)).startsWith("1,").contains(",1,2026-10-10,青禾乡中心小学,2143000001,六年级,六年级（1）班,",
                                                                  "2027-03-15", "**********")
                                      .endsWith(caseA);
    }

    @Test
    @Order(5)
    void badRequests_getAClearError() throws Exception {
        assertError(get("/api/ledgers/sanbang?region=43018", "COUNTY"), 400, "DIVISION_CODE_LENGTH", "region");
        assertError(get("/api/ledgers/sanbang?region=" + COUNTY + "&status=GONE", "COUNTY"), 400, "INVALID_FILTER", "status");
        assertError(get("/api/ledgers/sanbang?region=" + COUNTY + "&sort=age", "COUNTY"), 400, "INVALID_SORT", "sort");
        assertError(get("/api/ledgers/sanbang?region=" + COUNTY + "&size=0", "COUNTY"), 400, "INVALID_PAGE_SIZE", "size");
        assertError(get("/api/ledgers/sanbang?region=" + COUNTY + "&page=x", "COUNTY"), 400, "INVALID_PARAMETER", "page");
        assertError(get("/api/ledgers/sanbang?region=" + COUNTY + "&asOf=2099-01-01", "COUNTY"), 400, "AS_OF_IN_FUTURE", "asOf");
        assertError(get("/api/ledgers/returns?region=" + COUNTY + "&asOf=yesterday", "COUNTY"), 400, "INVALID_AS_OF", "asOf");
        assertError(get("/api/dashboards/towns/" + COUNTY, "COUNTY"), 400, "REGION_LEVEL_MISMATCH", "townCode");
        assertError(get("/api/reports/counties/" + COUNTY + "/monthly/2026-13", "COUNTY"), 400, "INVALID_MONTH", "month");
        assertError(get("/api/reports/counties/" + COUNTY + "/monthly/2099-01", "COUNTY"), 400, "REPORT_MONTH_NOT_ENDED", "month");
        assertError(get("/api/ledgers/sanbang?schoolCode=21430", "SCHOOL"), 400, "INVALID_SCHOOL_CODE", "schoolCode");
        ResponseEntity<String> unauthenticated = get("/api/ledgers/sanbang?region=" + COUNTY, null);
        assertThat(unauthenticated.getStatusCode().value()).isEqualTo(401);
        assertThat(json.readTree(unauthenticated.getBody()).get("code").asText()).isEqualTo("UNAUTHENTICATED");
    }

    // ---------------------------------------------------- a county with a unit directory: names and rows of zeros

    /**
     * County 430182 keeps a directory since August: the county, towns 白沙镇 (101), 石门乡 (102) and 青石镇 (103, no
     * cases), villages 石桥村 and 柳塘村 (no cases) of 白沙镇, 枫林村 (no cases) and 竹园村 of 石门乡. In November it adds
     * 新城街道 (104) and retires 竹园村. Cases: E in 石桥村, F in 竹园村 (identified before the retirement), G in a
     * village of town 109, which the directory does not list. Recorded once, by the first test that needs it.
     */
    private void directoryCounty() {
        if (directoryCountyRecorded) {
            return;
        }
        directoryCountyRecorded = true;
        Instant august = at(2026, 8, 1);
        for (DirectoryUnit unit : List.of(DirectoryUnit.county(NAMED_COUNTY, "清溪县"),
                                          DirectoryUnit.town("430182101", "白沙镇"),
                                          DirectoryUnit.town("430182102", "石门乡"),
                                          DirectoryUnit.town("430182103", "青石镇"),
                                          DirectoryUnit.village("430182101201", "石桥村"),
                                          DirectoryUnit.village("430182101202", "柳塘村"),
                                          DirectoryUnit.village("430182102201", "枫林村"),
                                          DirectoryUnit.village("430182102202", "竹园村"))) {
            recordDirectory(NAMED_COUNTY, new UnitAdded(NAMED_COUNTY, unit, null), august);
        }
        record(caseE, identified(caseE, 6, "430182101201", LocalDate.of(2026, 9, 8)), at(2026, 9, 8), "430182101");
        record(caseE, new DropoutConfirmed(caseE, LocalDate.of(2026, 9, 10), null), at(2026, 9, 10), "430182101");
        record(caseF, identified(caseF, 7, "430182102202", LocalDate.of(2026, 10, 5)), at(2026, 10, 5), "430182102");
        record(caseG, identified(caseG, 8, "430182109201", LocalDate.of(2026, 10, 6)), at(2026, 10, 6), "430182109");
        recordDirectory(NAMED_COUNTY, new UnitAdded(NAMED_COUNTY, DirectoryUnit.town("430182104", "新城街道"), null),
                        at(2026, 11, 5));
        recordDirectory(NAMED_COUNTY, new UnitRetired(NAMED_COUNTY, "430182102202", LocalDate.of(2026, 11, 10),
                                                      "并入枫林村"), at(2026, 11, 10));
        awaitLedgerSequence(caseE, 1);
        awaitLedgerSequence(caseF, 0);
        awaitLedgerSequence(caseG, 0);
    }

    private JsonNode okIn(String county, String path) throws Exception {
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(
                users().headers(new Actor("county-" + county, Actor.Role.COUNTY, county))), String.class);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> field(JsonNode rows, String name) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.get(name).isNull() ? null : row.get(name).asText()));
        return values;
    }

    @Test
    @Order(7)
    void theCountyReport_listsEveryTownOfTheDirectory_inCodeOrder_withNames_aTownWithoutCasesAsZeros()
            throws Exception {
        directoryCounty();

        JsonNode report = okIn(NAMED_COUNTY, "/api/reports/counties/" + NAMED_COUNTY);

        assertThat(report.get("countyName").asText()).isEqualTo("清溪县");
        assertThat(report.get("directoryMissing").asBoolean()).isFalse();
        JsonNode towns = report.get("towns");
        assertThat(field(towns, "townCode"))
                .containsExactly("430182101", "430182102", "430182103", "430182104", "430182109");
        assertThat(field(towns, "townName")).containsExactly("白沙镇", "石门乡", "青石镇", "新城街道", null);
        JsonNode qingshi = towns.get(2).get("measures");
        assertThat(qingshi.get("account").get("cases").asInt()).isZero();
        assertThat(qingshi.get("account").get("shouldReturn").asInt()).isZero();
        assertThat(qingshi.get("overdueCases").asInt()).isZero();
        assertThat(qingshi.get("identifiedInPeriod").asInt()).isZero();
        int cases = 0;
        for (JsonNode town : towns) {
            cases += town.get("measures").get("account").get("cases").asInt();
        }
        assertThat(report.get("total").get("account").get("cases").asInt()).isEqualTo(3).isEqualTo(cases);

        JsonNode account = okIn(NAMED_COUNTY, "/api/ledgers/returns?region=" + NAMED_COUNTY);
        assertThat(account.get("regionName").asText()).isEqualTo("清溪县");
        assertThat(iterable(account.get("units").fieldNames()))
                .containsExactly("430182101", "430182102", "430182103", "430182104", "430182109");
        assertThat(account.get("units").get("430182103").get("cases").asInt()).isZero();
        assertThat(account.get("unitNames").get("430182101").asText()).isEqualTo("白沙镇");
        assertThat(account.get("unitNames").get("430182109").isNull()).isTrue();
        assertThat(account.get("summary").get("cases").asInt()).isEqualTo(3);

        // A county that has no directory yet: its report says so and shows the towns with cases, as before.
        JsonNode without = ok("/api/reports/counties/" + COUNTY);
        assertThat(without.get("directoryMissing").asBoolean()).isTrue();
        assertThat(without.get("countyName").isNull()).isTrue();
        assertThat(field(without.get("towns"), "townCode")).containsExactly(TOWN_A, TOWN_B);
        assertThat(field(without.get("towns"), "townName")).containsExactly(null, null);
    }

    @Test
    @Order(8)
    void aReportAsOfAPastDay_listsTheTownsOfTheDirectoryAsRecordedThen() throws Exception {
        directoryCounty();

        JsonNode october = okIn(NAMED_COUNTY, "/api/reports/counties/" + NAMED_COUNTY + "?asOf=2026-10-28");
        JsonNode monthly = okIn(NAMED_COUNTY, "/api/reports/counties/" + NAMED_COUNTY + "/monthly/2026-10?asOf=2026-10-28");
        JsonNode monthlyAsCorrected = okIn(NAMED_COUNTY, "/api/reports/counties/" + NAMED_COUNTY + "/monthly/2026-10");
        JsonNode july = okIn(NAMED_COUNTY, "/api/reports/counties/" + NAMED_COUNTY + "?asOf=2026-07-31");

        // 新城街道 entered the directory on 5 November: no row in a report as of October.
        assertThat(field(october.get("towns"), "townCode"))
                .containsExactly("430182101", "430182102", "430182103", "430182109");
        assertThat(field(monthly.get("towns"), "townName")).containsExactly("白沙镇", "石门乡", "青石镇", null);
        // As corrected: the directory as known now (新城街道 has no start date: a row of zeros, as every unit in use).
        assertThat(field(monthlyAsCorrected.get("towns"), "townName"))
                .containsExactly("白沙镇", "石门乡", "青石镇", "新城街道", null);
        assertThat(monthlyAsCorrected.get("total").get("account")).isEqualTo(monthly.get("total").get("account"));
        assertThat(october.get("total").get("account").get("cases").asInt()).isEqualTo(3);
        // Before the directory was started: no rows of zeros, no names, and the report says why.
        assertThat(july.get("directoryMissing").asBoolean()).isTrue();
        assertThat(july.get("towns")).isEmpty();
    }

    @Test
    @Order(9)
    void aCaseInARetiredVillage_keepsShowingTheVillagesName_andTheDashboardListsVillagesWithoutCases()
            throws Exception {
        directoryCounty();

        JsonNode ledger = okIn(NAMED_COUNTY, "/api/ledgers/sanbang?region=430182102");
        JsonNode f = row(ledger, caseF);
        assertThat(f.get("villageCode").asText()).isEqualTo("430182102202");
        assertThat(f.get("villageName").asText()).isEqualTo("竹园村");
        assertThat(f.get("townName").asText()).isEqualTo("石门乡");

        // 竹园村 was retired on 10 November, but its case is still there; 枫林村 has no case: a row of zeros.
        JsonNode shimen = okIn(NAMED_COUNTY, "/api/dashboards/towns/430182102");
        assertThat(shimen.get("townName").asText()).isEqualTo("石门乡");
        assertThat(field(shimen.get("villages"), "villageCode")).containsExactly("430182102201", "430182102202");
        assertThat(field(shimen.get("villages"), "villageName")).containsExactly("枫林村", "竹园村");
        assertThat(shimen.get("villages").get(0).get("measures").get("account").get("cases").asInt()).isZero();
        assertThat(shimen.get("villages").get(1).get("measures").get("account").get("cases").asInt()).isEqualTo(1);

        JsonNode timeline = okIn(NAMED_COUNTY, "/api/cases/" + caseF + "/timeline");
        JsonNode names = timeline.get("entries").get(0).get("names");
        assertThat(names.get("430182102202").asText()).isEqualTo("竹园村");
        assertThat(names.get("430182102").asText()).isEqualTo("石门乡");

        JsonNode audit = okIn(NAMED_COUNTY, "/api/audit?case=" + caseF);
        assertThat(audit.get("rows")).anySatisfy(entry -> {
            assertThat(entry.get("source").asText()).isEqualTo("CASE_EVENT");
            assertThat(entry.get("unit").asText()).isEqualTo("430182102");
            assertThat(entry.get("unitName").asText()).isEqualTo("石门乡");
        });
    }

    @Test
    @Order(10)
    void theLedgerAndItsExport_carryTownAndVillageNames_andTheDashboardListsEveryVillage() throws Exception {
        directoryCounty();

        JsonNode ledger = okIn(NAMED_COUNTY, "/api/ledgers/sanbang?region=430182101&asOf=2026-10-28");
        JsonNode e = row(ledger, caseE);
        assertThat(e.get("townName").asText()).isEqualTo("白沙镇");
        assertThat(e.get("villageName").asText()).isEqualTo("石桥村");

        ResponseEntity<byte[]> export = http.exchange(
                "/api/ledgers/sanbang.csv?region=430182101&asOf=2026-10-28", HttpMethod.GET,
                new HttpEntity<>(users().headers(new Actor("county-" + NAMED_COUNTY, Actor.Role.COUNTY,
                                                           NAMED_COUNTY))), byte[].class);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        List<String> lines = new String(export.getBody(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains(",乡镇代码,乡镇名称,村代码,村名称,");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(",430182101,白沙镇,430182101201,石桥村,").endsWith(caseE);

        JsonNode baisha = okIn(NAMED_COUNTY, "/api/dashboards/towns/430182101?asOf=2026-10-28");
        assertThat(baisha.get("townName").asText()).isEqualTo("白沙镇");
        assertThat(baisha.get("directoryMissing").asBoolean()).isFalse();
        assertThat(field(baisha.get("villages"), "villageName")).containsExactly("石桥村", "柳塘村");
        assertThat(baisha.get("villages").get(1).get("measures").get("account").get("cases").asInt()).isZero();
        assertThat(baisha.get("measures").get("account").get("cases").asInt()).isEqualTo(1);
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static CaseIdentified identified(String caseId, int n, String village, LocalDate on) {
        String idNumber = CaseEvents.idNumberOf(600 + n);
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙丁戊己庚辛".charAt(n - 1), new IdNumber(idNumber), null,
                                                      null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null, on, student,
                                  new HouseholdLocation(new DivisionCode(village), null),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6),
                                  List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD,
                                                                    LocalDate.of(2024, 9, 1), null)),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static Instant at(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(16, 0).atZone(CHINA).toInstant();
    }

    private void record(String caseId, CaseEvent event, Instant recordedAt) {
        record(caseId, event, recordedAt, TOWN_A);
    }

    private void record(String caseId, CaseEvent event, Instant recordedAt, String actorUnit) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                CaseEvents.metaData("clerk-01", "TOWN", actorUnit, UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    /** A change of the county's unit directory, stored as the case service stores it. */
    private void recordDirectory(String county, DirectoryEvent event, Instant recordedAt) {
        String aggregateId = UnitDirectory.aggregateId(county);
        long sequence = nextSequence.merge(aggregateId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                "CountyDirectory", aggregateId, sequence, event,
                CaseEvents.metaData("county-admin", "COUNTY", county, UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private void awaitLedgerSequence(String caseId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L) == sequence);
    }

    private JsonNode ok(String path) throws Exception {
        ResponseEntity<String> response = get(path, "COUNTY");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private static JsonNode row(JsonNode page, String caseId) {
        for (JsonNode row : page.get("rows")) {
            if (row.get("caseId").asText().equals(caseId)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + caseId + " in " + page);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(row -> ids.add(row.get("caseId").asText()));
        return ids;
    }

    private static Set<String> codes(JsonNode coded) {
        Set<String> codes = new TreeSet<>();
        coded.forEach(c -> codes.add(c.get("code").asText()));
        return codes;
    }

    private static int count(JsonNode rows, String code) {
        for (JsonNode row : rows) {
            if (row.get("code").asText().equals(code)) {
                return row.get("count").asInt();
            }
        }
        throw new AssertionError("no " + code + " in " + rows);
    }

    private void assertError(ResponseEntity<String> response, int status, String code, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("field").asText()).isEqualTo(field);
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
    }

    private ResponseEntity<String> get(String path, String role) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(role)), String.class);
    }

    private HttpHeaders headers(String role) {
        return users().headers(role);
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }
}
