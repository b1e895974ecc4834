package cn.kcbx.caseservice.web.pushedlist;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.pushedlist.PushedListFile;
import cn.kcbx.caseservice.pushedlist.PushedListJobs;
import cn.kcbx.caseservice.pushedlist.PushedListTemplate;
import cn.kcbx.caseservice.web.ClientRequest;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.web.ApiError;
import cn.kcbx.web.CurrentUser;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Lists of suspected dropouts pushed down by the platform (平台比对下发): the template, the upload (rows processed in
 * the background, {@link PushedListJobs}), the job's progress and its result file. County bureau and town accounts.
 */
@RestController
@RequestMapping(path = "/api/intake/lists", produces = "application/json")
@Tag(name = "名单导入", description = "上传平台比对下发的疑似辍学学生名单，逐行登记或记入在办案件")
class PushedListController {

    private static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    /** The refused rows a status answer lists; the result file has them all. */
    static final int ROWS_SHOWN = 500;

    private final PushedListJobs jobs;
    private final CurrentUser currentUser;
    private final AccessLog accessLog;

    PushedListController(PushedListJobs jobs, CurrentUser currentUser, AccessLog accessLog) {
        this.jobs = jobs;
        this.currentUser = currentUser;
        this.accessLog = accessLog;
    }

    @GetMapping(path = "/template.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "下载疑似辍学名单模板（.xlsx）")
    ResponseEntity<byte[]> templateXlsx() {
        currentUser.require();
        return file(PushedListTemplate.xlsx(), "疑似辍学学生名单模板.xlsx", XLSX);
    }

    @GetMapping(path = "/template.csv", produces = "text/csv")
    @Operation(summary = "下载疑似辍学名单模板（.csv）")
    ResponseEntity<byte[]> templateCsv() {
        currentUser.require();
        return file(PushedListTemplate.csv(), "疑似辍学学生名单模板.csv", new MediaType("text", "csv", StandardCharsets.UTF_8));
    }

    /** A refused row's problem. */
    record ProblemView(int row, String column, String code, String message) {
    }

    /** A job as the page polls it. */
    record JobView(String id, String fileName, String batch, String state, String stateLabel, int total,
                   int processed, int percent, int opened, int reportedAgain, int unchanged, int refused,
                   List<ProblemView> refusedRows, boolean refusedRowsTruncated, String resultFile,
                   Instant createdAt, Instant finishedAt, String message) {

        static JobView of(PushedListJobs.Job job) {
            List<PushedListFile.Problem> problems = job.problems();
            boolean done = job.state() == PushedListJobs.State.DONE;
            String message = switch (job.state()) {
                case QUEUED -> "已上传，等待导入";
                case RUNNING -> "正在导入：已处理 " + job.processed() + " / " + job.total() + " 行";
                case DONE -> "导入完成：共 " + job.total() + " 行，新登记 " + job.opened() + " 行，记入在办案件 "
                        + job.reportedAgain() + " 行，此前已导入 " + job.unchanged() + " 行，未导入 " + job.refused() + " 行";
                case FAILED -> "导入中途出错，已处理 " + job.processed() + " 行；请重新上传该文件，已导入的行不会重复登记";
            };
            return new JobView(job.id(), job.fileName(), job.batch(), job.state().name(), job.state().label(),
                               job.total(), job.processed(),
                               job.total() == 0 ? 100 : (int) (100L * job.processed() / job.total()),
                               job.opened(), job.reportedAgain(), job.unchanged(), job.refused(),
                               problems.stream().limit(ROWS_SHOWN).map(p -> new ProblemView(p.row(), p.column(),
                                       p.code(), p.message())).toList(), problems.size() > ROWS_SHOWN,
                               done ? "/api/intake/lists/" + job.id() + "/result.xlsx" : null, job.createdAt(),
                               job.finishedAt(), message);
        }
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "上传疑似辍学学生名单（.xlsx 或 .csv，表单字段 file；batch 为下发批次，默认取文件名）",
               description = "文件整体不能读取时立即拒绝（400/413/422，附代码）；否则返回 202 和导入任务，在后台逐行处理："
                       + "无在办案件的学生登记新案件（发现渠道 平台比对下发，注明批次），已有在办案件的记为再次下发，"
                       + "有误或不在管辖范围内的行逐行拒绝。同一批次重复上传不会重复登记。县级、乡镇账号可用")
    ResponseEntity<JobView> upload(@RequestPart("file") MultipartFile file,
                                   @RequestParam(name = "batch", required = false) String batch,
                                   @Parameter(hidden = true) ClientRequest request) throws IOException {
        Actor actor = currentUser.require();
        PushedListJobs.requireUploader(actor);
        byte[] content = read(file.getInputStream());
        String fileName = file.getOriginalFilename() == null ? "名单" : file.getOriginalFilename();
        String batchName = batchOf(batch, fileName);
        PushedListFile.Read read = PushedListFile.read(fileName, content, batchName);
        if (read.fileProblem() != null) {
            throw new ListFileRefused(read.fileProblem());
        }
        PushedListJobs.Job job = jobs.submit(actor, request.origin(), fileName, batchName, read);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(JobView.of(job));
    }

    @GetMapping
    @Operation(summary = "本人上传的名单（最近 24 小时，新的在前）")
    List<JobView> mine() {
        Actor actor = currentUser.require();
        return jobs.of(actor).stream().map(JobView::of).toList();
    }

    @GetMapping("/{jobId}")
    @Operation(summary = "导入进度与结果", description = "只有上传人可查看")
    JobView job(@PathVariable String jobId) {
        Actor actor = currentUser.require();
        return JobView.of(jobs.find(jobId, actor).orElseThrow(JobNotFound::new));
    }

    @GetMapping(path = "/{jobId}/result.xlsx",
                produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "下载导入结果（原有各行加“导入结果”“案件编号”两列）", description = "只有上传人可下载；下载记入访问日志")
    ResponseEntity<byte[]> result(@PathVariable String jobId, @Parameter(hidden = true) ClientRequest request) {
        Actor actor = currentUser.require();
        PushedListJobs.Job job = jobs.find(jobId, actor).orElseThrow(JobNotFound::new);
        byte[] content = job.resultFile().orElseThrow(() -> new ListFileRefused(new PushedListFile.FileProblem(409,
                "LIST_IMPORT_NOT_FINISHED", "名单尚未导入完成，完成后才能下载导入结果")));
        accessLog.record(actor, AccessAction.LIST_RESULT_DOWNLOADED, null,
                         "文件“" + job.fileName() + "”，下发批次“" + job.batch() + "”",
                         request.origin().channel() + " " + request.origin().clientAddress());
        String base = job.fileName().replaceAll("\\.[A-Za-z]+$", "");
        return file(content, base + "-导入结果.xlsx", XLSX);
    }

    // ------------------------------------------------------------------------------------------------ errors

    /** The file as a whole cannot be processed. */
    static final class ListFileRefused extends RuntimeException {
        private final transient PushedListFile.FileProblem problem;

        ListFileRefused(PushedListFile.FileProblem problem) {
            super("list file refused");
            this.problem = problem;
        }
    }

    static final class JobNotFound extends RuntimeException {
        JobNotFound() {
            super("list import job not found");
        }
    }

    @ExceptionHandler(ListFileRefused.class)
    ResponseEntity<ApiError> refused(ListFileRefused refused) {
        PushedListFile.FileProblem problem = refused.problem;
        return ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_JSON)
                             .body(new ApiError(problem.status(), problem.code(), "file", problem.message(), false));
    }

    @ExceptionHandler(JobNotFound.class)
    ResponseEntity<ApiError> notFound() {
        return ResponseEntity.status(404).contentType(MediaType.APPLICATION_JSON)
                             .body(new ApiError(404, "LIST_IMPORT_NOT_FOUND", "jobId",
                                                "找不到该导入任务：任务只保留 24 小时、只有上传人可查看，服务重启后也会清除；"
                                                        + "请重新上传文件（已导入的行不会重复登记）", false));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String batchOf(String batch, String fileName) {
        String given = batch == null || batch.isBlank() ? fileName.replaceAll("\\.[A-Za-z]+$", "") : batch;
        try {
            return Checks.text(given, "batch", "下发批次", Checks.TEXT_MAX);
        } catch (DomainException invalid) {
            throw new InvalidValueException(invalid.code(), "batch", invalid.getMessage());
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] content = in.readNBytes((int) PushedListFile.MAX_BYTES + 1);
        if (content.length > PushedListFile.MAX_BYTES) {
            throw new ListFileRefused(new PushedListFile.FileProblem(413, "FILE_TOO_LARGE",
                    "文件超过 5 MB，请分成几个文件上传（每个文件不超过 " + PushedListFile.MAX_ROWS + " 行）"));
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
