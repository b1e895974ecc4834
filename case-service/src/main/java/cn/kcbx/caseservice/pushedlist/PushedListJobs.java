package cn.kcbx.caseservice.pushedlist;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.access.CommandPermissions;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Uploaded lists processed in the background, one row after the other, with progress and a result file.
 *
 * <p>The jobs live in this process's memory only, on purpose: a job is a convenience for watching progress, not a
 * record. Every row is stored under a request id derived from (unit, batch, student) (see
 * {@link CaseCommandService#identifyFromList}), so after a crash (or a restart) mid-file the clerk uploads the same file
 * again: the rows already stored answer as before and the rest are done, without duplicates and without any
 * multi-document transaction. Keeping jobs in MongoDB would only add a second copy of the file's personal data.
 * With several case-service processes, the status is answered by the process that took the upload.
 *
 * <p>One worker thread: a list is a few thousand commands, the machine is shared with everyone's clicks. At most
 * {@link #MAX_UNFINISHED} lists wait or run at once, one per user; finished jobs are kept for {@link #KEPT_FOR}.
 */
public class PushedListJobs {

    public enum State {
        QUEUED("排队中"), RUNNING("正在导入"), DONE("已完成"), FAILED("出错中止");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    static final int MAX_UNFINISHED = 4;
    static final int MAX_KEPT = 50;
    static final Duration KEPT_FOR = Duration.ofHours(24);

    private static final Logger log = LoggerFactory.getLogger(PushedListJobs.class);

    /** One upload: counts and progress read by the page while the worker fills them in. */
    public static final class Job {
        private final String id = UUID.randomUUID().toString();
        private final String userId;
        private final String fileName;
        private final String batch;
        private final Instant createdAt;
        private final int total;
        private final AtomicInteger processed = new AtomicInteger();
        private final AtomicInteger opened = new AtomicInteger();
        private final AtomicInteger reportedAgain = new AtomicInteger();
        private final AtomicInteger unchanged = new AtomicInteger();
        private final List<PushedListFile.Problem> problems = Collections.synchronizedList(new ArrayList<>());
        private final AtomicInteger refused = new AtomicInteger();
        private volatile State state = State.QUEUED;
        private volatile Instant finishedAt;
        private volatile byte[] resultFile;
        /** The rows while the job runs; dropped once the result file is written. */
        private volatile PushedListFile.Read read;

        Job(Actor actor, String fileName, String batch, PushedListFile.Read read, Instant createdAt) {
            this.userId = actor.userId();
            this.fileName = fileName;
            this.batch = batch;
            this.read = read;
            this.total = read.rows().size();
            this.createdAt = createdAt;
        }

        public String id() {
            return id;
        }

        public String userId() {
            return userId;
        }

        public String fileName() {
            return fileName;
        }

        public String batch() {
            return batch;
        }

        public Instant createdAt() {
            return createdAt;
        }

        public Instant finishedAt() {
            return finishedAt;
        }

        public State state() {
            return state;
        }

        public int total() {
            return total;
        }

        public int processed() {
            return processed.get();
        }

        /** Rows that opened a new case (stored now, not a replay). */
        public int opened() {
            return opened.get();
        }

        /** Rows recorded as 再次下发 on the student's open case (stored now). */
        public int reportedAgain() {
            return reportedAgain.get();
        }

        /** Rows that an earlier upload of the same batch already stored: nothing new. */
        public int unchanged() {
            return unchanged.get();
        }

        public int refused() {
            return refused.get();
        }

        /** Every problem of the refused rows, by row. */
        public List<PushedListFile.Problem> problems() {
            synchronized (problems) {
                return List.copyOf(problems);
            }
        }

        public Optional<byte[]> resultFile() {
            return Optional.ofNullable(resultFile);
        }

        boolean finished() {
            return state == State.DONE || state == State.FAILED;
        }
    }

    private final CaseCommandService commands;
    private final AccessLog accessLog;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "pushed-list-intake");
        thread.setDaemon(true);
        return thread;
    });

    public PushedListJobs(CaseCommandService commands, AccessLog accessLog, Clock clock) {
        this.commands = commands;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** The county bureau and the towns receive the pushed lists: those who may open a case and record it again. */
    public static void requireUploader(Actor actor) {
        if (actor == null || !CommandPermissions.rolesFor(IdentifyCase.class).contains(actor.role())
                || !CommandPermissions.rolesFor(RecordRepeatReport.class).contains(actor.role())) {
            throw new AccessDeniedException("ROLE_NOT_PERMITTED", (actor == null ? "" : actor.role().label() + "账号")
                    + "不能导入平台比对下发的疑似辍学名单；名单由县教育局或乡镇账号导入");
        }
    }

    /** Queues a read file (its rows already read and checked one by one); refused when too many wait. */
    public Job submit(Actor actor, RequestOrigin origin, String fileName, String batch, PushedListFile.Read read) {
        requireUploader(actor);
        Job job;
        synchronized (jobs) {
            forgetOld();
            List<Job> unfinished = jobs.values().stream().filter(j -> !j.finished()).toList();
            if (unfinished.stream().anyMatch(j -> j.userId.equals(actor.userId()))) {
                throw new ConflictException("LIST_IMPORT_IN_PROGRESS",
                        "您上传的上一个名单还在导入中，请等它完成后再上传下一个", true);
            }
            if (unfinished.size() >= MAX_UNFINISHED) {
                throw new ConflictException("LIST_IMPORT_BUSY", "系统正在导入其他单位的名单，请几分钟后再上传", true);
            }
            job = new Job(actor, fileName, batch, read, clock.instant());
            jobs.put(job.id, job);
        }
        accessLog.record(actor, AccessAction.LIST_IMPORTED, null,
                         "文件“" + fileName + "”，下发批次“" + batch + "”，" + job.total + " 行",
                         origin == null ? null : origin.channel() + " " + origin.clientAddress());
        RequestOrigin fromImport = new RequestOrigin("import", origin == null ? null : origin.clientAddress());
        worker.execute(() -> run(job, actor, fromImport));
        return job;
    }

    /** The job, to the user who uploaded it only (its rows are that user's file). */
    public Optional<Job> find(String id, Actor actor) {
        Job job = id == null ? null : jobs.get(id);
        return job != null && job.userId.equals(actor.userId()) ? Optional.of(job) : Optional.empty();
    }

    /** The user's jobs, newest first. */
    public List<Job> of(Actor actor) {
        return jobs.values().stream().filter(job -> job.userId.equals(actor.userId()))
                   .sorted(Comparator.comparing(Job::createdAt).reversed()).toList();
    }

    /** Runs a job in the calling thread (the benchmark and tests); {@link #submit} runs it in the worker. */
    public Job runNow(Actor actor, RequestOrigin origin, String fileName, String batch, PushedListFile.Read read) {
        requireUploader(actor);
        Job job = new Job(actor, fileName, batch, read, clock.instant());
        run(job, actor, origin);
        return job;
    }

    private void run(Job job, Actor actor, RequestOrigin origin) {
        job.state = State.RUNNING;
        PushedListFile.Read read = job.read;
        List<List<String>> resultRows = new ArrayList<>(read.rows().size());
        Map<String, Integer> firstRowOfStudent = new HashMap<>();
        try {
            for (PushedListFile.ListRow row : read.rows()) {
                List<String> cells = new ArrayList<>(read.headers().size() + 2);
                for (int i = 0; i < read.headers().size(); i++) {
                    cells.add(i < row.cells().size() ? row.cells().get(i) : "");
                }
                String[] outcome = process(job, row, actor, origin, firstRowOfStudent);
                cells.add(outcome[0]);
                cells.add(outcome[1]);
                resultRows.add(cells);
                job.processed.incrementAndGet();
            }
            job.resultFile = PushedListTemplate.result(read.headers(), resultRows);
            job.state = State.DONE;
        } catch (RuntimeException | Error failure) {
            log.error("List import {} stopped after {} of {} rows ({})", job.id, job.processed(), job.total,
                      failure.getClass().getName());
            job.state = State.FAILED;
        } finally {
            job.read = null;
            job.finishedAt = clock.instant();
        }
    }

    /** One row: what it did, and the case it concerns (or ""), as the result file says it. */
    private String[] process(Job job, PushedListFile.ListRow row, Actor actor, RequestOrigin origin,
                             Map<String, Integer> firstRowOfStudent) {
        List<PushedListFile.Problem> problems = row.problems();
        if (problems.isEmpty()) {
            IdentifyCase identify = row.identification();
            Integer first = firstRowOfStudent.putIfAbsent(identify.student().studentKey(), row.row());
            if (first != null) {
                problems = List.of(new PushedListFile.Problem(row.row(), PushedListFile.Column.ID_NUMBER.header,
                        "DUPLICATE_ROW_IN_FILE", "与第 " + first + " 行是同一名学生（身份证号或学籍号相同），本行未导入"));
            } else {
                try {
                    CaseCommandService.ListRowOutcome outcome =
                            commands.identifyFromList(identify, job.batch, actor, origin);
                    if (outcome.replayed()) {
                        job.unchanged.incrementAndGet();
                        return new String[] {outcome.reportedAgain() ? "此前已导入：已在在办案件上记为再次下发，本次未重复记录"
                                : "此前已导入：已登记为新案件，本次未重复登记", outcome.caseId()};
                    }
                    if (outcome.reportedAgain()) {
                        job.reportedAgain.incrementAndGet();
                        return new String[] {"该学生已有在办案件：未重复登记，已在原案件上记为再次下发", outcome.caseId()};
                    }
                    job.opened.incrementAndGet();
                    return new String[] {"已登记为新案件（待核实）", outcome.caseId()};
                } catch (RuntimeException refusal) {
                    problems = List.of(problemOf(row.row(), refusal, job.batch));
                }
            }
        }
        job.refused.incrementAndGet();
        job.problems.addAll(problems);
        return new String[] {"未导入：" + problems.stream().map(p -> (p.column() == null ? "" : "［" + p.column() + "］")
                + p.message()).collect(Collectors.joining("；")), ""};
    }

    private static PushedListFile.Problem problemOf(int row, RuntimeException refusal, String batch) {
        for (Throwable cause = refusal; cause != null; cause = cause.getCause()) {
            if (cause instanceof DomainException domain) {
                if ("REQUEST_ID_REUSED".equals(domain.code())) {
                    return new PushedListFile.Problem(row, PushedListFile.Column.ID_NUMBER.header, "ALREADY_IMPORTED_DIFFERENTLY",
                            "下发批次“" + batch + "”中的该学生此前已导入，但内容与本次不同（或由本单位其他账号导入）；"
                                    + "未重复登记，如需更正请在案件页面办理");
                }
                PushedListFile.Problem problem = PushedListFile.problemOf(row, domain);
                if (problem.column() != null) {
                    return problem;
                }
                // Jurisdiction is decided by the household village; an open case elsewhere by the student's numbers.
                PushedListFile.Column column = domain instanceof AccessDeniedException ? PushedListFile.Column.VILLAGE
                        : domain instanceof ConflictException ? PushedListFile.Column.ID_NUMBER : null;
                return new PushedListFile.Problem(row, column == null ? null : column.header, problem.code(),
                                                  problem.message());
            }
        }
        log.warn("List import row {} failed: {}", row, refusal.getClass().getName());
        return new PushedListFile.Problem(row, null, "ROW_FAILED",
                "系统处理本行时出错，未导入；请稍后重新上传该文件（已导入的行不会重复登记）");
    }

    private void forgetOld() {
        Instant cutoff = clock.instant().minus(KEPT_FOR);
        jobs.values().removeIf(job -> job.finished() && job.finishedAt.isBefore(cutoff));
        List<Job> finished = jobs.values().stream().filter(Job::finished)
                                 .sorted(Comparator.comparing(Job::createdAt)).toList();
        for (int i = 0; i < finished.size() - MAX_KEPT; i++) {
            jobs.remove(finished.get(i).id);
        }
    }

    /** Stops the worker at shutdown; a list cut short is completed by uploading it again. */
    public void shutdown() {
        worker.shutdownNow();
    }
}
