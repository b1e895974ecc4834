package cn.kcbx.query.hometeaching;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.export.XlsxExport;
import cn.kcbx.query.export.XlsxExportResponses;
import cn.kcbx.query.export.XlsxResponses;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** 送教上门记录: every home-teaching session of the region's (or the school's) students, and its export. */
@RestController
@RequestMapping(path = "/api/ledgers", produces = "application/json")
@Tag(name = "送教上门记录", description = "送教上门的每一次记录：日期、送教教师、课时、内容；可按统计时点（asOf）重现")
class HomeTeachingController {

    static final String NAME = "送教上门记录";
    static final int MAX_EXPORT_ROWS = 50_000;

    private final HomeTeachingSessions sessions;
    private final CurrentUser currentUser;
    private final UnitDirectories directories;
    private final AccessLog accessLog;
    private final XlsxResponses xlsx;
    private final Clock clock;

    HomeTeachingController(HomeTeachingSessions sessions, CurrentUser currentUser, UnitDirectories directories,
                           AccessLog accessLog, XlsxResponses xlsx, Clock clock) {
        this.sessions = sessions;
        this.currentUser = currentUser;
        this.directories = directories;
        this.accessLog = accessLog;
        this.xlsx = xlsx;
        this.clock = clock;
    }

    /** What the session log and its export are asked for. */
    record SessionsRequest(
            @Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位，须在本人管辖范围内；默认为操作人所在单位。学校账号只看本校学生，可不填") String region,
            @Parameter(description = ReadTime.ON_PARAMETER) String on,
            @Parameter(description = ReadTime.AS_OF_PARAMETER) String asOf,
            @Parameter(description = "送教日期自（含），如 2026-10-01") String from,
            @Parameter(description = "送教日期至（含），如 2026-10-31") String to) {
    }

    @GetMapping("/home-teaching-sessions")
    @Operation(summary = "送教上门记录",
               description = "本地区（学校账号：本校）安排了送教上门的学生的每一次送教：学生（身份证号已脱敏）、村、乡镇、送教学校、"
                       + "送教日期（已更正的按更正后日期）、送教教师、课时、内容（其中的身份证号、电话已脱敏）、录入日期及录入单位。"
                       + "按送教日期排列；from、to 限定送教日期。")
    @ApiResponse(responseCode = "200", description = "送教记录")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "不在管辖范围内（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<HomeTeachingSessionRow> list(@ParameterObject SessionsRequest request) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(request.region(), actor, "region");
        return sessions.rows(scope, ReadTime.parse(request.on(), request.asOf(), clock),
                             date(request.from(), "from"), date(request.to(), "to"));
    }

    @GetMapping(path = "/home-teaching-sessions.xlsx", produces = XlsxResponses.CONTENT_TYPE)
    @Operation(summary = "导出送教上门记录（Excel .xlsx，用于上报）",
               description = "参数与送教上门记录相同，内容与其逐行一致（已脱敏）。表头写明标题、地区、日期、送教日期范围，表尾为填报单位、"
                       + "审核人、填表人、联系电话、填报日期（统计时点当天）。每次导出记入访问日志。")
    @XlsxExportResponses
    void export(@ParameterObject SessionsRequest request, @ParameterObject XlsxResponses.Signature signature,
                HttpServletRequest http, HttpServletResponse response) {
        Actor actor = currentUser.require();
        ReadScope scope = QueryParams.readScope(request.region(), actor, "region");
        ReadTime at = ReadTime.parse(request.on(), request.asOf(), clock);
        LocalDate from = date(request.from(), "from");
        LocalDate to = date(request.to(), "to");
        List<HomeTeachingSessionRow> rows = sessions.rows(scope, at, from, to);
        if (rows.size() > MAX_EXPORT_ROWS) {
            throw new RuleViolationException("EXPORT_TOO_LARGE", "region",
                    "符合条件的有 " + rows.size() + " 行，超过一次导出的上限 " + MAX_EXPORT_ROWS + " 行，请缩小区域或送教日期范围");
        }
        UnitNames names = UnitNames.at(directories, at);
        String scopeCode = scope.regionCode() != null ? scope.regionCode() : scope.schoolCode();
        String scopeLabel = scope.regionCode() != null ? names.label(scope.regionCode())
                : "学校 " + names.label(scope.schoolCode());
        XlsxExport.Footer footer = xlsx.footer(actor, names.label(actor.unitCode()), signature, at);
        accessLog.record(actor, AccessAction.LEDGER_EXPORTED, null,
                         NAME + " " + scopeCode + (at.byBusinessDate() ? "，业务日期 " : "，截至 ") + at.day() + "，"
                                 + rows.size() + " 行，xlsx", http.getRemoteAddr());
        List<String> filters = new ArrayList<>();
        if (from != null || to != null) {
            filters.add("送教日期：" + (from == null ? "" : from + " ") + "至" + (to == null ? "" : " " + to));
        }
        String file = NAME + "-" + scopeCode + "-" + (at.byBusinessDate() ? "业务日期" : "") + at.day() + ".xlsx";
        xlsx.send(response, file, new XlsxExport.Heading(NAME, scopeLabel, XlsxResponses.dateLine(at), filters),
                  footer, workbook -> workbook.sheet(NAME, null, COLUMNS, rows));
    }

    static final List<XlsxExport.Column<HomeTeachingSessionRow>> COLUMNS = List.of(
            column("送教日期", HomeTeachingSessionRow::deliveredOn),
            column("学生姓名", HomeTeachingSessionRow::studentName),
            column("身份证号", HomeTeachingSessionRow::idNumber),
            column("乡镇代码", HomeTeachingSessionRow::townCode),
            column("乡镇名称", HomeTeachingSessionRow::townName),
            column("村代码", HomeTeachingSessionRow::villageCode),
            column("村名称", HomeTeachingSessionRow::villageName),
            column("送教学校", HomeTeachingSessionRow::schoolOfRegistration),
            column("送教教师", row -> String.join("、", row.teachers())),
            column("课时", HomeTeachingSessionRow::periods),
            column("送教内容", HomeTeachingSessionRow::content),
            column("录入日期", HomeTeachingSessionRow::recordedOn),
            column("录入单位", HomeTeachingSessionRow::recordedByUnit),
            column("案件编号", HomeTeachingSessionRow::caseId));

    private static XlsxExport.Column<HomeTeachingSessionRow> column(String header,
                                                                    Function<HomeTeachingSessionRow, Object> value) {
        return new XlsxExport.Column<>(header, value);
    }

    private static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeException e) {
            throw new InvalidValueException("INVALID_DATE", field,
                    "日期“" + value.strip() + "”格式不正确，请填写日期（如 2026-10-31）");
        }
    }
}
