package cn.kcbx.query.ledger;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.export.XlsxExport;
import cn.kcbx.query.export.XlsxExportResponses;
import cn.kcbx.query.export.XlsxResponses;
import cn.kcbx.query.measure.Overdue;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The two working ledgers, 三帮一劝返工作台账 and 劝返销号台账, each also as a CSV file and as an .xlsx for reporting. */
@RestController
@RequestMapping(path = "/api/ledgers", produces = "application/json")
@Tag(name = "工作台账", description = "三帮一劝返工作台账、劝返销号台账；可按任一历史时点（asOf）重现；身份证号、电话已脱敏")
class LedgerController {

    /** More rows than a county's open cases ever are; beyond it, the export asks for a narrower one. */
    static final int MAX_EXPORT_ROWS = 50_000;

    private final LedgerQueries queries;
    private final CurrentUser currentUser;
    private final AccessLog accessLog;
    private final Clock clock;
    private final XlsxResponses xlsx;

    LedgerController(LedgerQueries queries, CurrentUser currentUser, AccessLog accessLog, Clock clock,
                     XlsxResponses xlsx) {
        this.xlsx = xlsx;
        this.queries = queries;
        this.currentUser = currentUser;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** What the 三帮一 ledger and its export are asked for: the region, the moment and the filters. */
    record SanbangRequest(
            @Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位，须在本人管辖范围内；默认为操作人所在单位。学校账号只看本校学生，可不填") String region,
            @Parameter(description = ReadTime.ON_PARAMETER) String on,
            @Parameter(description = ReadTime.AS_OF_PARAMETER) String asOf,
            @Parameter(description = "案件状态，可多选：IDENTIFIED、PENDING_RECHECK、CONFIRMED_DROPOUT、PERSUADING、HOME_TEACHING、RETURNED、CLOSED") List<String> status,
            @Parameter(description = "主要辍学原因，可多选，如 POVERTY、LEARNING_DIFFICULTY") List<String> reason,
            @Parameter(description = "重点对象类别，可多选，如 LEFT_BEHIND_CHILD") List<String> category,
            @Parameter(description = "学段：PRIMARY（小学）、JUNIOR（初中）") List<String> level,
            @Parameter(description = "学校标识码（原就读学校或返校学校）") String schoolCode,
            @Parameter(description = "true 只看有逾期事项的，false 只看没有的；或逾期类别，如 NO_VISIT、NO_TRIO") List<String> overdue,
            @Parameter(description = "排序：region、identifiedOn、daysSinceIdentification、lastVisitOn、visitCount、status、statusSince、studentName、overdue，可加 ,desc") String sort) {

        LedgerQueries.SanbangFilter filter(Actor actor) {
            Boolean overdueAny = null;
            List<String> overdueKinds = overdue;
            if (overdue != null && overdue.size() == 1 && overdue.get(0).matches("(?i)true|false")) {
                overdueAny = Boolean.parseBoolean(overdue.get(0));
                overdueKinds = null;
            }
            return new LedgerQueries.SanbangFilter(
                    QueryParams.enums(status, CaseStatus.class, "status", "案件状态", CaseStatus::label),
                    QueryParams.enums(reason, DropoutReason.class, "reason", "辍学原因", DropoutReason::label),
                    QueryParams.enums(category, PriorityCategory.class, "category", "重点对象类别", PriorityCategory::label),
                    QueryParams.enums(level, SchoolLevel.class, "level", "学段", SchoolLevel::label),
                    QueryParams.enums(overdueKinds, Overdue.Kind.class, "overdue", "逾期类别", Overdue.Kind::label),
                    overdueAny, QueryParams.schoolFilter(schoolCode, actor, "schoolCode"));
        }

        /** The filters as the export's heading lists them. */
        List<String> described(LedgerQueries.SanbangFilter filter) {
            List<String> lines = new ArrayList<>();
            lines.add("状态：" + (filter.statuses().isEmpty() ? "未结案（默认）"
                    : join(filter.statuses(), CaseStatus::label)));
            if (!filter.reasons().isEmpty()) {
                lines.add("主要辍学原因：" + join(filter.reasons(), DropoutReason::label));
            }
            if (!filter.categories().isEmpty()) {
                lines.add("重点对象类别：" + join(filter.categories(), PriorityCategory::label));
            }
            if (!filter.levels().isEmpty()) {
                lines.add("学段：" + join(filter.levels(), SchoolLevel::label));
            }
            if (filter.schoolCode() != null) {
                lines.add("学校标识码：" + filter.schoolCode());
            }
            if (filter.overdue() != null) {
                lines.add(filter.overdue() ? "只看有逾期事项的" : "只看没有逾期事项的");
            }
            if (!filter.overdueKinds().isEmpty()) {
                lines.add("逾期类别：" + join(filter.overdueKinds(), Overdue.Kind::label));
            }
            if (sort != null && !sort.isBlank()) {
                lines.add("排序：" + sort.strip());
            }
            return lines;
        }
    }

    private static <E> String join(Set<E> values, Function<E, String> label) {
        return values.stream().map(label).collect(Collectors.joining("、"));
    }

    @GetMapping("/sanbang")
    @Operation(summary = "三帮一劝返工作台账",
               description = "每个未结案案件一行：学生、村/乡镇、原就读学校、重点对象类别、主要辍学原因、三帮一人员及电话、"
                       + "走访次数、最近走访、下次计划走访、法律程序进度、状态、登记天数及逾期提醒。默认只列未结案案件；"
                       + "status 可指定状态（含 CLOSED）。")
    @ApiResponse(responseCode = "200", description = "台账一页")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "区域不在管辖范围内（OUT_OF_JURISDICTION）；系统管理员不能查看案件",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    LedgerPage<SanbangLedgerRow> sanbang(
            @ParameterObject SanbangRequest request,
            @Parameter(description = "页码，从 0 开始") @RequestParam(required = false) Integer page,
            @Parameter(description = "每页条数，1–500，默认 50") @RequestParam(required = false) Integer size) {
        Actor actor = currentUser.require();
        return queries.sanbang(QueryParams.readScope(request.region(), actor, "region"),
                               ReadTime.parse(request.on(), request.asOf(), clock), request.filter(actor), request.sort(),
                               QueryParams.page(page), QueryParams.size(size, 50));
    }

    @GetMapping(path = "/sanbang.csv", produces = "text/csv")
    @Operation(summary = "导出三帮一劝返工作台账（CSV，Excel / WPS 可直接打开）",
               description = "筛选条件与台账相同，导出全部符合条件的行（不分页，最多 " + MAX_EXPORT_ROWS + " 行）。"
                       + "身份证号、电话与页面上一样已脱敏。每次导出记入访问日志（谁、何时、哪个区域、多少行）。")
    @CsvExportResponses
    ResponseEntity<byte[]> sanbangCsv(@ParameterObject SanbangRequest request, HttpServletRequest http) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(request.region(), actor, "region");
        ReadTime at = ReadTime.parse(request.on(), request.asOf(), clock);
        LedgerPage<SanbangLedgerRow> all = queries.sanbang(scope, at, request.filter(actor), request.sort(), 0,
                                                           MAX_EXPORT_ROWS + 1);
        return export(actor, scope, SanbangLedgerCsv.NAME, at, all.total(),
                      () -> LedgerCsv.write(SanbangLedgerCsv.COLUMNS, all.rows()), http);
    }

