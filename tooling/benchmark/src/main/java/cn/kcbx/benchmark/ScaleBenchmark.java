package cn.kcbx.benchmark;

import cn.kcbx.benchmark.FictionalCaseHistories.County;
import cn.kcbx.benchmark.FictionalCaseHistories.Histories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.projection.ProjectionEventHandler;
import cn.kcbx.query.projection.ProjectionRebuilder;
import cn.kcbx.query.projection.ProjectionRegistry;
import cn.kcbx.query.projection.ReadSideWrites;
import cn.kcbx.query.projection.RebuildStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static cn.kcbx.benchmark.BenchmarkReport.mib;
import static cn.kcbx.benchmark.BenchmarkReport.say;
import static cn.kcbx.benchmark.BenchmarkReport.seconds;
import static cn.kcbx.benchmark.BenchmarkReport.sizeOf;

/**
 * The read side at the scale (issue 17): one county of {@code bench.countyCases} cases (5,000) in a store that
 * grows by whole other counties of {@code bench.casesPerOtherCounty} cases to each total of {@code bench.stages}
 * (5,000, 20,000, 100,000 cases), and at each size what a county bureau's reads cost and what a rebuild of every
 * projection costs. Not a test: run it by hand (deploy/BENCHMARK.md); {@code ScaleBenchmarkStillRunsTest} runs it in
 * miniature.
 *
 * <p>The fastest honest route to a large read side: the query service starts on a fresh embedded store with its live
 * processor stopped; the cases' invented histories ({@link FictionalCaseHistories}, the generator of the other
 * benchmarks) are stored straight through the context's {@link EventStorageEngine}, each case's events in commits of
 * up to 32 ({@code bench.eventsPerCommit}; 1 stores them one per commit, as the case service does, at a tenth of the
 * rate; {@link HistoryLoader#appendByCase}); then every projection is built by the product's own code, the rebuild an
 * administrator starts ({@code POST /api/admin/projections/rebuild}), whose rate is printed beside the target of 20,000
 * events/s. No projection document is written by the benchmark; the live processor's tokens are put at the head of
 * the store before the rebuild, as if it had kept up (otherwise it folds every appended event again after the
 * rebuild, changing nothing). The store only grows: each stage appends the next
 * counties and rebuilds everything again, so the later rebuilds replay the earlier counties too.
 *
 * <p>At each stage, signed in as the first county's bureau, it times over HTTP, interleaved, {@code bench.repetitions}
 * times after {@code bench.warmupRepetitions}: the county report live and as known three months ago, a town's dashboard,
 * the first page (50 rows) of the 三帮一 ledger, last month's monthly report and the 劝返销号 account; prints p50 / p99
 * beside the targets (live figures p99 ≤ 100 ms, a past {@code asOf} ≤ 300 ms) and beside the first stage's, since a
 * county's cost must not grow with the other counties' data; and checks that the county's answers did not change as
 * the other counties came in.
 */
public final class ScaleBenchmark {

    static final double TARGET_EVENTS_PER_SECOND = 20_000;
    static final double TARGET_LIVE_P99_MS = 100;
    static final double TARGET_PAST_P99_MS = 300;
    static final String COUNTY = "439951";
    static final String COUNTY_NAME = "云岭县";
    static final String TOWN = COUNTY + "100";
    private static final Pattern READ_MOMENT = Pattern.compile("\"asOf\":\"[0-9T:.Z-]+\"");

    private final int countyCases = Integer.getInteger("bench.countyCases", 5000);
    private final int casesPerOtherCounty = Integer.getInteger("bench.casesPerOtherCounty", 5000);
    private final List<Integer> stages = Arrays.stream(System.getProperty("bench.stages", "5000,20000,100000")
                                                             .split(",")).map(String::strip).map(Integer::valueOf)
                                               .toList();
    private final int months = Integer.getInteger("bench.months", 18);
    private final double lateVisits = Double.parseDouble(System.getProperty("bench.lateVisits", "0.10"));
    private final long seed = Long.getLong("bench.seed", 17);
    private final int loadThreads = Integer.getInteger("bench.loadThreads", 4);
    /** 1: one event per commit, as the case service stores them; more: each case's events in bulk commits. */
    private final int eventsPerCommit = Integer.getInteger("bench.eventsPerCommit",
                                                           cn.kcbx.eventstore.EventStoreSettings.MAX_EVENTS_PER_COMMIT);
    private final int repetitions = Integer.getInteger("bench.repetitions", 50);
    private final int warmupRepetitions = Integer.getInteger("bench.warmupRepetitions", 5);
    private final int timeoutMinutes = Integer.getInteger("bench.timeoutMinutes", 240);
    /** A stage whose estimated load and rebuild would end the run after this many minutes is not started. */
    private final int budgetMinutes = Integer.getInteger("bench.budgetMinutes", Integer.MAX_VALUE);
    private final long runStarted = System.nanoTime();

