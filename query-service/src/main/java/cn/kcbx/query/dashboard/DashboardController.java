package cn.kcbx.query.dashboard;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.OverduePolicy;
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

@RestController
@RequestMapping(path = "/api/dashboards", produces = "application/json")
@Tag(name = "乡镇看板", description = "乡镇控辍保学工作看板，可按任一历史时点（asOf）重现")
class DashboardController {

    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final UnitDirectories directories;

    DashboardController(CaseFiles caseFiles, OverduePolicy overduePolicy, CurrentUser currentUser, Clock clock,
                        UnitDirectories directories) {
        this.directories = directories;
        this.caseFiles = caseFiles;
        this.overduePolicy = overduePolicy;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @GetMapping("/towns/{townCode}")
    @Operation(summary = "乡镇看板",
               description = "乡镇及各村的应返、已返、已销号、在劝、送教上门、特殊情况和返回率；按状态统计；未结案案件按原因、"
                       + "重点对象类别、学段统计；逾期事项；本月新增、返校、销号；送教上门完成与应完成次数。各村按单位目录（截至统计时点"
                       + "所登记的）顺序列出并带名称，没有案件的村也列一行（全为 0）。")
    @ApiResponse(responseCode = "200", description = "看板")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "仅该乡镇及所属县的账号可查看（OUT_OF_JURISDICTION）", content = @Content(schema = @Schema(implementation = ApiError.class)))
    TownDashboard town(@Parameter(description = "乡镇 9 位行政区划代码") @PathVariable String townCode,
                       @Parameter(description = ReadTime.ON_PARAMETER) @RequestParam(required = false) String on,
                       @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf) {
        // The town's own officers and its county bureau; not a village, a school or an administrator.
        DivisionCode town = QueryParams.region(townCode, DivisionCode.Level.TOWN, currentUser.require(), "townCode");
        ReadTime at = ReadTime.parse(on, asOf, clock);
        return TownDashboard.of(town.value(), caseFiles.forFigures(town, at), at, overduePolicy,
                                UnitNames.at(directories, at));
    }
}