    @GetMapping(path = "/sanbang.xlsx", produces = XlsxResponses.CONTENT_TYPE)
    @Operation(summary = "导出三帮一劝返工作台账（Excel .xlsx，用于上报）",
               description = "参数、筛选与 CSV 导出相同，内容与台账、CSV 逐格一致（身份证号、电话已脱敏）。表头写明标题、地区、日期、"
                       + "筛选条件，表尾为填报单位、审核人、填表人、联系电话、填报日期；填报日期为统计时点当天，"
                       + "同样的参数（过去的统计时点）得到同样的内容。每次导出记入访问日志。")
    @XlsxExportResponses
    void sanbangXlsx(@ParameterObject SanbangRequest request, @ParameterObject XlsxResponses.Signature signature,
                     HttpServletRequest http, HttpServletResponse response) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(request.region(), actor, "region");
        ReadTime at = ReadTime.parse(request.on(), request.asOf(), clock);
        LedgerQueries.SanbangFilter filter = request.filter(actor);
        LedgerPage<SanbangLedgerRow> all = queries.sanbang(scope, at, filter, request.sort(), 0, MAX_EXPORT_ROWS + 1);
        XlsxExport.Footer footer = xlsx.footer(actor, queries.unitLabel(actor, at), signature, at);
        String name = logged(actor, scope, SanbangLedgerCsv.NAME, at, all.total(), "xlsx", http);
        xlsx.send(response, XlsxResponses.xlsxName(name),
                  new XlsxExport.Heading(SanbangLedgerCsv.NAME, queries.scopeLabel(scope, at),
                                         XlsxResponses.dateLine(at), request.described(filter)),
                  footer, file -> LedgerXlsx.sanbang(file, all.rows()));
    }

    @GetMapping("/returns")
    @Operation(summary = "劝返销号台账（劝返一个销号一个）",
               description = "区域汇总（应返、已返、已销号、在劝、送教上门、特殊情况、返回率）及下一级单位（县看乡镇、乡镇看村）的汇总，"
                       + "以及每个返校学生的返校日期、学校、年级、班级、安置方式、观察期届满日、销号日期及销号人、复辍情况。")
    @ApiResponse(responseCode = "200", description = "台账")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "区域不在管辖范围内（OUT_OF_JURISDICTION）；系统管理员不能查看案件",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    LedgerQueries.ReturnAccount returns(
            @Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位，须在本人管辖范围内；默认为操作人所在单位。学校账号只看本校学生，可不填") @RequestParam(required = false) String region,
            @Parameter(description = ReadTime.ON_PARAMETER) @RequestParam(required = false) String on,
            @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf,
            @Parameter(description = "true 只看已销号的，false 只看未销号的") @RequestParam(required = false) Boolean crossedOff,
            @Parameter(description = "排序：region、lastReturnedOn、studentName、relapses，可加 ,desc") @RequestParam(required = false) String sort,
            @Parameter(description = "页码，从 0 开始") @RequestParam(required = false) Integer page,
            @Parameter(description = "每页条数，1–500，默认 50") @RequestParam(required = false) Integer size) {
        Actor actor = currentUser.require();
        return queries.returns(QueryParams.readScope(region, actor, "region"), ReadTime.parse(on, asOf, clock), crossedOff, sort,
                               QueryParams.page(page), QueryParams.size(size, 50));
    }

    @GetMapping(path = "/returns.csv", produces = "text/csv")
    @Operation(summary = "导出劝返销号台账（CSV，Excel / WPS 可直接打开）",
               description = "每次返校一行：学生、返校日期、学校、年级、班级、安置方式、观察期届满日、销号日期及销号人、复辍日期。"
                       + "筛选条件与台账相同，不分页，最多 " + MAX_EXPORT_ROWS + " 行；身份证号已脱敏；每次导出记入访问日志。")
    @CsvExportResponses
    ResponseEntity<byte[]> returnsCsv(
            @Parameter(description = "行政区划代码，同台账") @RequestParam(required = false) String region,
            @Parameter(description = "业务日期，同台账") @RequestParam(required = false) String on,
            @Parameter(description = "统计时点，同台账") @RequestParam(required = false) String asOf,
            @Parameter(description = "true 只看已销号的，false 只看未销号的") @RequestParam(required = false) Boolean crossedOff,
            @Parameter(description = "排序，同台账") @RequestParam(required = false) String sort,
            HttpServletRequest http) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(region, actor, "region");
        ReadTime at = ReadTime.parse(on, asOf, clock);
        List<ReturnAccountCsv.Line> lines = ReturnAccountCsv.Line.of(queries.returnRows(scope, at, crossedOff, sort));
        return export(actor, scope, ReturnAccountCsv.NAME, at, lines.size(),
                      () -> LedgerCsv.write(ReturnAccountCsv.COLUMNS, lines), http);
    }

    @GetMapping(path = "/returns.xlsx", produces = XlsxResponses.CONTENT_TYPE)
    @Operation(summary = "导出劝返销号台账（Excel .xlsx，用于上报）",
               description = "参数、筛选与 CSV 导出相同，每次返校一行，内容与 CSV 逐格一致（身份证号已脱敏）；表头、表尾同三帮一台账导出。"
                       + "每次导出记入访问日志。")
    @XlsxExportResponses
    void returnsXlsx(
            @Parameter(description = "行政区划代码，同台账") @RequestParam(required = false) String region,
            @Parameter(description = "业务日期，同台账") @RequestParam(required = false) String on,
            @Parameter(description = "统计时点，同台账") @RequestParam(required = false) String asOf,
            @Parameter(description = "true 只看已销号的，false 只看未销号的") @RequestParam(required = false) Boolean crossedOff,
            @Parameter(description = "排序，同台账") @RequestParam(required = false) String sort,
            @ParameterObject XlsxResponses.Signature signature, HttpServletRequest http, HttpServletResponse response) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(region, actor, "region");
        ReadTime at = ReadTime.parse(on, asOf, clock);
        List<ReturnAccountCsv.Line> lines = ReturnAccountCsv.Line.of(queries.returnRows(scope, at, crossedOff, sort));
        XlsxExport.Footer footer = xlsx.footer(actor, queries.unitLabel(actor, at), signature, at);
        String name = logged(actor, scope, ReturnAccountCsv.NAME, at, lines.size(), "xlsx", http);
        List<String> filters = new ArrayList<>();
        if (crossedOff != null) {
            filters.add(crossedOff ? "只看已销号的" : "只看未销号的");
        }
        if (sort != null && !sort.isBlank()) {
            filters.add("排序：" + sort.strip());
        }
        xlsx.send(response, XlsxResponses.xlsxName(name),
                  new XlsxExport.Heading(ReturnAccountCsv.NAME, queries.scopeLabel(scope, at),
                                         XlsxResponses.dateLine(at), filters),
                  footer, file -> LedgerXlsx.returns(file, lines));
    }

    /** The file of an export, once it is known to be of a sensible size, and its line in the access log. */
    private ResponseEntity<byte[]> export(Actor actor, ReadScope scope, String ledger, ReadTime at, long rows,
                                          Supplier<byte[]> file, HttpServletRequest http) {
        String name = logged(actor, scope, ledger, at, rows, "csv", http);
        ContentDisposition disposition = ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build();
        return ResponseEntity.ok()
                             .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                             .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                             .header(HttpHeaders.CACHE_CONTROL, "no-store")
                             .body(file.get());
    }

    /**
     * Refuses an export too large, records it in the access log and names its file (the .csv name; the .xlsx one is
     * the same with its own extension).
     */
    private String logged(Actor actor, ReadScope scope, String ledger, ReadTime at, long rows, String format,
                          HttpServletRequest http) {
        if (rows > MAX_EXPORT_ROWS) {
            throw new RuleViolationException("EXPORT_TOO_LARGE", "region",
                    "符合条件的有 " + rows + " 行，超过一次导出的上限 " + MAX_EXPORT_ROWS + " 行，请缩小区域或增加筛选条件");
        }
        String scopeLabel = scope.regionCode() != null ? scope.regionCode() : scope.schoolCode();
        accessLog.record(actor, AccessAction.LEDGER_EXPORTED, null,
                         ledger + " " + scopeLabel + (at.byBusinessDate() ? "，业务日期 " : "，截至 ") + at.day() + "，"
                                 + rows + " 行" + ("csv".equals(format) ? "" : "，" + format), http.getRemoteAddr());
        return LedgerCsv.fileName(ledger, scopeLabel, at.day(), at.byBusinessDate());
    }
}
