package cn.kcbx.caseservice.web.directory;

import cn.kcbx.caseservice.command.DirectoryService;
import cn.kcbx.caseservice.web.ClientRequest;
import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.access.DirectoryPermissions;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.DirectoryChanges;
import cn.kcbx.kernel.directory.DirectoryEntry;
import cn.kcbx.kernel.directory.DirectoryEvent;
import cn.kcbx.kernel.directory.DirectoryPlan;
import cn.kcbx.kernel.directory.DirectoryRefusedException;
import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.ImportDirectory;
import cn.kcbx.kernel.directory.RetireUnit;
import cn.kcbx.kernel.directory.SaveUnit;
import cn.kcbx.kernel.directory.SchoolOwnership;
import cn.kcbx.kernel.directory.SchoolStage;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitChanged;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitEntry;
import cn.kcbx.kernel.directory.UnitKind;
import cn.kcbx.kernel.directory.UnitRetired;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The unit directory of a county: read by every signed-in user, kept by the county bureau and the county's
 * administrator (import from a spreadsheet, or one unit at a time), downloadable in the import layout.
 */
@RestController
@RequestMapping(path = "/api/directory/{county}", produces = "application/json")
@Tag(name = "单位目录", description = "县内乡镇（街道）、村（社区）、学校的名称与代码")
class DirectoryController {

    private final DirectoryService directoryService;
    private final UnitDirectories directories;
    private final CurrentUser currentUser;

