package cn.kcbx.query.report;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.config.QueryServiceProperties;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.casefile.AsOf;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

@RestController
@RequestMapping(path = "/api/reports", produces = "application/json")
@Tag(name = "县级报表", description = "县级控辍保学报表及月报；任一历史时点均可重现，月报数据取自当月截止日结束时")
class ReportController {

    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;
    private final MonthlyCutoff cutoff;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final UnitDirectories directories;

    ReportController(CaseFiles caseFiles, OverduePolicy overduePolicy, QueryServiceProperties properties,
                     CurrentUser currentUser, Clock clock, UnitDirectories directories) {
        this.directories = directories;
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
                        @Parameter(description = "统计时点：日期（当天结束时）或带时区的时间；默认为当前") @RequestParam(required = false) String asOf) {
        DivisionCode county = countyOf(countyCode);
        AsOf at = AsOf.parse(asOf, clock);
        return CountyReport.of(county.value(), caseFiles.in(county, at), at, Period.monthTo(at.day()), overduePolicy,
                               false, UnitNames.at(directories, at));
    }

    @GetMapping("/counties/{countyCode}/monthly/{month}")
    @Operation(summary = "县级月报",
               description = "按月核实汇总上报：数据为当月截止日（默认 28 日，可配置）结束时系统所掌握的情况，之后补录或更正的记录"
                       + "不改变已出月报；本期新增、返校、销号按业务日期统计（上月截止日次日至本月截止日）。casesBehind 列出每个数字背后的案件。"
                       + "乡镇按截止时单位目录所列顺序列出并带名称，没有案件的乡镇也列一行。")
    @ApiResponse(responseCode = "200", description = "月报")
    @ApiResponse(responseCode = "400", description = "参数不正确或该月截止日未到", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "仅该县的县级账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    CountyReport monthly(@Parameter(description = "县 6 位行政区划代码") @PathVariable String countyCode,
                         @Parameter(description = "月份，如 2026-10") @PathVariable String month) {
        DivisionCode county = countyOf(countyCode);
        YearMonth yearMonth;
        try {
            yearMonth = YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("INVALID_MONTH", "month", "月份“" + month + "”格式不正确，应为 yyyy-MM，如 2026-10");
        }
        AsOf at = AsOf.endOf(cutoff.cutoff(yearMonth));
        if (at.instant().isAfter(clock.instant())) {
            throw new InvalidValueException("REPORT_MONTH_NOT_ENDED", "month",
                    yearMonth + " 月报的截止日 " + cutoff.cutoff(yearMonth) + " 还没有结束，暂不能出月报；当前数据请查看县级报表");
        }
        return CountyReport.of(county.value(), caseFiles.in(county, at), at, cutoff.period(yearMonth), overduePolicy,
                               true, UnitNames.at(directories, at));
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
