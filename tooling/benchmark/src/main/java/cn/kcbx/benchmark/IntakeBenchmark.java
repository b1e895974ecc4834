package cn.kcbx.benchmark;

import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.caseservice.pushedlist.PushedListFile;
import cn.kcbx.caseservice.pushedlist.PushedListJobs;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.kernel.time.DateRules;

import org.springframework.context.ConfigurableApplicationContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The list intake (名单导入) at full size: a county's 10,000-row pushed list of fictional students (1 in 20 already
 * with an open case, 1 in 100 with a wrong check character), read and processed row by row as the background job
 * does, then the same file again (every row answered from the stored requests). Prints rows per second. Not a test:
 * run it by hand (README.md, Benchmark); {@code -Dbench.rows=N} changes the size.
 */
public final class IntakeBenchmark {

    /** What one run measured. */
    record Result(int rows, double readSeconds, double firstSeconds, double againSeconds, int opened,
                  int reportedAgain, int refused, int unchanged) {

        double firstRowsPerSecond() {
            return rows / firstSeconds;
        }

        double againRowsPerSecond() {
            return rows / againSeconds;
        }
    }

    private static final String COUNTY = "430181";
    private static final Actor CLERK = new Actor("bench-county", Actor.Role.COUNTY, COUNTY);
    private static final RequestOrigin ORIGIN = new RequestOrigin("web", "10.20.30.40");

    private IntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        runInTemporaryStore(Integer.getInteger("bench.rows", 10_000));
        System.exit(0);
    }

    static Result runInTemporaryStore(int rows) throws Exception {
        Path dataDirectory = CaseCommandBenchmark.temporaryDirectory("kcbx-intake-bench-");
        ConfigurableApplicationContext context = CaseServiceApplication.builder()
                .run("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                     "--kcbx.embedded-mongo.port=0",
                     "--server.port=0",
                     "--kcbx.case.student-key-secret=benchmark-only-secret",
                     "--logging.level.root=WARN",
                     "--logging.level.cn.kcbx=WARN");
        try {
            return run(context, rows);
        } finally {
            context.close();
            CaseCommandBenchmark.deleteRecursively(dataDirectory);
        }
    }

    private static Result run(ConfigurableApplicationContext context, int rows) {
        CaseCommandService commands = context.getBean(CaseCommandService.class);
        PushedListJobs jobs = context.getBean(PushedListJobs.class);
        LocalDate today = DateRules.today();
        LocalDate reportedOn = today.minusDays(3);
        say("kcbx list intake benchmark: %d rows, %d cores, embedded store, today %s", rows,
            Runtime.getRuntime().availableProcessors(), today);

        StringBuilder csv = new StringBuilder("姓名,身份证号,全国学籍号,性别,户籍所在村代码,户籍详细地址,原就读学校标识码,原就读学校,"
                                                      + "原就读年级,下发日期,疑似辍学原因,备注\n");
        int alreadyOpen = 0;
        for (int n = 0; n < rows; n++) {
            String id = idNumber(today, n);
            String village = COUNTY + (100 + n % 12) + (201 + (n / 12) % 30);
            if (n % 20 == 7) { // already followed up: opened at the start of term
                commands.identify(new IdentifyCase(UUID.randomUUID().toString(), IdentificationSource.TERM_START_CHECK,
                        null, reportedOn.minusDays(10), new StudentIdentity(FictionalCases.name(n), new IdNumber(id),
                        null, null, null), new HouseholdLocation(new DivisionCode(village), null), null, List.of(),
                        SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY)), null, CLERK, ORIGIN);
                alreadyOpen++;
            }
            if (n % 100 == 42) {
                id = id.substring(0, 17) + (id.charAt(17) == '0' ? '1' : '0');
            }
            csv.append(FictionalCases.name(n)).append(',').append(id).append(",,,").append(village)
               .append(",第").append(n % 9 + 1).append("组,,,,").append(reportedOn).append(",,\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        say("file    : %,d bytes CSV; %d students opened beforehand", file.length, alreadyOpen);

        long start = System.nanoTime();
        PushedListFile.Read read = PushedListFile.read("bench.csv", file, "基准测试批次");
        double readSeconds = seconds(start);
        start = System.nanoTime();
        PushedListJobs.Job first = jobs.runNow(CLERK, ORIGIN, "bench.csv", "基准测试批次", read);
        double firstSeconds = seconds(start);
        say("first   : read %.2f s, processed %.1f s = %.1f rows/s (opened %d, recorded again %d, refused %d)",
            readSeconds, firstSeconds, rows / firstSeconds, first.opened(), first.reportedAgain(), first.refused());

        start = System.nanoTime();
        PushedListJobs.Job again = jobs.runNow(CLERK, ORIGIN, "bench.csv", "基准测试批次",
                                               PushedListFile.read("bench.csv", file, "基准测试批次"));
        double againSeconds = seconds(start);
        say("again   : processed %.1f s = %.1f rows/s (unchanged %d, opened %d, recorded again %d, refused %d)",
            againSeconds, rows / againSeconds, again.unchanged(), again.opened(), again.reportedAgain(),
            again.refused());
        return new Result(rows, readSeconds, firstSeconds, againSeconds, first.opened(), first.reportedAgain(),
                          first.refused(), again.unchanged());
    }

    /** Unique valid ID numbers of children 8–14 years old today, in county 430181. */
    private static String idNumber(LocalDate today, int n) {
        LocalDate birth = today.minusYears(8).minusDays((n / 500) % 2000);
        String first17 = COUNTY + birth.toString().replace("-", "") + String.format(Locale.ROOT, "%03d", n % 500);
        return first17 + IdNumber.checkCharacter(first17);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