    private final ConfigurableApplicationContext context;
    private final Path directory;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                              .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final FictionalCaseHistories generator;
    private final List<StageResult> results = new ArrayList<>();
    private final Map<String, String> firstAnswers = new LinkedHashMap<>();
    private String adminToken;
    private String countyToken;

    /** One read a county bureau makes, and its target p99 in ms. */
    record Read(String name, String path, double targetP99) {
    }

    /** How long each repetition of one read took at one stage. */
    /** @param firstNanos the stage's first read of it: nothing of the county in the query service's memory yet */
    record Timing(String read, double targetP99, long[] nanos, int bytes, long firstNanos) {

        double firstMs() {
            return firstNanos / 1e6;
        }

        double p50() {
            return ReadSideBenchmark.percentile(nanos, 50) / 1e6;
        }

        double p99() {
            return ReadSideBenchmark.percentile(nanos, 99) / 1e6;
        }

        boolean met() {
            return p99() <= targetP99;
        }
    }

    /** What the rebuild of every projection cost at one stage. */
    record Rebuild(String state, long events, double seconds, double cpuSeconds, String loadBefore, String loadAfter) {

        double eventsPerSecond() {
            return events / seconds;
        }

        double cpuMicrosPerEvent() {
            return cpuSeconds * 1e6 / Math.max(1, events);
        }
    }

    /** One stage: the store's size, how it was loaded and rebuilt, and what each read cost. */
    record StageResult(int storeCases, int counties, long storeEvents, long appended, double appendSeconds,
                       Rebuild rebuild, List<Timing> timings, boolean sameAnswers, String loadAverage) {
    }

    /** What a run measured, for the miniature test. */
    record Result(List<StageResult> stages) {
    }

    private ScaleBenchmark(ConfigurableApplicationContext context, Path directory) {
        this.context = context;
        this.directory = directory;
        this.json = context.getBean(ObjectMapper.class);
        this.clock = context.getBean(Clock.class);
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.generator = new FictionalCaseHistories(seed, clock.instant(), months);
    }

    public static void main(String[] args) throws Exception {
        Result result = runInTemporaryStore();
        boolean completed = result.stages().stream().allMatch(stage -> stage.rebuild().state().equals("COMPLETED"));
        System.exit(completed ? 0 : 1);
    }

    /** Starts the query service on a fresh embedded store in a temporary directory, runs, prints, cleans up. */
    static Result runInTemporaryStore() throws Exception {
        try (TemporaryReadSide readSide = TemporaryReadSide.start(
                "kcbx-scale-bench-",
                // The collections a rebuild switched away from go at once: not measured beside the new ones.
                "--kcbx.query.projections.old-collection-drop-delay=PT0S")) {
            ScaleBenchmark benchmark = new ScaleBenchmark(readSide.context, readSide.directory);
            benchmark.run(readSide.store.dataFile().toString());
            return new Result(List.copyOf(benchmark.results));
        }
    }

