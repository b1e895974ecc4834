package cn.kcbx.query.casesheet;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.ledger.SanbangLedgerRow;
import cn.kcbx.query.measure.Coded;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;

/** The case sheet (案件详情): one case's ledger row as of today, with its returns to school and its hand-overs. */
@RestController
@RequestMapping(path = "/api/cases", produces = "application/json")
@Tag(name = "案件详情", description = "单个案件的台账信息、返校记录和移交记录；个人身份信息已脱敏")
class CaseSheetController {

    /**
     * One case as the read side knows it now.
     *
     * @param asOf         the day the row's figures (age, days since identification, overdue) are counted on
     * @param row          the case's 三帮一 ledger row (as {@code GET /api/ledgers/sanbang} lists it), masked
     * @param returns      every return to school, oldest first, with how it ended
     * @param transfers    every hand-over, oldest first
     * @param homeTeaching the 送教上门 plan, or null
     * @param disability   category and level of a recorded disability, or null
     * @param closing      when and how the case was closed, or null while it is open
     */
    record CaseSheet(String caseId, LocalDate asOf, SanbangLedgerRow row, List<Return> returns,
                     List<Transfer> transfers, HomeTeachingPlan homeTeaching, Disability disability,
                     Closing closing) {
    }

    record Return(int episode, LocalDate returnedOn, String schoolName, String schoolCode, Coded grade,
                  String className, Coded placement, LocalDate watchPeriodEndsOn, LocalDate relapsedOn,
                  LocalDate crossedOffOn) {
    }

    /** A hand-over; unit names are those of the day it happened (null when the directory does not list them). */
    record Transfer(Coded kind, LocalDate transferredOn, String fromVillageCode, String fromVillageName,
                    String fromTownName, String toVillageCode, String toVillageName, String toTownName,
                    String toSchoolName, String toSchoolCode, String note, String byUnit, String byUnitName) {
    }

    record HomeTeachingPlan(LocalDate startsOn, String schoolOfRegistration, List<String> teachers,
                            int requiredSessionsPerWeek, int periodsPerSession) {
    }

    record Disability(Coded category, Coded level) {
    }

    record Closing(LocalDate closedOn, Coded category) {
    }

    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;
    private final UnitDirectories directories;
    private final OverduePolicy overduePolicy;

    CaseSheetController(CaseFiles caseFiles, CurrentUser currentUser, UnitDirectories directories,
                        OverduePolicy overduePolicy) {
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
        this.directories = directories;
        this.overduePolicy = overduePolicy;
    }

    @GetMapping("/{caseId}")
    @Operation(summary = "案件详情", description = "案件的三帮一台账信息（截至今日）、历次返校及观察结果、移交记录、送教上门安排。"
            + "身份证号、学籍号、电话已脱敏；完整信息请通过“查看完整个人信息”（留痕）查看。走访和法律程序的明细见案件时间线。"
            + "读侧数据，比写入晚约一秒以内")
    @ApiResponse(responseCode = "200", description = "案件详情")
    @ApiResponse(responseCode = "400", description = "案件编号格式不正确",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未登录",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "案件不在管辖范围内（OUT_OF_JURISDICTION）；学校只能查看本校学生的案件",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "案件不存在（CASE_NOT_FOUND）",
                 content = @Content(schema = @Schema(implementation = ApiError.class)))
    CaseSheet sheet(@PathVariable String caseId) {
        Actor actor = currentUser.require();
        CaseFile file = caseFiles.readableBy(actor, caseId);
        String id = file.caseId();
        LocalDate today = LocalDate.now(DateRules.CHINA_ZONE);
        UnitNames names = UnitNames.current(directories, today);
        if (file.countyCode() != null) {
            names.directory(file.countyCode());
        }
        SanbangLedgerRow row = SanbangLedgerRow.of(file, today, overduePolicy.rulesFor(file), names);
        List<Return> returns = file.returns().stream().map(r -> new Return(
                r.episode(), r.returnedOn(), r.schoolName(), r.schoolCode(),
                r.grade() == null ? null : Coded.of(r.grade(), r.grade().label()), r.className(),
                r.placement() == null ? null : Coded.of(r.placement(), r.placement().label()),
                r.watchPeriodEndsOn(), r.relapsedOn(), r.crossedOffOn())).toList();
        List<Transfer> transfers = file.transfers().stream().map(t -> new Transfer(
                Coded.of(t.kind(), t.kind().label()), t.transferredOn(),
                t.fromVillageCode(), names.name(t.fromVillageCode(), t.transferredOn()),
                names.name(t.fromTownCode(), t.transferredOn()),
                t.toVillageCode(), names.name(t.toVillageCode(), t.transferredOn()),
                names.name(t.toTownCode(), t.transferredOn()), t.toSchoolName(), t.toSchoolCode(), t.note(),
                t.byUnit(), t.byUnit() == null ? null : names.name(t.byUnit(), t.transferredOn()))).toList();
        CaseFile.HomeTeaching plan = file.homeTeaching();
        HomeTeachingPlan homeTeaching = plan == null ? null : new HomeTeachingPlan(plan.startsOn(),
                plan.schoolOfRegistration(), plan.teachers(), plan.requiredSessionsPerWeek(), plan.periodsPerSession());
        Disability disability = file.disabilityCategory() == null ? null : new Disability(
                Coded.of(file.disabilityCategory(), file.disabilityCategory().label()),
                file.disabilityLevel() == null ? null : Coded.of(file.disabilityLevel(), file.disabilityLevel().label()));
        Closing closing = file.closedOn() == null ? null : new Closing(file.closedOn(),
                file.closingCategory() == null ? null
                        : Coded.of(file.closingCategory(), file.closingCategory().label()));
        return new CaseSheet(id, today, row, returns, transfers, homeTeaching, disability, closing);
    }
}
