package cn.kcbx.query.transfer;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.web.QueryParams;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * 移交台账: the cases a village, town or county received from elsewhere (户籍迁移, 学籍转移), or handed over to
 * elsewhere. Only for the user's own region.
 */
@RestController
@RequestMapping(path = "/api/ledgers/transfers", produces = "application/json")
@Tag(name = "移交台账", description = "转入、转出本地区的案件（户籍迁移、学籍转移）")
class TransferController {

    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;
    private final UnitDirectories directories;
    private final Clock clock;

    TransferController(CaseFiles caseFiles, CurrentUser currentUser, UnitDirectories directories, Clock clock) {
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
        this.directories = directories;
        this.clock = clock;
    }

    /** Which side of the hand-over the region was on. */
    enum Direction {
        IN, OUT
    }

    @GetMapping
    @Operation(summary = "移交台账（转入、转出）",
               description = "direction=in（默认）：从其他地区移交到本地区的案件，含案件当前状态；direction=out：本地区移交出去的案件"
                       + "（移交后由接收方办理，不显示其后续办理情况）。按移交日期从新到旧排列。转出、转入地的村、乡镇、县"
                       + "及移交单位附单位目录中的名称（移交当日的名称；目录未列出的为 null）。")
    @ApiResponse(responseCode = "200", description = "移交记录")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "不在管辖范围内", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<TransferRow> transfers(
            @Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位；默认为操作人所在单位") @RequestParam(required = false) String region,
            @Parameter(description = "in（转入，默认）或 out（转出）") @RequestParam(required = false) String direction) {
        Actor actor = currentUser.require();
        DivisionCode asked = QueryParams.region(region, actor, "region");
        Jurisdiction.requireRegion(actor, asked);
        boolean out = direction(direction) == Direction.OUT;
        UnitNames names = UnitNames.current(directories, ReadTime.now(clock).day());
        List<TransferRow> rows = new ArrayList<>();
        for (CaseFile file : caseFiles.transferred(asked, out)) {
            for (CaseFile.Transfer transfer : file.transfers()) {
                if (out ? transfer.leaves(asked.value()) : transfer.enters(asked.value())) {
                    // The status is the receiving side's business, while the case is still theirs.
                    rows.add(TransferRow.of(file, transfer, !out && file.scope().liesIn(asked), names));
                }
            }
        }
        rows.sort(Comparator.comparing(TransferRow::transferredOn).reversed().thenComparing(TransferRow::caseId));
        return rows;
    }

    private static Direction direction(String value) {
        if (value == null || value.isBlank()) {
            return Direction.IN;
        }
        try {
            return Direction.valueOf(value.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("INVALID_PARAMETER", "direction",
                    "direction 只能为 in（转入）或 out（转出），填写的是“" + value.strip() + "”");
        }
    }
}