    private void run(String dataFile) throws Exception {
        say("kcbx scale benchmark: a %,d-case county's reads in a store of %s cases, and the rebuild that builds them",
            countyCases, stages.stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList());
        say("date    : %s", Instant.now());
        say("machine : %d cores, %s %s, Java %s, max heap %s", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
            mib(Runtime.getRuntime().maxMemory()));
        say("load avg: %s (1, 5, 15 min) at the start", RebuildBenchmark.loadAverage());
        say("backend : embedded mongo-java-server (H2 MVStore file, synced group commit) in-process, data file %s",
            dataFile);
        say("cases   : county %s %s %,d; other counties of %,d; last %d months; %.0f %% of visits entered late; "
                    + "seed %d", COUNTY, COUNTY_NAME, countyCases, casesPerOtherCounty, months, lateVisits * 100, seed);

        PooledStreamingEventProcessor processor = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionEventHandler.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + ProjectionEventHandler.PROCESSING_GROUP));
        signIn();

        int storeCases = 0;
        int counties = 0;
        long storeEvents = 0;
        for (int stage = 0; stage < stages.size(); stage++) {
            int target = stages.get(stage);
            List<County> newCounties = new ArrayList<>();
            List<Integer> newCases = new ArrayList<>();
            int adding = 0;
            while (storeCases + adding < target) {
                int cases = counties + newCounties.size() == 0 ? countyCases
                        : Math.min(casesPerOtherCounty, target - storeCases - adding);
                int number = counties + newCounties.size();
                String code = String.valueOf(Integer.parseInt(COUNTY) + number);
                newCounties.add(FictionalCaseHistories.county(code, number == 0 ? COUNTY_NAME : "县" + number, seed));
                newCases.add(cases);
                adding += cases;
            }
            say("");
            say("=== stage %d: %,d cases in the store (+%,d in %d counties) ===", stage + 1, storeCases + adding,
                adding, newCounties.size());
            long appended = 0;
            double appendSeconds = 0;
            if (!newCounties.isEmpty()) {
                processor.shutDown(); // the rebuild builds the read side, not the live fold
                long generating = System.nanoTime();
                Histories histories = generator.histories(newCounties, newCases, lateVisits);
                say("generated %,d events (%,d visits, %,d entered late) in %.1f s", histories.events(),
                    histories.visits(), histories.lateVisits(), seconds(generating));
                long appending = System.nanoTime();
                int total = histories.caseEvents().size();
                HistoryLoader.appendByCase(context.getBean(EventStorageEngine.class), histories, loadThreads,
                                           eventsPerCommit, 100_000,
                                           done -> say("  appended %,d of %,d events (%.0f s)", done, total,
                                                       seconds(appending)));
                appendSeconds = seconds(appending);
                appended = histories.events();
                say("appended %,d events in %.1f s = %,.0f events/s (%d threads, %s, synced)", appended,
                    appendSeconds, appended / appendSeconds, loadThreads, eventsPerCommit <= 1 ? "one event per commit"
                            : "each case's events in commits of up to " + eventsPerCommit);
                storeCases += adding;
                counties += newCounties.size();
                storeEvents += appended;
                liveProcessorAtHead();
            }
            Rebuild rebuild = rebuild();
            if (!rebuild.state().equals("COMPLETED")) {
                results.add(new StageResult(storeCases, counties, storeEvents, appended, appendSeconds, rebuild,
                                            List.of(), false, RebuildBenchmark.loadAverage()));
                break;
            }
            int inLedger = context.getBean(CaseFiles.class).in(new DivisionCode(COUNTY), ReadTime.now(clock)).size();
            if (inLedger != countyCases) {
                throw new IllegalStateException("the ledger holds " + inLedger + " cases of county " + COUNTY + ", not "
                                                        + countyCases);
            }
            List<Timing> timings = new ArrayList<>();
            boolean same = measure(timings);
            results.add(new StageResult(storeCases, counties, storeEvents, appended, appendSeconds, rebuild,
                                        List.copyOf(timings), same, RebuildBenchmark.loadAverage()));
            printStage(results.get(results.size() - 1));
            double nextSeconds = estimateNext(stage);
            if (seconds(runStarted) + nextSeconds > budgetMinutes * 60.0) {
                say("not starting the next stage: the estimate ends after the budget of %d min (bench.budgetMinutes; "
                            + "%.0f min gone)", budgetMinutes, seconds(runStarted) / 60);
                break;
            }
        }
        printSummary();
    }

    // ------------------------------------------------------------------------------------------------- rebuilding

    /** Every projection rebuilt as an administrator starts it; waits for it and for the old collections' drop. */
    private Rebuild rebuild() throws Exception {
        ProjectionRegistry registry = context.getBean(ProjectionRegistry.class);
        Set<String> before = new HashSet<>();
        registry.names().forEach(name -> before.add(registry.activeCollectionName(name)));
        String loadBefore = RebuildBenchmark.loadAverage();
        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        JsonNode status;
        List<String> busy = new ArrayList<>();
        signIn(); // the load before may have outlasted the session
        try (ReadProfile profile = new ReadProfile(null, 50)) {
            HttpResponse<String> accepted = send(adminToken, "POST", "/api/admin/projections/rebuild");
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("rebuild → " + accepted.statusCode() + " " + accepted.body());
            }
            String rebuildId = json.readTree(accepted.body()).path("rebuildId").asText();
            long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
            long lastReport = System.nanoTime();
            while (true) {
                status = lastRebuild(rebuildId);
                if (!status.path("state").asText().equals("RUNNING")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the rebuild did not finish within " + timeoutMinutes + " min");
                }
                if (System.nanoTime() - lastReport > 30_000_000_000L) {
                    say("  rebuilding: %,d events applied after %.0f s (load avg %s)",
                        status.path("eventsApplied").asLong(), seconds(started), RebuildBenchmark.loadAverage());
                    lastReport = System.nanoTime();
                }
                Thread.sleep(100);
            }
            profile.others().entrySet().stream().limit(8).forEach(e -> busy.add(
                    String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
        }
        Rebuild rebuild = new Rebuild(status.path("state").asText(), status.path("eventsApplied").asLong(),
                                      seconds(started), (processCpuNanos() - cpuBefore) / 1e9, loadBefore,
                                      RebuildBenchmark.loadAverage());
        say("rebuild %s: %,d events in %.1f s = %,.0f events/s (target %,.0f: %.1f %%); CPU %.0f µs per event; "
                    + "load avg %s before, %s after", rebuild.state(), rebuild.events(), rebuild.seconds(),
            rebuild.eventsPerSecond(), TARGET_EVENTS_PER_SECOND, 100 * rebuild.eventsPerSecond()
                    / TARGET_EVENTS_PER_SECOND, rebuild.cpuMicrosPerEvent(), rebuild.loadBefore(),
            rebuild.loadAfter());
        say("  busy threads during the rebuild (average number busy, sampled at 20 Hz):");
        busy.forEach(BenchmarkReport::say);
        if (rebuild.state().equals("COMPLETED")) {
            awaitDropped(before);
        }
        return rebuild;
    }

    /**
     * The live processor stopped before the appends, at the head of the store as it was then. After a rebuild it
     * resumes from its own position (no later than the rebuild's end), and would fold every appended event again:
     * changing nothing, and competing with the reads for hours. A processor that had kept up when the rebuild started
     * stands at the head; so does this one, before the rebuild.
     */
    private void liveProcessorAtHead() {
        long head = context.getBean(ProjectionRebuilder.class).headPosition();
        TokenStore tokens = context.getBean(EventProcessingConfiguration.class)
                                   .tokenStore(ProjectionEventHandler.PROCESSING_GROUP);
        for (int segment : tokens.fetchSegments(ProjectionEventHandler.PROCESSING_GROUP)) {
            tokens.fetchToken(ProjectionEventHandler.PROCESSING_GROUP, segment); // claims it
            try {
                tokens.storeToken(new GlobalSequenceTrackingToken(head), ProjectionEventHandler.PROCESSING_GROUP,
                                  segment);
            } finally {
                tokens.releaseClaim(ProjectionEventHandler.PROCESSING_GROUP, segment);
            }
        }
        say("live processor's tokens set to the head, %,d (stopped; the rebuild starts it again)", head);
    }

    /** The collections the switch left behind are dropped at once (delay PT0S) on the rebuild's thread: waits. */
    private void awaitDropped(Set<String> previous) throws InterruptedException {
        var database = context.getBean(ReadSideWrites.class).database();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            Set<String> left = database.listCollectionNames().into(new HashSet<>());
            left.retainAll(previous);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                say("  (the old collections %s were not dropped within 5 min; measuring beside them)", left);
                return;
            }
            Thread.sleep(200);
        }
    }

    private JsonNode lastRebuild(String rebuildId) {
        ProjectionRebuilder rebuilder = context.getBean(ProjectionRebuilder.class);
        for (String name : context.getBean(ProjectionRegistry.class).names()) {
            Optional<RebuildStatus> status = rebuilder.lastRebuild(name);
            if (status.isPresent() && status.get().rebuildId().equals(rebuildId)) {
                return json.valueToTree(status.get());
            }
        }
        throw new IllegalStateException("rebuild " + rebuildId + " not listed");
    }

    // ------------------------------------------------------------------------------------------------- measuring

    private List<Read> reads() {
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = today.minusMonths(3);
        YearMonth lastMonth = YearMonth.from(today).minusMonths(1);
        return List.of(
                new Read("county report, live", "/api/reports/counties/" + COUNTY, TARGET_LIVE_P99_MS),
                new Read("county report, asOf " + asOf, "/api/reports/counties/" + COUNTY + "?asOf=" + asOf,
                         TARGET_PAST_P99_MS),
                new Read("town dashboard " + TOWN, "/api/dashboards/towns/" + TOWN, TARGET_LIVE_P99_MS),
                new Read("三帮一 ledger, page of 50", "/api/ledgers/sanbang?page=0&size=50", TARGET_LIVE_P99_MS),
                new Read("monthly report " + lastMonth, "/api/reports/counties/" + COUNTY + "/monthly/" + lastMonth,
                         TARGET_PAST_P99_MS),
                new Read("劝返销号 account", "/api/ledgers/returns", TARGET_LIVE_P99_MS));
    }

    /**
     * Every read, interleaved, repetition by repetition. Returns whether each read answered exactly as at the first
     * stage (the county's data did not change; only the others' came in).
     */
    private boolean measure(List<Timing> timings) throws Exception {
        // Signed in again: loading and rebuilding a large stage outlasts a session.
        signIn();
        List<Read> reads = reads();
        // At the first stage nothing is held in memory before its first reads: what they add is the county's files.
        long heapBefore = results.isEmpty() ? heapAfterFullGc() : 0;
        Map<String, Long> firstNanos = new LinkedHashMap<>();
        for (Read read : reads) {
            long t0 = System.nanoTime();
            get(read);
            firstNanos.put(read.name(), System.nanoTime() - t0);
        }
        if (results.isEmpty()) {
            say("heap held after the first reads (the county's files now, as known three months ago, and at last "
                        + "month's cut-off, in the query service's memory): %,d KB more, after a full GC each",
                (heapAfterFullGc() - heapBefore) / 1024);
        }
        for (int i = 1; i < warmupRepetitions; i++) {
            for (Read read : reads) {
                get(read);
            }
        }
        Map<String, long[]> nanos = new LinkedHashMap<>();
        Map<String, Integer> bytes = new LinkedHashMap<>();
        boolean same = true;
        long started = System.nanoTime();
        for (int i = 0; i < repetitions; i++) {
            for (Read read : reads) {
                long t0 = System.nanoTime();
                byte[] body = get(read);
                nanos.computeIfAbsent(read.name(), k -> new long[repetitions])[i] = System.nanoTime() - t0;
                if (i == 0) {
                    bytes.put(read.name(), body.length);
                    // The moment of reading ("asOf" of a live answer) is the only part that may change.
                    String answer = READ_MOMENT.matcher(new String(body, StandardCharsets.UTF_8)).replaceAll("");
                    String first = firstAnswers.putIfAbsent(read.name(), answer);
                    if (first != null && !first.equals(answer)) {
                        same = false;
                        int at = mismatch(first, answer);
                        say("  %s answers differently from the first stage (%,d against %,d characters), at %d: %s",
                            read.name(), answer.length(), first.length(), at,
                            answer.substring(Math.max(0, at - 60), Math.min(answer.length(), at + 60)));
                    }
                }
            }
        }
        say("measured %d repetitions of %d reads in %.0f s (after %d unmeasured)", repetitions, reads.size(),
            seconds(started), warmupRepetitions);
        for (Read read : reads) {
            timings.add(new Timing(read.name(), read.targetP99(), nanos.get(read.name()), bytes.get(read.name()),
                                   firstNanos.get(read.name())));
        }
        return same;
    }

    private void signIn() throws Exception {
        adminToken = ApiSignIn.token(context, http, json, baseUrl,
                                     new Actor("bench.admin", Actor.Role.ADMIN, COUNTY), "系统管理员（基准测试）");
        countyToken = ApiSignIn.token(context, http, json, baseUrl,
                                      new Actor("bench.county." + COUNTY, Actor.Role.COUNTY, COUNTY),
                                      "县教育局（基准测试）");
    }

    private static long heapAfterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static int mismatch(String a, String b) {
        int at = 0;
        while (at < Math.min(a.length(), b.length()) && a.charAt(at) == b.charAt(at)) {
            at++;
        }
        return at;
    }

    private byte[] get(Read read) throws Exception {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + read.path())).header("Authorization", "Bearer " + countyToken)
                           .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(read.name() + " → " + response.statusCode() + " "
                                                    + new String(response.body()));
        }
        return response.body();
    }

    // ------------------------------------------------------------------------------------------------- printing

    private void printStage(StageResult stage) throws Exception {
        say("");
        say("stage: %,d cases in %d counties, %,d events in the store, data directory %s; load avg %s",
            stage.storeCases(), stage.counties(), stage.storeEvents(), mib(sizeOf(directory)), stage.loadAverage());
        say("  %-34s %10s %10s %12s %10s %10s %10s", "read (HTTP, county bureau)", "p50 ms", "p99 ms", "target p99",
            "met", "first ms", "bytes");
        for (Timing timing : stage.timings()) {
            say("  %-34s %10.1f %10.1f %12.0f %10s %10.1f %,10d", timing.read(), timing.p50(), timing.p99(),
                timing.targetP99(), timing.met() ? "yes" : "NO", timing.firstMs(), timing.bytes());
        }
        say("  (first: the stage's first read, before the county's files are in the query service's memory)");
        say("  the county's answers as at the first stage: %s", stage.sameAnswers() ? "yes, byte for byte" : "NO");
    }

    /** The next stage's load and rebuild, from this one's rates: a run at the largest size is planned with it. */
    private double estimateNext(int stage) {
        if (stage + 1 >= stages.size()) {
            return 0;
        }
        StageResult now = results.get(results.size() - 1);
        double eventsPerCase = (double) now.storeEvents() / now.storeCases();
        int nextCases = stages.get(stage + 1);
        double nextEvents = eventsPerCase * nextCases;
        double appendRate = now.appended() / Math.max(1e-9, now.appendSeconds());
        double rebuildRate = now.rebuild().eventsPerSecond();
        double appendSeconds = (nextEvents - now.storeEvents()) / appendRate;
        double rebuildSeconds = nextEvents / rebuildRate;
        say("estimate for the next stage (%,d cases, about %,.0f events): append %.0f min at %,.0f events/s, "
                    + "rebuild %.0f min at %,.0f events/s", nextCases, nextEvents, appendSeconds / 60, appendRate,
            rebuildSeconds / 60, rebuildRate);
        return appendSeconds + rebuildSeconds;
    }

    private void printSummary() {
        say("");
        say("================================================================================================");
        say("RESULT  county %s (%,d cases): HTTP p50 / p99 in ms at each store size; targets p99 ≤ %.0f ms live, "
                    + "≤ %.0f ms in the past", COUNTY, countyCases, TARGET_LIVE_P99_MS, TARGET_PAST_P99_MS);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-34s %8s", "read", "target"));
        for (StageResult stage : results) {
            header.append(String.format(Locale.ROOT, " %17s", String.format(Locale.ROOT, "%,d cases", stage.storeCases())));
        }
        say(header.toString());
        if (!results.isEmpty() && !results.get(0).timings().isEmpty()) {
            for (int r = 0; r < results.get(0).timings().size(); r++) {
                Timing first = results.get(0).timings().get(r);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-34s %8.0f", first.read(),
                                                                     first.targetP99()));
                for (StageResult stage : results) {
                    if (r < stage.timings().size()) {
                        Timing timing = stage.timings().get(r);
                        line.append(String.format(Locale.ROOT, " %8.0f / %6.0f%s", timing.p50(), timing.p99(),
                                                  timing.met() ? " " : "!"));
                    }
                }
                say(line.toString());
            }
        }
        for (StageResult stage : results) {
            say("%,7d cases, %,9d events: appended at %,6.0f events/s; rebuild %s at %,6.0f events/s (target %,.0f, "
                        + "%.1f %%), %,.0f µs CPU per event, load avg %s → %s; answers as at the first stage: %s",
                stage.storeCases(), stage.storeEvents(), stage.appended() / Math.max(1e-9, stage.appendSeconds()),
                stage.rebuild().state(), stage.rebuild().eventsPerSecond(), TARGET_EVENTS_PER_SECOND,
                100 * stage.rebuild().eventsPerSecond() / TARGET_EVENTS_PER_SECOND, stage.rebuild().cpuMicrosPerEvent(),
                stage.rebuild().loadBefore(), stage.rebuild().loadAfter(), stage.sameAnswers() ? "yes" : "NO");
        }
        say("(! = p99 above its target)");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private HttpResponse<String> send(String token, String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                                                 .header("Authorization", "Bearer " + token);
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
