package cn.kcbx.faultharness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fault harness of "nothing acknowledged is ever lost": starts the case service (with the embedded store) and the
 * query service as separate processes, drives simulated users through the real HTTP API, measures peak throughput and
 * the projection lag at half of it, then SIGKILLs and stalls the services at random moments under load, and checks
 * afterwards that every acknowledged command is stored exactly once, that the projections equal a full rebuild, that
 * integrity verification is ok and that retries are answered as replays. Prints the table and
 * {@code fault-harness: PASSED} or {@code FAILED (…)}; the exit code is 0 only for PASSED.
 */
public final class FaultHarness {

    /** A step of the run that may fail; its failure is reported, and the run goes on to the table. */
    private interface Task {
        void run() throws Exception;
    }

    private final HarnessOptions options;
    private final long startNanos = System.nanoTime();
    private final ReportTable.Figures figures = new ReportTable.Figures();

    private FaultHarness(HarnessOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--writer-scaling")) {
            writerScaling(args); // deploy/writer-scaling.sh: throughput of one to three case-service processes
            return;
        }
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        int exit;
        try {
            exit = new FaultHarness(options).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.out.println("fault-harness: FAILED (" + e + ")");
            exit = 1;
        }
        System.exit(exit); // the shutdown hook kills whatever still runs
    }

    private static void writerScaling(String[] args) {
        int exit;
        try {
            exit = WriterScaling.run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.out.println("writer-scaling: FAILED (" + e + ")");
            exit = 1;
        }
        System.exit(exit);
    }

    private int run() throws Exception {
        Files.createDirectories(options.dataDirectory());
        System.out.println("fault-harness: " + options.describe());
        System.out.println("run directory: " + options.runDirectory);
        ServiceCluster.requirePortsFree(options.casePort(), options.queryPort(), options.mongoPort());
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        FictionalCounty county = new FictionalCounty(3, 3, today);
        Path passwordFile = ServiceCluster.writePasswordFile(options.runDirectory, Accounts.FIRST_PASSWORD);
        figures.mode = options.mode.name().toLowerCase();
        figures.seed = options.seed;
        figures.plannedCaseKills = options.caseKills;
        figures.plannedQueryKills = options.queryKills;
        figures.strict = options.strict;
        figures.lagTargetMillis = options.lagTargetMillis;

        try (ServiceCluster cluster = new ServiceCluster(options, Accounts.ADMIN, FictionalCounty.COUNTY, passwordFile);
             AnswerLog log = new AnswerLog(options.runDirectory.resolve("answers.jsonl"))) {
            step("starting case-service (embedded store) and query-service as separate processes");
            cluster.startBoth();
            Api api = new Api(Duration.ofSeconds(30));
            String caseBase = cluster.caseService.baseUrl();
            String queryBase = cluster.queryService.baseUrl();
            Accounts accounts = new Accounts(api, () -> caseBase);
            step("creating accounts through the API (admin, county, towns, villages, schools)");
            accounts.create(county);

            LiveLagProbe lagProbe = new LiveLagProbe(() -> queryBase + "/api/live?region=" + FictionalCounty.COUNTY,
                    () -> accounts.token(accounts.county()),
                    () -> accounts.renew(accounts.county(), accounts.token(accounts.county())));
            lagProbe.start();
            CommandClient client = new CommandClient(api, accounts, log, caseBase);
            attempt("load and faults", () -> drive(cluster, county, accounts, client, lagProbe, log, today));
            log.flush();
            lagProbe.stop();

            List<AnswerLog.Request> requests = log.requests();
            figures.commands = requests.size();
            figures.rejected = (int) requests.stream().filter(r -> r.outcome == AnswerLog.Outcome.REJECTED).count();
            figures.unanswered = (int) requests.stream().filter(r -> r.outcome == AnswerLog.Outcome.UNANSWERED
                                                                  || r.outcome == AnswerLog.Outcome.FAILED_5XX).count();
            figures.acknowledged = (int) requests.stream().filter(AnswerLog.Request::acknowledged).count();
            figures.replayedDuringRun = (int) requests.stream().filter(r -> r.acknowledged() && r.replayed).count();
            figures.answers5xx = client.answers5xx.get();
            figures.commandLatencies = requests.stream().filter(AnswerLog.Request::acknowledged)
                                               .map(r -> r.latencyMillis).toList();
            figures.faultLags = lagProbe.lags("faults");
            figures.halfLoadLags = lagProbe.lags("half-load");
            attempt("checks", () -> check(cluster, accounts, api, requests));
            attempt("space", () -> space(cluster));
            print("harness problems", figures.problems);
        }

        System.out.println();
        System.out.print(ReportTable.render(figures));
        List<String> failures = ReportTable.failures(figures);
        System.out.printf("answers: %s; run took %.0f s%n", options.runDirectory.resolve("answers.jsonl"),
                          (System.nanoTime() - startNanos) / 1e9);
        if (failures.isEmpty()) {
            System.out.println("fault-harness: PASSED");
            return 0;
        }
        System.out.println("fault-harness: FAILED (" + String.join(", ", failures) + ")");
        return 1;
    }

    /** Warm-up, peak, half load (lag), then the faults under load; returns when every user has finished. */
    private void drive(ServiceCluster cluster, FictionalCounty county, Accounts accounts, CommandClient client,
                       LiveLagProbe lagProbe, AnswerLog log, LocalDate today) throws Exception {
        SimulatedUser.Load load = new SimulatedUser.Load();
        AtomicLong requestNumbers = new AtomicLong();
        String runTag = Long.toString(options.seed, 36);
        ExecutorService users = Executors.newFixedThreadPool(options.users);
        for (int i = 0; i < options.users; i++) {
            users.submit(new SimulatedUser(i, county, accounts, client, lagProbe, load, options.seed, runTag, today,
                                           requestNumbers));
        }
        try {
            phase(load, log, "warmup", 0);
            Thread.sleep(3000);
            phase(load, log, "peak", 0);
            Thread.sleep(options.peakPhase.toMillis());
            figures.peakPerSecond = acknowledgedIn(log, "peak") / (double) options.peakPhase.toSeconds();
            step(String.format("peak: %.0f commands/s with %d users flat out", figures.peakPerSecond, options.users));

            double half = Math.max(1, figures.peakPerSecond / 2);
            phase(load, log, "half-load", half / options.users);
            Thread.sleep(options.lagPhase.toMillis());
            figures.halfLoadPerSecond = acknowledgedIn(log, "half-load") / (double) options.lagPhase.toSeconds();
            step(String.format("half load: %.0f commands/s, live ledger lag p50/p99 %s ms", figures.halfLoadPerSecond,
                               Percentiles.pair(lagProbe.lags("half-load"))));

            double faultRate = Math.max(1, figures.peakPerSecond * options.faultLoad);
            phase(load, log, "faults", faultRate / options.users);
            step(String.format("faults under %.0f commands/s: %d SIGKILLs of case-service, %d of query-service, "
                               + "%d stalled writers (seed %d)", faultRate, options.caseKills, options.queryKills,
                               options.stalls, options.seed));
            FaultInjector injector = new FaultInjector(cluster, options, log);
            try {
                injector.run(startNanos);
            } finally {
                figures.caseKills = injector.kills(FaultInjector.Kind.KILL_CASE_SERVICE);
                figures.queryKills = injector.kills(FaultInjector.Kind.KILL_QUERY_SERVICE);
                figures.stalls = injector.kills(FaultInjector.Kind.STALL_CASE_SERVICE);
                figures.problems.addAll(injector.problems());
            }
            Thread.sleep(3000);
        } finally {
            step("letting the users finish their last commands");
            load.running = false;
            users.shutdown();
            if (!users.awaitTermination(CommandClient.GIVE_UP_NANOS / 1_000_000_000L + 60, TimeUnit.SECONDS)) {
                figures.problems.add("simulated users did not finish");
                users.shutdownNow();
            }
        }
        // The live ledger's rows of the last commands: up to 10 s, but only while rows keep coming. A row the query
        // service did not push before it was killed is never pushed; once no row at all has arrived for 2 s, what is
        // still pending is counted as missing now rather than after the full 10 s.
        long waitUntil = System.currentTimeMillis() + 10_000;
        long rowsSeen = lagProbe.rowsReceived.get();
        long lastRowAt = System.currentTimeMillis();
        while (lagProbe.pendingCount() > 0 && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(200);
            long rows = lagProbe.rowsReceived.get();
            if (rows != rowsSeen) {
                rowsSeen = rows;
                lastRowAt = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - lastRowAt >= 2_000) {
                break;
            }
        }
        figures.lagMissing = lagProbe.pendingCount();
    }

    /** (c) projections = rebuild, (b) stored exactly once, (d) integrity, (a) retries are replays (it may re-store). */
    private void check(ServiceCluster cluster, Accounts accounts, Api api, List<AnswerLog.Request> requests)
            throws Exception {
        String caseBase = cluster.caseService.baseUrl();
        String queryBase = cluster.queryService.baseUrl();
        String countyToken = accounts.renew(accounts.county(), accounts.token(accounts.county()));
        String adminToken = accounts.renew(accounts.admin(), accounts.token(accounts.admin()));

        step("check: projections equal a full rebuild");
        figures.commandSideCases = SpaceProbe.caseCount(options.mongoPort(), options.dataDirectory());
        ProjectionCheck.Result projections = new ProjectionCheck(api, queryBase, countyToken, adminToken,
                                                                       options.catchUpTimeout.toMillis()).run();
        figures.ledgerCases = projections.casesInLedger();
        figures.rebuild = projections.rebuild();
        List<String> mismatches = new ArrayList<>(projections.errors());
        if (figures.ledgerCases != figures.commandSideCases) {
            mismatches.add("the ledger lists " + figures.ledgerCases + " cases, the event store holds "
                           + figures.commandSideCases);
        }
        mismatches.addAll(projections.mismatches());
        figures.mismatches = mismatches.size();
        System.out.println("  compared " + projections.comparedItems() + " items (ledger rows, return account, county "
                           + "report, timelines) before and after the rebuild (" + projections.rebuild() + ")");
        print("projection mismatches", mismatches);

        step("check: every acknowledged command stored exactly once");
        StoreCheck.Result store = new StoreCheck(api, caseBase, countyToken).run(requests, projections.caseIds());
        figures.lost = store.lost();
        figures.duplicated = store.duplicated();
        figures.foreign = store.foreign();
        figures.problems.addAll(store.errors());
        System.out.printf("  %d cases, %d events read; %d acknowledged, %d lost, %d duplicated, %d foreign; "
                          + "%d unacknowledged requests were stored anyway%n", store.casesRead(), store.eventsRead(),
                          store.acknowledged(), store.lost(), store.duplicated(), store.foreign(),
                          store.storedUnacknowledged());
        print("store findings", store.findings().stream().map(Object::toString).toList());
        print("store check errors", store.errors());

        step("check: integrity checkpoint and verification");
        IntegrityCheck.Result integrity = new IntegrityCheck(api, caseBase, countyToken).run();
        figures.integrityOk = integrity.ok();
        figures.integrityDetail = integrity.firstBrokenLink() != null ? integrity.firstBrokenLink() : integrity.checkpoint();
        System.out.println("  checkpoint: " + StoreCheck.abbreviate(integrity.checkpoint()) + "; verified "
                           + integrity.checkedEvents() + " events: "
                           + (integrity.ok() ? "ok" : "NOT ok " + integrity.firstBrokenLink()));

        step("check: retries of acknowledged requests are answered as replays");
        ReplayCheck.Result replays = new ReplayCheck(api, accounts, caseBase).run(requests);
        figures.replayRetried = replays.retried();
        figures.replayFailures = replays.failures().size();
        print("retries not answered as replays", replays.failures());
    }

    /** The store file against the data it holds: measured while running, then after an orderly stop. */
    private void space(ServiceCluster cluster) throws Exception {
        step("space: the embedded store's file against the data it holds");
        figures.space = SpaceProbe.measure(options.mongoPort(), options.dataDirectory());
        figures.storeFileBytes = SpaceProbe.fileSize(options.dataDirectory());
        cluster.stopBoth();
        figures.storeFileBytesClosed = SpaceProbe.fileSize(options.dataDirectory());
    }

    private void attempt(String what, Task task) {
        try {
            task.run();
        } catch (Exception | Error e) {
            figures.problems.add(what + " failed: " + e);
            System.out.println("  " + what + " failed: " + e);
            e.printStackTrace(System.out);
        }
    }

    private void phase(SimulatedUser.Load load, AnswerLog log, String phase, double ratePerUser) {
        load.phase = phase;
        load.ratePerUser = ratePerUser;
        log.note("phase", phase + (ratePerUser > 0 ? String.format(" at %.1f commands/s per user", ratePerUser) : " flat out"));
    }

    private static long acknowledgedIn(AnswerLog log, String phase) {
        return log.requests().stream().filter(r -> r.phase.equals(phase) && r.acknowledged()).count();
    }

    private void step(String text) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, text);
    }

    private static void print(String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        System.out.println("  " + title + " (" + lines.size() + "), first " + Math.min(8, lines.size()) + ":");
        lines.stream().limit(8).forEach(line -> System.out.println("    " + line));
    }
}
