package cn.kcbx.query.report;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.config.QueryServiceProperties;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.export.XlsxExport;
import cn.kcbx.query.export.XlsxExportResponses;
import cn.kcbx.query.export.XlsxResponses;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.timeline.CaseTimelineQuery;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping(path = "/api/reports", produces = "application/json")
@Tag(name = "县级报表", description = "县级控辍保学报表及月报；可按业务日期（on）和统计时点（asOf）重现任一时刻的情况；月报可报送定稿，并查看报送后的更正情况")
class ReportController {

    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;
    private final MonthlyCutoff cutoff;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final UnitDirectories directories;
    private final FiledReports filedReports;
    private final CaseTimelineQuery timeline;
    private final AccessLog accessLog;
    private final ObjectMapper objectMapper;
    private final XlsxResponses xlsx;

    ReportController(CaseFiles caseFiles, OverduePolicy overduePolicy, QueryServiceProperties properties,
                     CurrentUser currentUser, Clock clock, UnitDirectories directories, FiledReports filedReports,
                     CaseTimelineQuery timeline, AccessLog accessLog, ObjectMapper objectMapper,
                     XlsxResponses xlsx) {
        this.xlsx = xlsx;
        this.directories = directories;
        this.filedReports = filedReports;
        this.timeline = timeline;
        this.accessLog = accessLog;
        this.objectMapper = objectMapper;
        this.caseFiles = caseFiles;
        this.overduePolicy = overduePolicy;
        this.cutoff = new MonthlyCutoff(properties.reports().monthlyCutoffDay());
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @GetMapping("/counties/{countyCode}")
    @Operation(summary = "县级报表",
               description = "每个乡镇一行（应返、已返、已销号、在劝、送教上门、特殊情况、返回率、逾期事项、本月新增/返校/销号、"
                       + "送教上门次数）及全县合计；全县按原因、重点对象类别统计；登记到返校天数中位数。乡镇按单位目录（截至统计时点"
                       + "所登记的）顺序列出并带名称，没有案件的乡镇也列一行（全为 0）；本县尚未建立单位目录时 directoryMissing 为 true。")
    @ApiResponse(responseCode = "200", description = "报表")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    CountyReport county(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                        @Parameter(description = ReadTime.ON_PARAMETER) @RequestParam(required = false) String on,
                        @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf) {
        DivisionCode county = countyOf(countyCode);
        ReadTime at = ReadTime.parse(on, asOf, clock);
        return CountyReport.of(county.value(), caseFiles.forFigures(county, at), at, Period.monthTo(at.day()), overduePolicy,
                               false, UnitNames.at(directories, at));
    }

    @GetMapping("/counties/{countyCode}/monthly/{month}")
    @Operation(summary = "县级月报",
               description = "按月核实汇总上报：当月截止日（默认 28 日，可配置）当天的情况，按各环节的实际发生日期统计，截至统计时点"
                       + "（默认为当前）录入的记录，补录、更正的记录计入其实际发生日；本期新增、返校、销号为上月截止日次日至本月截止日。"
                       + "统计时点为截止日当天结束时，即为截止时系统所掌握的情况。casesBehind 列出每个数字背后的案件。"
                       + "乡镇按截止时单位目录所列顺序列出并带名称，没有案件的乡镇也列一行。")
    @ApiResponse(responseCode = "200", description = "月报")
    @ApiResponse(responseCode = "400", description = "参数不正确或该月截止日未到", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    CountyReport monthly(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                         @Parameter(description = "月份，如 2026-10") @PathVariable String month,
                         @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf) {
        DivisionCode county = countyOf(countyCode);
        return monthlyReport(county, monthOf(month), asOf);
    }

    @GetMapping(path = "/counties/{countyCode}/monthly/{month}.xlsx", produces = XlsxResponses.CONTENT_TYPE)
    @Operation(summary = "导出县级月报（Excel .xlsx，含每个数字背后的案件）",
               description = "与月报 JSON 相同的数字：第一张表各乡镇一行及全县合计，第二张表列出每个数字所统计的案件（身份证号已脱敏）。"
                       + "表头写明标题、县名、月份及统计期、统计时点，表尾为填报单位、审核人、填表人、联系电话、填报日期（统计时点当天）。"
                       + "带过去的统计时点（asOf）时，同样的参数得到同样的内容。每次导出记入访问日志。")
    @XlsxExportResponses
    void monthlyXlsx(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                     @Parameter(description = "月份，如 2026-10") @PathVariable String month,
                     @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf,
                     @ParameterObject XlsxResponses.Signature signature, HttpServletRequest http,
                     HttpServletResponse response) {
        DivisionCode county = countyOf(countyCode);
        Actor actor = currentUser.require();
        YearMonth yearMonth = monthOf(month);
        ReadTime at = monthlyTime(yearMonth, asOf);
        List<CaseFile> files = caseFiles.in(county, at);
        UnitNames names = UnitNames.at(directories, at);
        Period period = cutoff.period(yearMonth);
        CountyReport report = CountyReport.of(county.value(), files, at, period, overduePolicy, true, names);
        Map<String, CaseFile> byId = new HashMap<>();
        files.forEach(file -> byId.put(file.caseId(), file));
        List<CountyReportXlsx.CaseLine> cases = CountyReportXlsx.caseLines(report, byId, names);
        XlsxExport.Footer footer = xlsx.footer(actor, names.label(actor.unitCode()), signature, at);
        accessLog.record(actor, AccessAction.LEDGER_EXPORTED, null,
                         CountyReportXlsx.NAME + " " + county.value() + " " + yearMonth + "，统计时点 "
                                 + XlsxResponses.knowledgeDay(at) + "，" + cases.size() + " 行案件，xlsx",
                         http.getRemoteAddr());
        String file = CountyReportXlsx.NAME + "-" + county.value() + "-" + yearMonth
                + (asOf == null || asOf.isBlank() ? "" : "-统计时点" + XlsxResponses.knowledgeDay(at)) + ".xlsx";
        XlsxExport.Heading heading = new XlsxExport.Heading(
                CountyReportXlsx.NAME + "（" + yearMonth.getYear() + " 年 " + yearMonth.getMonthValue() + " 月）",
                names.label(county.value()), XlsxResponses.dateLine(at),
                List.of("统计期 " + period.from() + " 至 " + period.to() + "（本期新增、返校、销号按此统计）"));
        xlsx.send(response, file, heading, footer, workbook -> {
            workbook.sheet("各乡镇汇总", null, CountyReportXlsx.FIGURES, CountyReportXlsx.figureRows(report));
            workbook.sheet("数字背后的案件", "数字背后的案件", CountyReportXlsx.CASES, cases);
        });
    }

    @PostMapping("/counties/{countyCode}/monthly/{month}/filing")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "报送月报",
               description = "把该月月报（截止日当天的情况，截至此刻录入的记录）按此刻的内容定稿报送：保存报表原文及其 SHA-256，"
                       + "记录报送人和时间并记入访问日志。此后“已报送”版本不再改变，之后补录、更正的记录只出现在月报（更正后）"
                       + "及“更正情况”中。每月只能报送一次。")
    @ApiResponse(responseCode = "201", description = "已报送：月份、报送人、时间、SHA-256")
    @ApiResponse(responseCode = "400", description = "参数不正确或该月截止日未到", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可报送（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "422", description = "该月已报送（REPORT_ALREADY_FILED）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    Filing file(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                @Parameter(description = "月份，如 2026-10") @PathVariable String month,
                HttpServletRequest http) {
        DivisionCode county = countyOf(countyCode);
        Actor actor = currentUser.require();
        YearMonth yearMonth = monthOf(month);
        CountyReport report = monthlyReport(county, yearMonth, null);
        String json;
        try {
            json = objectMapper.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The monthly report could not be written as JSON", e);
        }
        // Milliseconds: what the store keeps, so every later read shows the same instant.
        FiledReport filed = filedReports.file(county.value(), yearMonth.toString(), json, actor.userId(),
                                              actor.unitCode(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        accessLog.record(actor, AccessAction.MONTHLY_REPORT_FILED, null,
                         county.value() + " " + yearMonth + " sha256=" + filed.sha256(), http.getRemoteAddr());
        return Filing.of(filed);
    }

    @GetMapping("/counties/{countyCode}/monthly/{month}/filed")
    @Operation(summary = "已报送的月报（原文）",
               description = "报送时保存的月报原文，逐字节不变；响应头 X-Report-SHA256 为其 SHA-256，X-Filed-At、X-Filed-By 为报送时间和报送人。")
    @ApiResponse(responseCode = "200", description = "报送时的月报原文")
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "该月尚未报送（REPORT_NOT_FILED）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<String> filed(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                                 @Parameter(description = "月份，如 2026-10") @PathVariable String month) {
        DivisionCode county = countyOf(countyCode);
        FiledReport filed = filedOf(county, monthOf(month));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                             .header("X-Report-SHA256", filed.sha256())
                             .header("X-Filed-At", filed.filedAt().toString())
                             .header("X-Filed-By", filed.filedBy())
                             .header("X-Filed-By-Unit", filed.filedByUnit())
                             .body(filed.json());
    }

    @GetMapping("/counties/{countyCode}/monthly/{month}/corrections")
    @Operation(summary = "月报更正情况（已报送与更正后的差异）",
               description = "把已报送的月报与现在按业务日期重算的月报（更正后）逐项比较：哪些数字变了，每个变动的案件从哪些数字中"
                       + "移出、计入哪些数字，以及报送之后录入的、实际发生在截止日之前的记录（补录、更正），即变动的原因。")
    @ApiResponse(responseCode = "200", description = "差异")
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "该月尚未报送（REPORT_NOT_FILED）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ReportCorrections corrections(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                                  @Parameter(description = "月份，如 2026-10") @PathVariable String month) {
        DivisionCode county = countyOf(countyCode);
        YearMonth yearMonth = monthOf(month);
        FiledReport filed = filedOf(county, yearMonth);
        // Read as a tree, not as today's CountyReport: a report filed by an older version keeps its own shape.
        Map<String, List<String>> asFiled = new LinkedHashMap<>();
        try {
            objectMapper.readTree(filed.json()).path("casesBehind").fields().forEachRemaining(figure -> {
                List<String> ids = new ArrayList<>();
                figure.getValue().forEach(id -> ids.add(id.asText()));
                asFiled.put(figure.getKey(), ids);
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A filed report could not be read back", e);
        }
        CountyReport corrected = monthlyReport(county, yearMonth, null);
        return ReportCorrections.between(filed, asFiled, corrected.casesBehind(), cutoff.cutoff(yearMonth), timeline);
    }

    /** The month's report: the state on its cut-off day by business dates, as known at {@code asOf} (default now). */
    private CountyReport monthlyReport(DivisionCode county, YearMonth yearMonth, String asOf) {
        ReadTime at = monthlyTime(yearMonth, asOf);
        return CountyReport.of(county.value(), caseFiles.forFigures(county, at), at, cutoff.period(yearMonth),
                               overduePolicy,
                               true, UnitNames.at(directories, at));
    }

    /** A month's read time: its cut-off day by business dates, as known at {@code asOf}; refused before it ended. */
    private ReadTime monthlyTime(YearMonth yearMonth, String asOf) {
        LocalDate cutoffDay = cutoff.cutoff(yearMonth);
        if (ReadTime.endOf(cutoffDay).instant().isAfter(clock.instant())) {
            throw new InvalidValueException("REPORT_MONTH_NOT_ENDED", "month",
                    yearMonth + " 月报的截止日 " + cutoffDay + " 还没有结束，暂不能出月报；当前数据请查看县级报表");
        }
        return ReadTime.parse(cutoffDay.toString(), asOf, clock);
    }

    private FiledReport filedOf(DivisionCode county, YearMonth month) {
        return filedReports.find(county.value(), month.toString())
                           .orElseThrow(() -> new ReportNotFiledException(county.value(), month.toString()));
    }

    private static YearMonth monthOf(String month) {
        try {
            return YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("INVALID_MONTH", "month", "月份“" + month + "”格式不正确，应为 yyyy-MM，如 2026-10");
        }
    }

    /** The answer to a filing: what was filed, when, by whom, and the SHA-256 of the filed report's JSON. */
    record Filing(String countyCode, String month, Instant filedAt, String filedBy, String filedByUnit,
                  String sha256) {

        static Filing of(FiledReport filed) {
            return new Filing(filed.countyCode(), filed.month(), filed.filedAt(), filed.filedBy(),
                              filed.filedByUnit(), filed.sha256());
        }
    }

    /** County reports are for the county bureau of that county only (a town sees its own town's dashboard). */
    private DivisionCode countyOf(String countyCode) {
        Actor actor = currentUser.require();
        DivisionCode county = QueryParams.region(countyCode, DivisionCode.Level.COUNTY, "countyCode");
        if (actor.role() != Actor.Role.COUNTY) {
            throw new AccessDeniedException("OUT_OF_JURISDICTION", actor.role() == Actor.Role.ADMIN
                    ? "系统管理员账号只管理账号，不能查看案件数据"
                    : "县级报表只供县级教育行政部门查看；" + actor.role().label() + "账号请查看本单位的台账或看板");
        }
        Jurisdiction.requireRegion(actor, county);
        return county;
    }
}
