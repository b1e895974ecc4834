package cn.kcbx.query.transfer;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * 移交台账: the cases a village, town or county received from elsewhere (户籍迁移, 学籍转移), or handed over to
 * elsewhere. Only for the user's own region.
 */
@RestController
@RequestMapping(path = "/api/ledgers", produces = "application/json")
@Tag(name = "移交台账", description = "转入、转出本地区的案件（户籍迁移、学籍转移）")
class TransferController {

    private final CaseFiles caseFiles;
    private final CurrentUser currentUser;
    private final UnitDirectories directories;
    private final Clock clock;
    private final AccessLog accessLog;
    private final XlsxResponses xlsx;

    TransferController(CaseFiles caseFiles, CurrentUser currentUser, UnitDirectories directories, Clock clock,
                       AccessLog accessLog, XlsxResponses xlsx) {
        this.accessLog = accessLog;
        this.xlsx = xlsx;
        this.caseFiles = caseFiles;
        this.currentUser = currentUser;
        this.directories = directories;
        this.clock = clock;
    }

    /** Which side of the hand-over the region was on. */
    enum Direction {
        IN, OUT
    }

    @GetMapping("/transfers")
    @Operation(summary = "移交台账（转入、转出）",
               description = "direction=in（默认）：从其他地区移交到本地区的案件，含案件当前状态；direction=out：本地区移交出去的案件"
                       + "（移交后由接收方办理，不显示其后续办理情况）。按移交日期从新到旧排列。转出、转入地的村、乡镇、县"
                       + "及移交单位附单位目录中的名称（移交当日的名称；目录未列出的为 null）。带 asOf 时为截至该时点系统所掌握的移交记录。")
    @ApiResponse(responseCode = "200", description = "移交记录")
    @ApiResponse(responseCode = "400", description = "参数不正确", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "401", description = "未识别操作人", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "403", description = "不在管辖范围内", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<TransferRow> transfers(
            @Parameter(description = "行政区划代码：县 6 位、乡镇 9 位、村 12 位；默认为操作人所在单位") @RequestParam(required = false) String region,
            @Parameter(description = "in（转入，默认）或 out（转出）") @RequestParam(required = false) String direction,
            @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf,
            @Parameter(description = KIND_PARAMETER) @RequestParam(required = false) List<String> kind) {
        Actor actor = currentUser.require();
        DivisionCode asked = QueryParams.region(region, actor, "region");
        return rows(asked, direction(direction) == Direction.OUT, ReadTime.parse(asOf, clock), kinds(kind));
    }

    @GetMapping(path = "/transfers.xlsx", produces = XlsxResponses.CONTENT_TYPE)
    @Operation(summary = "导出移交台账（Excel .xlsx，用于上报）",
               description = "参数与移交台账相同，内容与其逐行一致（说明中的身份证号、电话已脱敏）。表头写明标题、地区、转入或转出、统计时点，"
                       + "表尾为填报单位、审核人、填表人、联系电话、填报日期（统计时点当天）。每次导出记入访问日志。")
    @XlsxExportResponses
    void transfersXlsx(
            @Parameter(description = "行政区划代码，同移交台账") @RequestParam(required = false) String region,
            @Parameter(description = "in（转入，默认）或 out（转出）") @RequestParam(required = false) String direction,
            @Parameter(description = ReadTime.AS_OF_PARAMETER) @RequestParam(required = false) String asOf,
            @Parameter(description = KIND_PARAMETER) @RequestParam(required = false) List<String> kind,
            @ParameterObject XlsxResponses.Signature signature, HttpServletRequest http, HttpServletResponse response) {
        Actor actor = currentUser.require();
        DivisionCode asked = QueryParams.region(region, actor, "region");
        boolean out = direction(direction) == Direction.OUT;
        ReadTime at = ReadTime.parse(asOf, clock);
        Set<TransferKind> kinds = kinds(kind);
        List<TransferRow> rows = rows(asked, out, at, kinds);
        List<String> filters = new ArrayList<>(List.of(out ? "转出本地区的案件" : "转入本地区的案件"));
        if (!kinds.isEmpty()) {
            filters.add("移交类型：" + kinds.stream().map(TransferKind::label).collect(Collectors.joining("、")));
        }
        UnitNames names = UnitNames.at(directories, at);
        XlsxExport.Footer footer = xlsx.footer(actor, names.label(actor.unitCode()), signature, at);
        String title = out ? "移交台账（转出）" : "移交台账（转入）";
        accessLog.record(actor, AccessAction.LEDGER_EXPORTED, null,
                         title + " " + asked.value() + "，截至 " + at.day() + "，" + rows.size() + " 行，xlsx",
                         http.getRemoteAddr());
        xlsx.send(response, title + "-" + asked.value() + "-" + at.day() + ".xlsx",
                  new XlsxExport.Heading(title, names.label(asked.value()), XlsxResponses.dateLine(at),
                                         filters),
                  footer, file -> file.sheet(out ? "转出" : "转入", null, TransferXlsx.COLUMNS, rows));
    }

    /** The hand-overs into or out of the region, newest first: the API's list and the export's rows. */
    private List<TransferRow> rows(DivisionCode asked, boolean out, ReadTime at, Set<TransferKind> kinds) {
        UnitNames names = at.live() ? UnitNames.current(directories, at.day()) : UnitNames.at(directories, at);
        List<TransferRow> rows = new ArrayList<>();
        for (CaseFile file : caseFiles.transferred(asked, out, at)) {
            for (CaseFile.Transfer transfer : file.transfers()) {
                if ((out ? transfer.leaves(asked.value()) : transfer.enters(asked.value()))
                        && (kinds.isEmpty() || kinds.contains(transfer.kind()))) {
                    // The status is the receiving side's business, while the case is still theirs.
                    rows.add(TransferRow.of(file, transfer, !out && file.scope().liesIn(asked), names));
                }
            }
        }
        rows.sort(Comparator.comparing(TransferRow::transferredOn).reversed().thenComparing(TransferRow::caseId));
        return rows;
    }

    private static final String KIND_PARAMETER = "移交类型，可多选：HOUSEHOLD_MOVED（户籍迁移）、ENROLMENT_TRANSFERRED（学籍转移）；不填为全部";

    private static Set<TransferKind> kinds(List<String> kind) {
        return QueryParams.enums(kind, TransferKind.class, "kind", "移交类型", TransferKind::label);
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
