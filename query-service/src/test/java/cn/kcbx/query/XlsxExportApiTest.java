package cn.kcbx.query;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
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
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
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
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The .xlsx exports through the HTTP API: each one's cells are the JSON API's (and the CSV's, where there is one), ID
 * numbers and phones masked, limited to the caller's jurisdiction, logged, and the same file content for the same past
 * parameters. The files are read back with fastexcel-reader, as a county clerk's Excel would.
 *
 * <p>County 430181 without a unit directory: town 105 has a returned case (A), a confirmed one (B) and one handed over
 * to town 106 (T); town 106 has a case taught at home (H) with sessions in September, October and November.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XlsxExportApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("xlsx");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final String COUNTY = "430181";
    private static final String TOWN_A = "430181105";
    private static final String TOWN_B = "430181106";
    private static final String FULL_ID = "(?<![0-9])[0-9]{17}[0-9X](?![0-9])";
    private static final String FULL_MOBILE = "(?<![0-9])1[3-9][0-9]{9}(?![0-9])";

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
    AccessLog accessLog;
    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    private TestUsers users;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final String caseA = UUID.randomUUID().toString();
    private final String caseB = UUID.randomUUID().toString();
    private final String caseH = UUID.randomUUID().toString();
    private final String caseT = UUID.randomUUID().toString();

    @BeforeAll
    void autumn() {
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
        record(caseH, identified(caseH, 3, TOWN_B + "201", LocalDate.of(2026, 9, 10)), at(2026, 9, 10));
        record(caseH, new DropoutConfirmed(caseH, LocalDate.of(2026, 9, 12), null), at(2026, 9, 12));
        record(caseH, new HomeTeachingArranged(caseH, List.of("周晓梅"), "青禾乡中心小学", 1, 2,
                                               LocalDate.of(2026, 9, 20)), at(2026, 9, 20));
        record(caseH, session(caseH, 1, LocalDate.of(2026, 9, 25), "认读生字；家长电话 13612345678"), at(2026, 9, 25));
        record(caseH, session(caseH, 2, LocalDate.of(2026, 10, 9), "口算练习"), at(2026, 10, 9));
        record(caseH, session(caseH, 3, LocalDate.of(2026, 11, 3), "康复训练"), at(2026, 11, 3));
        record(caseT, identified(caseT, 4, TOWN_A + "203", LocalDate.of(2026, 9, 5)), at(2026, 9, 5));
        record(caseT, new CaseTransferred(caseT, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 10, 5),
                                          new DivisionCode(TOWN_A + "203"),
                                          new HouseholdLocation(new DivisionCode(TOWN_B + "202"), "新村 2 组 6 号"),
                                          Set.of("2143000001"), new ReceivingSchool("白沙镇中学", "2143000007"),
                                          "随父母迁户，父亲电话 13612345678"), at(2026, 10, 5));
        awaitSequence(caseA, 4);
        awaitSequence(caseB, 1);
        awaitSequence(caseH, 5);
        awaitSequence(caseT, 1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
               .until(() -> ok("/api/ledgers/home-teaching-sessions?region=" + COUNTY, "COUNTY").size() == 3);
    }

    @Test
    void theSanbangLedger_inExcel_isTheApisAndTheCsvsRows_withHeadingFooterAndMasking() throws Exception {
        String query = "?region=" + COUNTY + "&asOf=2026-10-28&sort=identifiedOn";
        JsonNode page = ok("/api/ledgers/sanbang" + query + "&size=500", "COUNTY");
        List<List<String>> csv = csv(bytes("/api/ledgers/sanbang.csv" + query, "COUNTY").getBody());
        ResponseEntity<byte[]> response = bytes("/api/ledgers/sanbang.xlsx" + query
                + "&reviewer=" + "王审核" + "&phone=0731-84000000", "COUNTY");

        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentType().toString())
                .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("三帮一劝返工作台账-" + COUNTY + "-2026-10-28.xlsx");
        Map<String, List<List<String>>> book = read(response.getBody());
        assertThat(book).containsOnlyKeys("三帮一劝返工作台账");
        Table table = Table.of(book.get("三帮一劝返工作台账"));
        assertThat(table.top.get(0).get(0)).isEqualTo("三帮一劝返工作台账");
        assertThat(table.top.get(1).get(0)).isEqualTo("地区：" + COUNTY);
        assertThat(table.top.get(2).get(0)).contains("2026-10-28");
        assertThat(table.top.get(3).get(0)).isEqualTo("筛选条件：状态：未结案（默认）；排序：identifiedOn");
        assertThat(table.header).isEqualTo(csv.get(0));
        assertThat(table.rows).isEqualTo(csv.subList(1, csv.size()));
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(row -> ids.add(row.get("caseId").asText()));
        assertThat(table.column("案件编号")).isEqualTo(ids).containsExactly(caseA, caseT, caseH, caseB);
        assertThat(table.column("走访次数").get(0)).isEqualTo(page.get("rows").get(0).get("visitCount").asText());
        assertThat(table.column("身份证号")).allSatisfy(id -> assertThat(id).contains("**********"));
        assertThat(table.column("帮扶教师").get(0)).contains("138****0101");
        assertThat(table.footer).containsExactly(
                List.of("填报单位：" + COUNTY, "审核人：王审核", "填表人：" + TestActors.COUNTY.userId()),
                List.of("联系电话：0731-84000000", "填报日期：2026-10-28"));
        assertNoFullIdentifiers(book);
        assertThat(accessLog.find(TestActors.COUNTY.userId(), null, null, null, 20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo(AccessAction.LEDGER_EXPORTED);
            assertThat(entry.detail()).contains("三帮一劝返工作台账", COUNTY, "2026-10-28", "4 行", "xlsx");
        });
    }

    @Test
    void theFilters_areTheApis_andUnsignedFooterFieldsAreLinesToSign() throws Exception {
        String query = "?region=" + COUNTY + "&asOf=2026-10-28&status=HOME_TEACHING";
        Table table = Table.of(read(bytes("/api/ledgers/sanbang.xlsx" + query, "COUNTY").getBody())
                                       .get("三帮一劝返工作台账"));
        assertThat(table.top.get(3).get(0)).isEqualTo("筛选条件：状态：送教上门");
        assertThat(table.column("案件编号")).containsExactly(caseH);
        assertThat(table.footer.get(0).get(1)).isEqualTo("审核人：____________");
        assertThat(table.footer.get(1).get(0)).isEqualTo("联系电话：____________");
    }

    @Test
    void theReturnAccount_inExcel_isTheCsvs() throws Exception {
        String query = "?region=" + COUNTY + "&asOf=2026-10-28";
        List<List<String>> csv = csv(bytes("/api/ledgers/returns.csv" + query, "COUNTY").getBody());
        ResponseEntity<byte[]> response = bytes("/api/ledgers/returns.xlsx" + query, "COUNTY");
        assertThat(response.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("劝返销号台账-" + COUNTY + "-2026-10-28.xlsx");
        Table table = Table.of(read(response.getBody()).get("劝返销号台账"));
        assertThat(table.header).isEqualTo(csv.get(0));
        assertThat(table.rows).isEqualTo(csv.subList(1, csv.size())).hasSize(1);
        assertThat(table.column("返校日期")).containsExactly("2026-10-10");
    }

    @Test
    void theMonthlyReport_inExcel_hasTheReportsFigures_andTheCasesBehindEach() throws Exception {
        String october = "/api/reports/counties/" + COUNTY + "/monthly/2026-10";
        JsonNode report = ok(october + "?asOf=2026-10-28", "COUNTY");
        ResponseEntity<byte[]> response = bytes(october + ".xlsx?asOf=2026-10-28", "COUNTY");
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentDisposition().getFilename())
                .isEqualTo("县级控辍保学月报-" + COUNTY + "-2026-10-统计时点2026-10-28.xlsx");
        Map<String, List<List<String>>> book = read(response.getBody());
        assertThat(book.keySet()).containsExactly("各乡镇汇总", "数字背后的案件");

        Table figures = Table.of(book.get("各乡镇汇总"));
        assertThat(figures.top.get(0).get(0)).isEqualTo("县级控辍保学月报（2026 年 10 月）");
        List<JsonNode> expected = new ArrayList<>();
        report.get("towns").forEach(expected::add);
        assertThat(figures.rows).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(figures.rows.get(i).get(0)).isEqualTo(expected.get(i).get("townCode").asText());
            assertFigures(figures, i, expected.get(i).get("measures"));
        }
        assertThat(figures.rows.get(expected.size()).get(1)).isEqualTo("全县合计");
        assertFigures(figures, expected.size(), report.get("total"));

        Table cases = Table.of(book.get("数字背后的案件"));
        Map<String, Set<String>> inSheet = new TreeMap<>();
        List<String> codes = cases.column("指标代码");
        List<String> ids = cases.column("案件编号");
        for (int i = 0; i < codes.size(); i++) {
            inSheet.computeIfAbsent(codes.get(i), code -> new TreeSet<>()).add(ids.get(i));
        }
        Map<String, Set<String>> inReport = new TreeMap<>();
        report.get("casesBehind").fields().forEachRemaining(figure -> {
            Set<String> behind = new TreeSet<>();
            figure.getValue().forEach(id -> behind.add(id.asText()));
            if (!behind.isEmpty()) {
                inReport.put(figure.getKey(), behind);
            }
        });
        assertThat(inSheet).isEqualTo(inReport).containsKey("PERSUADING");
        assertThat(cases.column("身份证号")).allSatisfy(id -> assertThat(id).contains("**********"));
        assertNoFullIdentifiers(book);

        assertThat(bytes(october + ".xlsx", "TOWN").getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theTransfers_inExcel_areTheApisRows() throws Exception {
        JsonNode rows = ok("/api/ledgers/transfers?region=" + TOWN_B + "&asOf=2026-10-28", "COUNTY");
        assertThat(rows).hasSize(1);
        Table table = Table.of(read(bytes("/api/ledgers/transfers.xlsx?region=" + TOWN_B + "&asOf=2026-10-28",
                                          "COUNTY").getBody()).get("转入"));
        assertThat(table.top.get(0).get(0)).isEqualTo("移交台账（转入）");
        assertThat(table.column("案件编号")).containsExactly(rows.get(0).get("caseId").asText());
        assertThat(table.column("移交日期")).containsExactly(rows.get(0).get("transferredOn").asText());
        assertThat(table.column("学生姓名")).containsExactly(rows.get(0).get("studentName").asText());
        assertThat(table.column("说明")).containsExactly(rows.get(0).get("note").asText());
        assertThat(table.column("说明").get(0)).contains("136****5678");
        assertThat(table.column("转入学校")).containsExactly("白沙镇中学（2143000007）");

        Table enrolment = Table.of(read(bytes("/api/ledgers/transfers.xlsx?region=" + TOWN_B
                                                      + "&asOf=2026-10-28&kind=ENROLMENT_TRANSFERRED", "COUNTY").getBody())
                                           .get("转入"));
        assertThat(enrolment.rows).isEmpty();
        assertThat(enrolment.top.get(3).get(0)).isEqualTo("筛选条件：转入本地区的案件；移交类型：学籍转移");
        assertThat(ok("/api/ledgers/transfers?region=" + TOWN_B + "&kind=ENROLMENT_TRANSFERRED", "COUNTY")).isEmpty();
        assertThat(get("/api/ledgers/transfers.xlsx?region=" + TOWN_B + "&kind=MOVED", "COUNTY").getBody())
                .contains("INVALID_FILTER");

        Table out = Table.of(read(bytes("/api/ledgers/transfers.xlsx?region=" + TOWN_A + "&direction=out",
                                        "COUNTY").getBody()).get("转出"));
        assertThat(out.column("案件编号")).containsExactly(caseT);
        ResponseEntity<byte[]> foreign = http.exchange("/api/ledgers/transfers.xlsx?region=" + TOWN_B, HttpMethod.GET,
                                                       new HttpEntity<>(users().headers(TestActors.TOWN)), byte[].class);
        assertThat(foreign.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void theSessionLog_listsEachSessionAsKnownThen_andItsExcelIsTheSame() throws Exception {
        JsonNode october = ok("/api/ledgers/home-teaching-sessions?region=" + COUNTY + "&asOf=2026-10-28", "COUNTY");
        assertThat(october).hasSize(2);
        assertThat(october.get(0).get("deliveredOn").asText()).isEqualTo("2026-09-25");
        assertThat(october.get(0).get("content").asText()).isEqualTo("认读生字；家长电话 136****5678");
        assertThat(october.get(0).get("idNumber").asText()).contains("**********");
        JsonNode fromOctober = ok("/api/ledgers/home-teaching-sessions?region=" + TOWN_B + "&from=2026-10-01", "COUNTY");
        assertThat(fromOctober).hasSize(2);

        Table table = Table.of(read(bytes("/api/ledgers/home-teaching-sessions.xlsx?region=" + COUNTY
                                                  + "&asOf=2026-10-28", "COUNTY").getBody()).get("送教上门记录"));
        assertThat(table.rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode row = october.get(i);
            assertThat(table.column("送教日期").get(i)).isEqualTo(row.get("deliveredOn").asText());
            assertThat(table.column("送教内容").get(i)).isEqualTo(row.get("content").asText());
            assertThat(table.column("课时").get(i)).isEqualTo(row.get("periods").asText());
            assertThat(table.column("送教教师").get(i)).isEqualTo("周晓梅");
            assertThat(table.column("案件编号").get(i)).isEqualTo(caseH);
        }
        // A school sees the sessions of its own students only.
        Table school = Table.of(read(bytes("/api/ledgers/home-teaching-sessions.xlsx?asOf=2026-10-28", "SCHOOL")
                                             .getBody()).get("送教上门记录"));
        assertThat(school.top.get(1).get(0)).isEqualTo("地区：学校 " + TestActors.SCHOOL.unitCode());
        assertThat(school.column("案件编号")).containsExactly(caseH, caseH);
        ResponseEntity<String> otherSchool = http.exchange(
                "/api/ledgers/home-teaching-sessions", HttpMethod.GET,
                new HttpEntity<>(users().headers(new Actor("other-school", Actor.Role.SCHOOL, "2143000099"))),
                String.class);
        assertThat(json.readTree(otherSchool.getBody())).isEmpty();
        ResponseEntity<byte[]> foreign = http.exchange("/api/ledgers/home-teaching-sessions.xlsx?region=" + TOWN_B,
                                                       HttpMethod.GET, new HttpEntity<>(users().headers(TestActors.TOWN)),
                                                       byte[].class);
        assertThat(foreign.getStatusCode().value()).isEqualTo(403);
        assertThat(get("/api/ledgers/home-teaching-sessions?region=" + COUNTY + "&from=october", "COUNTY").getBody())
                .contains("INVALID_DATE");
    }

    @Test
    void aTown_exportsOnlyItsOwnCases_andAnotherTownsAskIsRefused() throws Exception {
        Table own = Table.of(read(bytes("/api/ledgers/sanbang.xlsx?asOf=2026-10-28", "TOWN").getBody())
                                     .get("三帮一劝返工作台账"));
        assertThat(own.column("案件编号")).containsExactlyInAnyOrder(caseA, caseB);
        assertThat(own.column("乡镇代码")).containsOnly(TOWN_A);
        ResponseEntity<String> foreign = get("/api/ledgers/sanbang.xlsx?region=" + TOWN_B, "TOWN");
        assertThat(foreign.getStatusCode().value()).isEqualTo(403);
        assertThat(json.readTree(foreign.getBody()).get("code").asText()).isEqualTo("OUT_OF_JURISDICTION");
        ResponseEntity<String> tooLong = get("/api/ledgers/returns.xlsx?reviewer=" + "审".repeat(41), "TOWN");
        assertThat(tooLong.getStatusCode().value()).isEqualTo(400);
        assertThat(json.readTree(tooLong.getBody()).get("field").asText()).isEqualTo("reviewer");
    }

    @Test
    void thePastIsReproduced_theSameParametersGiveTheSameFile_butForItsCreationStamp() throws Exception {
        String path = "/api/ledgers/sanbang.xlsx?region=" + COUNTY + "&asOf=2026-10-28";
        String monthly = "/api/reports/counties/" + COUNTY + "/monthly/2026-10.xlsx?asOf=2026-10-28";
        byte[] first = bytes(path, "COUNTY").getBody();
        byte[] firstMonthly = bytes(monthly, "COUNTY").getBody();
        // Recorded now, dated in October: the current ledger changes, the one as known on 28 October does not.
        record(caseB, CaseEvents.visit(caseB, 1, LocalDate.of(2026, 10, 20)), Instant.now());
        awaitSequence(caseB, 2);
        Thread.sleep(1_100);
        byte[] second = bytes(path, "COUNTY").getBody();
        assertThat(read(second)).isEqualTo(read(first));
        assertThat(parts(second)).isEqualTo(parts(first));
        assertThat(read(bytes(monthly, "COUNTY").getBody())).isEqualTo(read(firstMonthly));
        Table now = Table.of(read(bytes("/api/ledgers/sanbang.xlsx?region=" + COUNTY, "COUNTY").getBody())
                                     .get("三帮一劝返工作台账"));
        assertThat(now.rows.get(now.column("案件编号").indexOf(caseB)).get(now.header.indexOf("走访次数")))
                .isEqualTo("1");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void assertFigures(Table figures, int row, JsonNode measures) {
        JsonNode account = measures.get("account");
        assertThat(figures.rows.get(row).get(figures.header.indexOf("案件数"))).isEqualTo(account.get("cases").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("在劝"))).isEqualTo(account.get("persuading").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("已返"))).isEqualTo(account.get("returned").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("送教上门")))
                .isEqualTo(account.get("homeTeaching").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("返回率（%）")))
                .isEqualTo(account.get("returnRate").isNull() ? "" : account.get("returnRate").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("有逾期事项的案件")))
                .isEqualTo(measures.get("overdueCases").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("本期新增")))
                .isEqualTo(measures.get("identifiedInPeriod").asText());
        assertThat(figures.rows.get(row).get(figures.header.indexOf("送教上门已送次数")))
                .isEqualTo(measures.get("homeTeaching").get("sessionsDelivered").asText());
    }

    private static void assertNoFullIdentifiers(Map<String, List<List<String>>> book) {
        book.values().forEach(rows -> rows.forEach(row -> row.forEach(cell -> assertThat(cell)
                .doesNotContainPattern(FULL_ID).doesNotContainPattern(FULL_MOBILE))));
    }

    /** A sheet cut at its header row (序号) and the blank row before the footer. */
    private record Table(List<List<String>> top, List<String> header, List<List<String>> rows,
                         List<List<String>> footer) {

        static Table of(List<List<String>> sheet) {
            int header = 0;
            while (!sheet.get(header).isEmpty() && !"序号".equals(sheet.get(header).get(0))) {
                header++;
            }
            int end = header + 1;
            while (end < sheet.size() && !sheet.get(end).isEmpty()) {
                end++;
            }
            List<List<String>> rows = new ArrayList<>();
            List<String> columns = sheet.get(header).subList(1, sheet.get(header).size());
            for (List<String> row : sheet.subList(header + 1, end)) {
                List<String> cells = new ArrayList<>(row.subList(1, row.size()));
                while (cells.size() < columns.size()) {
                    cells.add("");
                }
                rows.add(cells);
            }
            List<List<String>> footer = sheet.subList(end + 1, sheet.size()).stream()
                                             .map(r -> r.stream().filter(c -> !c.isEmpty()).toList()).toList();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(sheet.get(header + 1 + i).get(0)).as("序号").isEqualTo(String.valueOf(i + 1));
            }
            return new Table(sheet.subList(0, header), columns, rows, footer);
        }

        List<String> column(String name) {
            int index = header.indexOf(name);
            assertThat(index).as(name + " in " + header).isNotNegative();
            return rows.stream().map(row -> row.get(index)).toList();
        }
    }

    /** Sheet name → rows (blank rows kept) → cell texts, trailing blanks cut. */
    private static Map<String, List<List<String>>> read(byte[] xlsx) throws IOException {
        Map<String, List<List<String>>> book = new LinkedHashMap<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            for (Sheet sheet : workbook.getSheets().toList()) {
                List<List<String>> rows = new ArrayList<>();
                try (Stream<Row> stream = sheet.openStream()) {
                    stream.forEach(row -> {
                        while (rows.size() < row.getRowNum() - 1) {
                            rows.add(List.of());
                        }
                        List<String> cells = new ArrayList<>();
                        for (int i = 0; i < row.getCellCount(); i++) {
                            Cell cell = row.getCell(i);
                            cells.add(cell == null || cell.getText() == null ? "" : cell.getText());
                        }
                        while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                            cells.remove(cells.size() - 1);
                        }
                        rows.add(cells);
                    });
                }
                book.put(sheet.getName(), rows);
            }
        }
        return book;
    }

    /** The package's parts and their bytes, but for docProps/core.xml (fastexcel stamps it with the time). */
    private static Map<String, String> parts(byte[] xlsx) throws IOException {
        Map<String, String> parts = new TreeMap<>();
        // Read by the central directory: the entries are streamed with their sizes after the data.
        Path file = Files.createTempFile("export", ".xlsx");
        try {
            Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                    String content = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    parts.put(entry.getName(), entry.getName().equals("docProps/core.xml") ? "" : content);
                }
            }
        } finally {
            Files.delete(file);
        }
        assertThat(parts).containsKey("xl/worksheets/sheet1.xml");
        return parts;
    }

    /** The CSV's lines and cells (RFC 4180 quotes), without its byte-order mark. */
    private static List<List<String>> csv(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<List<String>> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                cells.add(cell.toString());
                cell.setLength(0);
                lines.add(cells.subList(1, cells.size()));
                cells = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        return lines;
    }

    private static CaseIdentified identified(String caseId, int n, String village, LocalDate on) {
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙丁".charAt(n - 1),
                                                      new IdNumber(CaseEvents.idNumberOf(700 + n)), null, null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null, on, student,
                                  new HouseholdLocation(new DivisionCode(village), null),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6),
                                  List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD,
                                                                    LocalDate.of(2024, 9, 1), null)),
                                  SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY));
    }

    private static HomeTeachingSessionDelivered session(String caseId, int n, LocalDate on, String content) {
        return new HomeTeachingSessionDelivered(caseId, "7a1c2d3e-0000-4000-8000-00000000000" + n, on,
                                                List.of("周晓梅"), 2, content);
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

    private void awaitSequence(String caseId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L) == sequence);
    }

    private JsonNode ok(String path, String role) throws Exception {
        ResponseEntity<String> response = get(path, role);
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private ResponseEntity<String> get(String path, String role) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(role)), String.class);
    }

    private ResponseEntity<byte[]> bytes(String path, String role) {
        HttpHeaders headers = users().headers(role);
        ResponseEntity<byte[]> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), byte[].class);
        assertThat(response.getStatusCode().value()).as(path).isIn(200, 403);
        return response;
    }

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(context, port);
        }
        return users;
    }
}