    DirectoryController(DirectoryService directoryService, UnitDirectories directories, CurrentUser currentUser) {
        this.directoryService = directoryService;
        this.directories = directories;
        this.currentUser = currentUser;
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** A unit as listed, with its town's name and its earlier names. */
    record UnitView(String kind, String kindLabel, String code, String name, String townCode, String townName,
                    String stage, String stageLabel, String ownership, String ownershipLabel,
                    Boolean enrolmentAccount, LocalDate inUseFrom, LocalDate retiredOn, String retireReason,
                    List<String> formerNames) {

        static UnitView of(UnitEntry entry, UnitDirectory directory) {
            DirectoryUnit unit = entry.unit();
            boolean school = unit.kind() == UnitKind.SCHOOL;
            List<String> former = entry.versions().stream().map(version -> version.unit().name())
                                       .filter(name -> !name.equals(unit.name())).distinct().toList();
            return new UnitView(unit.kind().name(), unit.kind().label(), unit.code(), unit.name(),
                                unit.kind() == UnitKind.COUNTY ? null : unit.townCode(),
                                unit.kind() == UnitKind.COUNTY ? null : directory.nameOf(unit.townCode()),
                                school ? unit.stage().name() : null, school ? unit.stage().label() : null,
                                school ? unit.ownership().name() : null, school ? unit.ownership().label() : null,
                                school ? unit.enrolmentAccount() : null, entry.inUseFrom(), entry.retiredOn(),
                                entry.retireReason(), former);
        }
    }

    /**
     * The county's directory. {@code notice} tells a county that has not imported one yet what to do (until then,
     * every well-formed code is accepted and shown without a name).
     */
    record DirectoryView(String county, String countyName, boolean empty, String notice, int towns, int villages,
                         int schools, List<UnitView> units) {
    }

    @GetMapping
    @Operation(summary = "查看本县单位目录", description = "按类别、代码排序，含已撤销的单位（retiredOn 不为空）")
    DirectoryView directory(@PathVariable String county) {
        currentUser.require();
        UnitDirectory directory = directories.of(countyCode(county));
        return new DirectoryView(directory.county(), directory.countyName().orElse(null), directory.isEmpty(),
                directory.isEmpty() ? "本县尚未导入单位目录：请县教育局或系统管理员下载模板（template.xlsx），填写乡镇、村（社区）和学校后导入。"
                        + "导入前，各项代码只检查格式，报表中只显示代码" : null,
                directory.units(UnitKind.TOWN).size(), directory.units(UnitKind.VILLAGE).size(),
                directory.units(UnitKind.SCHOOL).size(),
                directory.all().stream().map(entry -> UnitView.of(entry, directory)).toList());
    }

    /** One change of the directory, with who made it and when. */
    record ChangeView(String recordedAt, String recordedBy, String change, String code, String name,
                      LocalDate effectiveOn, String reason) {
    }

    @GetMapping("/changes")
    @Operation(summary = "单位目录变更记录", description = "每次新增、修改、撤销：何人、何时、生效日期")
    List<ChangeView> changes(@PathVariable String county) {
        currentUser.require();
        UnitDirectory directory = directories.of(countyCode(county));
        List<ChangeView> changes = new ArrayList<>();
        for (UnitDirectory.Recorded recorded : directory.history()) {
            DirectoryEvent event = recorded.event();
            String when = recorded.recordedAt().toString();
            if (event instanceof UnitAdded added) {
                changes.add(new ChangeView(when, recorded.recordedBy(), "新增", added.code(), added.unit().name(),
                                           added.inUseFrom(), null));
            } else if (event instanceof UnitChanged changed) {
                changes.add(new ChangeView(when, recorded.recordedBy(), changed.changedOn() == null ? "更正" : "变更",
                                           changed.code(), changed.unit().name(), changed.changedOn(), null));
            } else if (event instanceof UnitRetired retired) {
                changes.add(new ChangeView(when, recorded.recordedBy(), "撤销", retired.code(),
                                           directory.nameOf(retired.code()), retired.retiredOn(), retired.reason()));
            }
        }
        return changes;
    }

    @GetMapping(path = "/template.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "下载单位目录（导入模板，.xlsx）", description = "已有目录时含全部单位，可修改后重新导入")
    ResponseEntity<byte[]> templateXlsx(@PathVariable String county) {
        currentUser.require();
        String code = countyCode(county);
        return file(DirectoryTemplate.xlsx(directories.of(code)), "单位目录-" + code + ".xlsx",
                    MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    }

    @GetMapping(path = "/template.csv", produces = "text/csv")
    @Operation(summary = "下载单位目录（导入模板，.csv）")
    ResponseEntity<byte[]> templateCsv(@PathVariable String county) {
        currentUser.require();
        String code = countyCode(county);
        return file(DirectoryTemplate.csv(directories.of(code)), "单位目录-" + code + ".csv",
                    new MediaType("text", "csv", StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------ keeping

    /** What an import or a change did. */
    record ChangeOutcome(int added, int changed, int retired, String message) {

        static ChangeOutcome of(DirectoryChanges changes) {
            return new ChangeOutcome(changes.added(), changes.changed(), changes.retired(), changes.none()
                    ? "单位目录与提交的内容一致，没有变化"
                    : "单位目录已更新：新增 " + changes.added() + " 个，修改 " + changes.changed() + " 个，撤销 "
                            + changes.retired() + " 个");
        }
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "导入单位目录（.xlsx 或 .csv，表单字段 file）",
               description = "逐行检查；有任何错误时整个文件不导入，返回 422 DIRECTORY_FILE_INVALID 和每个错误的行号、列名、原因。"
                       + "同一文件重复导入不会产生变化")
    ChangeOutcome importFile(@PathVariable String county, @RequestPart("file") MultipartFile file,
                             @Parameter(hidden = true) ClientRequest request) throws IOException {
        return importContent(county, file.getOriginalFilename(), read(file.getInputStream()), request);
    }

    @PostMapping(path = "/import", consumes = {"application/octet-stream", "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    @Operation(summary = "导入单位目录（文件内容作为请求体，fileName 给出文件名）")
    ChangeOutcome importBody(@PathVariable String county, @RequestParam String fileName, InputStream body,
                             @Parameter(hidden = true) ClientRequest request) throws IOException {
        return importContent(county, fileName, read(body), request);
    }

    private ChangeOutcome importContent(String county, String fileName, byte[] content, ClientRequest request) {
        Actor actor = currentUser.require();
        String code = countyCode(county);
        DirectoryPermissions.requireMaintain(actor, code);
        DirectoryFile.Read read = DirectoryFile.read(fileName, content);
        List<DirectoryPlan.Problem> problems = new ArrayList<>(read.problems());
        if (!read.entries().isEmpty()) {
            // The directory's own rules on the good rows too, so that one answer lists every problem of the file.
            problems.addAll(DirectoryPlan.importing(directories.of(code), read.entries()).problems().stream()
                                         .map(DirectoryController::inColumns).toList());
        }
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(DirectoryPlan.Problem::row));
            throw new DirectoryFileRejected(problems);
        }
        try {
            return ChangeOutcome.of(directoryService.execute(new ImportDirectory(code, fileName, read.entries()),
                                                             actor, request.origin()));
        } catch (DirectoryRefusedException refused) {
            throw new DirectoryFileRejected(refused.problems().stream().map(DirectoryController::inColumns).toList());
        }
    }

    /** A unit from a form: added when new, changed when listed. */
    record UnitForm(UnitKind kind, String code, String name, String townCode, SchoolStage stage,
                    SchoolOwnership ownership, Boolean enrolmentAccount, LocalDate inUseFrom, LocalDate changedOn) {
    }

    @PostMapping(path = "/units", consumes = "application/json")
    @Operation(summary = "新增或修改一个单位", description = "已有的代码即为修改（改名时 changedOn 为改名生效日期，纠错时不填）")
    ChangeOutcome saveUnit(@PathVariable String county, @RequestBody UnitForm form,
                           @Parameter(hidden = true) ClientRequest request) {
        Actor actor = currentUser.require();
        String code = countyCode(county);
        if (form == null) {
            throw new InvalidValueException("BODY_REQUIRED", null, "请填写单位信息");
        }
        DirectoryUnit unit = new DirectoryUnit(form.code(), form.kind(), form.name(), form.townCode(), form.stage(),
                                               form.ownership(), Boolean.TRUE.equals(form.enrolmentAccount()));
        UnitEntry listed = directories.of(code).find(unit.code()).orElse(null);
        DirectoryEntry entry = new DirectoryEntry(0, unit, form.inUseFrom(),
                                                  listed == null ? null : listed.retiredOn(),
                                                  listed == null ? null : listed.retireReason());
        return ChangeOutcome.of(directoryService.execute(new SaveUnit(code, entry, form.changedOn()), actor,
                                                         request.origin()));
    }

    record RetirementForm(LocalDate retiredOn, String reason) {
    }

    @PostMapping(path = "/units/{code}/retirement", consumes = "application/json")
    @Operation(summary = "撤销一个单位", description = "撤销后原有案件仍显示原名称，撤销日起的新记录不能再选择该单位")
    ChangeOutcome retire(@PathVariable String county, @PathVariable String code, @RequestBody RetirementForm form,
                         @Parameter(hidden = true) ClientRequest request) {
        Actor actor = currentUser.require();
        RetirementForm given = form == null ? new RetirementForm(null, null) : form;
        return ChangeOutcome.of(directoryService.execute(
                new RetireUnit(countyCode(county), code, given.retiredOn(), given.reason()), actor, request.origin()));
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** A refusal with every reason; for a file, each with its row and column. */
    record Refusal(int status, String code, String field, String message, boolean retryable,
                   List<ProblemView> problems) {
    }

    record ProblemView(int row, String column, String code, String message) {
    }

    /** A file refused as a whole. */
    static final class DirectoryFileRejected extends RuntimeException {

        private final transient List<DirectoryPlan.Problem> problems;

        DirectoryFileRejected(List<DirectoryPlan.Problem> problems) {
            super("directory file rejected");
            this.problems = problems;
        }
    }

    @ExceptionHandler(DirectoryFileRejected.class)
    ResponseEntity<Refusal> fileRejected(DirectoryFileRejected rejected) {
        List<DirectoryPlan.Problem> problems = rejected.problems;
        long rows = problems.stream().filter(problem -> problem.row() > 0).map(DirectoryPlan.Problem::row).distinct()
                            .count();
        String message = rows == 0 ? problems.get(0).message() + "；未导入任何内容"
                : "文件中有 " + rows + " 行有误，未导入任何内容；请按下列行号和原因修改后重新导入";
        return refusal(new Refusal(422, "DIRECTORY_FILE_INVALID", "file", message, false, views(problems)));
    }

    @ExceptionHandler(DirectoryRefusedException.class)
    ResponseEntity<Refusal> refused(DirectoryRefusedException refused) {
        DirectoryPlan.Problem first = refused.problems().get(0);
        return refusal(new Refusal(422, first.code(), first.field(), first.message(), false,
                                   views(refused.problems())));
    }

    private static ResponseEntity<Refusal> refusal(Refusal refusal) {
        return ResponseEntity.status(refusal.status()).contentType(MediaType.APPLICATION_JSON).body(refusal);
    }

    private static List<ProblemView> views(List<DirectoryPlan.Problem> problems) {
        return problems.stream().map(problem -> new ProblemView(problem.row(), problem.field(), problem.code(),
                                                                problem.message())).toList();
    }

    private static DirectoryPlan.Problem inColumns(DirectoryPlan.Problem problem) {
        return new DirectoryPlan.Problem(problem.row(), DirectoryFile.columnOf(problem.field()), problem.code(),
                                         problem.message());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String countyCode(String county) {
        DivisionCode code;
        try {
            code = new DivisionCode(county);
        } catch (DomainException invalid) {
            throw new InvalidValueException(invalid.code(), "county", invalid.getMessage());
        }
        if (code.level() != DivisionCode.Level.COUNTY) {
            throw new InvalidValueException("UNIT_CODE_LEVEL", "county", "单位目录按县管理，请在地址中使用 6 位县级区划代码");
        }
        return code.value();
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] content = in.readNBytes((int) DirectoryFile.MAX_BYTES + 1);
        if (content.length > DirectoryFile.MAX_BYTES) {
            throw new DirectoryFileRejected(List.of(new DirectoryPlan.Problem(0, null, "FILE_TOO_LARGE",
                    "文件超过 5 MB，请只保留单位目录的内容后再导入")));
        }
        return content;
    }

    private static ResponseEntity<byte[]> file(byte[] content, String fileName, MediaType type) {
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        return ResponseEntity.ok().contentType(type)
                             .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + encoded)
                             .body(content);
    }
}
