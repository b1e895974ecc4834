package cn.kcbx.benchmark;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.benchmark.FictionalCaseHistories.County;
import cn.kcbx.benchmark.FictionalCaseHistories.Histories;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.embeddedmongo.KeyFiles;
import cn.kcbx.embeddedmongo.StoreAccess;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.measure.CountRow;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.measure.RegionMeasures;
import cn.kcbx.query.projection.ProjectionEventHandler;
import cn.kcbx.query.projection.ProjectionRebuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static cn.kcbx.benchmark.BenchmarkReport.deleteRecursively;
import static cn.kcbx.benchmark.BenchmarkReport.mib;
import static cn.kcbx.benchmark.BenchmarkReport.say;
import static cn.kcbx.benchmark.BenchmarkReport.seconds;
import static cn.kcbx.benchmark.BenchmarkReport.sizeOf;

/**
 * What a county report costs on the read side, by the three clocks: live ({@code case_ledger}), as known at a past
 * moment ({@code asOf}, {@code case_history}), on a business day ({@code on}, {@code case_on_day}), and both
 * ({@code case_by_date}). Not a test: run it by hand (README.md, "Benchmark"); {@code ReadSideBenchmarkStillRunsTest}
 * runs it in miniature.
 *
 * <ol>
 *   <li>Starts the query service ({@link QueryServiceApplication}, its own configuration) in-process on a fresh store
 *       in a temporary directory: the embedded store (mongo-java-server, H2 MVStore file, synced group commit) as the
 *       product runs it, or the MongoDB of {@code bench.mongoUri} (a new database in it).</li>
 *   <li>Stops the read side's processor, appends invented case histories straight through the context's
 *       {@link EventStorageEngine} (one event per commit, with the moment it was recorded and the case service's
 *       metadata; {@link FictionalCaseHistories}): one county of {@code bench.cases} cases and another of
 *       {@code bench.otherCases}, over the last {@code bench.months} months, in the order they were recorded, with a
 *       share of the visits entered late. Then starts the processor and times its catch-up from an empty read side to
 *       the head of the store (every projection: timeline, ledger, history, by date, audit trail).</li>
 *   <li>Signs in as the county's bureau (an account made through {@link AccountService}) and times, for the first
 *       county, {@code GET /api/reports/counties/{county}} live, {@code ?asOf=} three months ago, {@code ?on=} the
 *       last month end (as known now) and {@code ?on=&asOf=} (the month end before the as-of day, as known then),
 *       interleaved, {@code bench.repetitions} times each after {@code bench.warmupRepetitions}; and the same reads
 *       in-process, split into loading the case files ({@link CaseFiles#in}) and computing the figures (every town's
 *       {@link RegionMeasures}, the total, by reason and category, and the cases behind each figure, as a monthly
 *       report does).</li>
 *   <li>Checks that the clocks agree where they must, samples where an in-process read spends its time, and prints a
 *       table with the machine's load average.</li>
 * </ol>
 */
public final class ReadSideBenchmark {

    static final String COUNTY = "439951";
    static final String COUNTY_NAME = "云岭县";
    static final String OTHER_COUNTY = "439952";
    static final String OTHER_COUNTY_NAME = "石溪县";

    private final int cases = Integer.getInteger("bench.cases", 5000);
    private final int otherCases = Integer.getInteger("bench.otherCases", cases);
    private final int months = Integer.getInteger("bench.months", 18);
    private final double lateVisits = Double.parseDouble(System.getProperty("bench.lateVisits", "0.10"));
    private final long seed = Long.getLong("bench.seed", 14);
    private final int loadThreads = Integer.getInteger("bench.loadThreads", 8);
    private final int repetitions = Integer.getInteger("bench.repetitions", 50);
    private final int warmupRepetitions = Integer.getInteger("bench.warmupRepetitions", 5);
    private final int profileRepetitions = Integer.getInteger("bench.profileRepetitions", 10);
    private final int catchUpTimeoutMinutes = Integer.getInteger("bench.catchUpTimeoutMinutes", 60);

    private final ConfigurableApplicationContext context;
    private final String backend;
    private final Path dataDirectory;
    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;
    private final Clock clock;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                              .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final long startNanos = System.nanoTime();
    private final List<String> loadLines = new ArrayList<>();
    private final List<String> profileLines = new ArrayList<>();
    private final List<Timing> timings = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private String token;
    private Load load;
    private String loadAverageAtStart;
    private String loadAverageAfterLoad;
    private MemoryUsage heapAfterLoad;

    /** One way of reading one scenario, and how long each repetition took. */
    record Timing(String scenario, String what, int cases, long[] nanos) {

        double millis(double percentile) {
            return ReadSideBenchmark.percentile(nanos, percentile) / 1e6;
        }

        double maxMillis() {
            return Arrays.stream(nanos).max().orElse(0) / 1e6;
        }
    }

    /** Two reads that must give the same figures, and whether they did. */
    record Check(String name, boolean agree, String detail) {
    }

    /** The initial load: events appended, and the read side's catch-up from nothing to the head of the store. */
    record Load(long events, long caseEvents, int lateVisits, int visits, double appendSeconds, double catchUpSeconds,
                long head, Map<String, Integer> paths) {
    }

    /** What a run measured, for the miniature test. */
    record Result(String backend, Load load, List<Timing> timings, List<Check> checks) {
    }

    /** A report's read time, given as the API's {@code on} and {@code asOf} parameters. */
    record Scenario(String name, String on, String asOf, String meaning) {

        String query() {
            List<String> parameters = new ArrayList<>();
            if (on != null) {
                parameters.add("on=" + on);
            }
            if (asOf != null) {
                parameters.add("asOf=" + asOf);
            }
            return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
        }

        ReadTime readTime(Clock clock) {
            return ReadTime.parse(on, asOf, clock);
        }
    }

    /** The county report's figures as computed in-process: the total and every town's. */
    record Figures(int cases, RegionMeasures total, Map<String, RegionMeasures> towns) {
    }

    private ReadSideBenchmark(ConfigurableApplicationContext context, String backend, Path dataDirectory) {
        this.context = context;
        this.backend = backend;
        this.dataDirectory = dataDirectory;
        this.caseFiles = context.getBean(CaseFiles.class);
        this.overduePolicy = context.getBean(OverduePolicy.class);
        this.clock = context.getBean(Clock.class);
        this.json = context.getBean(ObjectMapper.class);
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public static void main(String[] args) throws Exception {
        runInTemporaryStore();
        System.exit(0);
    }

    /**
     * Starts the query service on a fresh store in a temporary directory (under {@code bench.dataDirectory}, default
     * the system's temporary directory), runs the benchmark, prints the results and deletes the directory.
     */
    static Result runInTemporaryStore() throws Exception {
        String loadAverage = loadAverage();
        String parent = System.getProperty("bench.dataDirectory");
        Path directory = parent == null ? Files.createTempDirectory("kcbx-read-bench-")
                : Files.createTempDirectory(Path.of(parent), "kcbx-read-bench-");
        String mongoUri = System.getProperty("bench.mongoUri");
        EmbeddedMongoServer store = null;
        ConfigurableApplicationContext context = null;
        try {
            String uri;
            String backend;
            if (mongoUri == null || mongoUri.isBlank()) {
                store = EmbeddedMongoServer.start(directory.resolve("kcbx-mongo.mv.db"), "127.0.0.1", 0,
                                                  directory.resolve(StoreAccess.DEFAULT_FILE_NAME));
                uri = store.connectionString("kcbx");
                backend = "embedded mongo-java-server " + mongoJavaServerVersion()
                        + " (H2 MVStore file, synced group commit) in-process on 127.0.0.1:" + store.port()
                        + ", data file " + store.dataFile();
            } else {
                String database = "kcbx_read_bench_" + UUID.randomUUID().toString().substring(0, 8);
                uri = withDatabase(mongoUri.strip(), database);
                backend = "MongoDB from bench.mongoUri, database " + database;
            }
            Path masterKey = directory.resolve("kcbx-master.key");
            MasterKey.load(masterKey, true);
            Path sessionKey = directory.resolve("kcbx-session.key");
            KeyFiles.load(sessionKey, true, "Session key", "benchmark");
            long started = System.nanoTime();
            context = QueryServiceApplication.builder().run(
                    "--spring.data.mongodb.uri=" + uri,
                    "--kcbx.privacy.master-key-file=" + masterKey,
                    "--kcbx.security.session-key-file=" + sessionKey,
                    "--server.port=0",
                    "--logging.level.root=WARN",
                    "--logging.level.cn.kcbx=WARN");
            ReadSideBenchmark benchmark = new ReadSideBenchmark(context, backend, directory);
            benchmark.loadAverageAtStart = loadAverage;
            benchmark.loadLines.add(String.format(Locale.ROOT, "query service started in %.1f s", seconds(started)));
            benchmark.run();
            return new Result(backend, benchmark.load, List.copyOf(benchmark.timings), List.copyOf(benchmark.checks));
        } finally {
            if (context != null) {
                context.close();
            }
            if (store != null) {
                store.close();
            }
            deleteRecursively(directory);
        }
    }

    private void run() throws Exception {
        say("kcbx read-side benchmark: the county report by live, asOf and on");
        say("date    : %s (Asia/Shanghai %s)", Instant.now(), LocalDate.now(DateRules.CHINA_ZONE));
        say("machine : %d cores (Runtime.availableProcessors), %s %s, Java %s (%s), max heap %s",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
            System.getProperty("java.version"), System.getProperty("java.vm.name"), mib(Runtime.getRuntime().maxMemory()));
        say("load avg: %s (1, 5, 15 min, from /proc/loadavg) at the start", loadAverageAtStart);
        say("backend : %s", backend);
        say("cases   : county %s %s %,d, county %s %s %,d; last %d months; %.0f %% of visits entered late; seed %d",
            COUNTY, COUNTY_NAME, cases, OTHER_COUNTY, OTHER_COUNTY_NAME, otherCases, months, lateVisits * 100, seed);
        loadLines.forEach(BenchmarkReport::say);

        loadCases();
        signIn();
        List<Scenario> scenarios = scenarios();
        measure(scenarios);
        checkClocks(scenarios);
        profile(scenarios);
        printSummary(scenarios);
    }

    // ------------------------------------------------------------------------------------------------- loading

    private void loadCases() throws Exception {
        PooledStreamingEventProcessor processor = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionEventHandler.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + ProjectionEventHandler.PROCESSING_GROUP));
        processor.shutDown();

        long generating = System.nanoTime();
        FictionalCaseHistories generator = new FictionalCaseHistories(seed, clock.instant(), months);
        List<County> counties = List.of(FictionalCaseHistories.county(COUNTY, COUNTY_NAME, seed),
                                        FictionalCaseHistories.county(OTHER_COUNTY, OTHER_COUNTY_NAME, seed));
        Histories histories = generator.histories(counties, List.of(cases, otherCases), lateVisits);
        long caseEvents = histories.caseEvents().size();
        say("generated %,d events (%,d of cases, %,d visits of which %,d entered late; the directories %,d, "
                    + "16 units per commit) in %.1f s", histories.events(), caseEvents, histories.visits(),
            histories.lateVisits(), histories.events() - caseEvents, seconds(generating));
        say("where the cases stand now: %s", histories.paths());

        long appending = System.nanoTime();
        double appendSeconds;
        try (ReadProfile profile = new ReadProfile(null, 50)) {
            append(histories);
            appendSeconds = seconds(appending);
            profileLines.add(String.format(Locale.ROOT, "append (%.0f s), busy threads (average number busy, "
                                                   + "sampled at 20 Hz):", appendSeconds));
            profile.others().entrySet().stream().limit(8).forEach(e -> profileLines.add(
                    String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
        }
        ProjectionRebuilder rebuilder = context.getBean(ProjectionRebuilder.class);
        long head = rebuilder.headPosition();
        say("appended %,d events in %.1f s = %,.0f events/s (%d threads, one event per commit, each synced to disk "
                    + "on the embedded store); store head at position %,d", histories.events(), appendSeconds,
            histories.events() / appendSeconds, loadThreads, head);

        long catchingUp = System.nanoTime();
        ReadProfile catchUpProfile = new ReadProfile(null, 50);
        processor.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(catchUpTimeoutMinutes).toNanos();
        long lastReport = System.nanoTime();
        while (true) {
            long position = rebuilder.livePosition().orElse(-1L);
            if (position >= head) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the read side did not catch up within " + catchUpTimeoutMinutes
                                                        + " minutes: at " + position + " of " + head);
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                say("  catching up: position %,d of %,d after %.0f s", position, head, seconds(catchingUp));
                lastReport = System.nanoTime();
            }
            Thread.sleep(100);
        }
        double catchUpSeconds = seconds(catchingUp);
        catchUpProfile.close();
        profileLines.add(String.format(Locale.ROOT, "catch-up (%.0f s), busy threads (average number busy, sampled "
                                               + "at 20 Hz):", catchUpSeconds));
        catchUpProfile.others().entrySet().stream().limit(12).forEach(e -> profileLines.add(
                String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
        say("read side caught up from nothing in %.1f s = %,.0f events/s (processor case-projections: every "
                    + "projection, %s segments, batches of %s)", catchUpSeconds, histories.events() / catchUpSeconds,
            context.getEnvironment().getProperty("kcbx.query.segments"),
            context.getEnvironment().getProperty("kcbx.query.batch-size"));
        int inLedger = caseFiles.in(new DivisionCode(COUNTY), ReadTime.now(clock)).size();
        if (inLedger != cases) {
            throw new IllegalStateException("the ledger holds " + inLedger + " cases of county " + COUNTY
                                                    + ", not " + cases);
        }
        load = new Load(histories.events(), caseEvents, histories.lateVisits(), histories.visits(),
                        appendSeconds, catchUpSeconds, head, histories.paths());
        System.gc();
        heapAfterLoad = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        loadAverageAfterLoad = loadAverage();
        say("heap after the load (after System.gc()): used %s, committed %s; load avg now %s",
            mib(heapAfterLoad.getUsed()), mib(heapAfterLoad.getCommitted()), loadAverageAfterLoad);
    }

    private void append(Histories histories) throws Exception {
        long started = System.nanoTime();
        int total = histories.caseEvents().size();
        HistoryLoader.append(context.getBean(EventStorageEngine.class), histories, loadThreads, 20_000,
                             done -> say("  appended %,d of %,d events (%.0f s)", done, total, seconds(started)));
    }

    private void signIn() throws Exception {
        Actor bureau = new Actor("bench.county." + COUNTY, Actor.Role.COUNTY, COUNTY);
        token = ApiSignIn.token(context, http, json, baseUrl, bureau, "县教育局（基准测试）");
    }

    // ------------------------------------------------------------------------------------------------- measuring

    /**
     * Live; as known three months ago; on the last month end, as known now; on the month end before the as-of day, as
     * known on the as-of day.
     */
    private List<Scenario> scenarios() {
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = today.minusMonths(3);
        LocalDate monthEnd = today.withDayOfMonth(1).minusDays(1);
        LocalDate monthEndBeforeAsOf = asOf.withDayOfMonth(1).minusDays(1);
        return List.of(new Scenario("live", null, null, "now, from case_ledger"),
                       new Scenario("asOf", null, asOf.toString(), "as known at the end of " + asOf
                               + ", from case_history"),
                       new Scenario("on", monthEnd.toString(), null, "the state on " + monthEnd
                               + " by business dates, as known now, from case_on_day"),
                       new Scenario("on+asOf", monthEndBeforeAsOf.toString(), asOf.toString(), "the state on "
                               + monthEndBeforeAsOf + " as known at the end of " + asOf + ", from case_by_date"));
    }

    /**
     * Every scenario, over HTTP and in-process, interleaved (scenario by scenario, repetition by repetition), so that
     * a change in the machine's load falls on all of them alike.
     */
    private void measure(List<Scenario> scenarios) throws Exception {
        say("");
        say("warm-up: %d repetitions of every scenario, over HTTP and in-process", warmupRepetitions);
        for (int i = 0; i < warmupRepetitions; i++) {
            for (Scenario scenario : scenarios) {
                httpReport(scenario);
                inProcess(scenario);
            }
        }
        Map<String, long[]> byKey = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < repetitions; i++) {
            for (Scenario scenario : scenarios) {
                long t0 = System.nanoTime();
                HttpResponse<byte[]> response = httpReport(scenario);
                long t1 = System.nanoTime();
                byKey.computeIfAbsent(scenario.name() + "/http", k -> new long[repetitions])[i] = t1 - t0;
                if (i == 0) {
                    counts.put(scenario.name() + "/bytes", response.body().length);
                }
                long[] split = new long[2];
                Figures figures = inProcess(scenario, split);
                byKey.computeIfAbsent(scenario.name() + "/load", k -> new long[repetitions])[i] = split[0];
                byKey.computeIfAbsent(scenario.name() + "/compute", k -> new long[repetitions])[i] = split[1];
                counts.put(scenario.name(), figures.cases());
            }
            if ((i + 1) % 10 == 0 && i + 1 < repetitions) {
                say("  %d of %d repetitions (%.0f s)", i + 1, repetitions, seconds(started));
            }
        }
        for (Scenario scenario : scenarios) {
            for (String what : List.of("http", "load", "compute")) {
                timings.add(new Timing(scenario.name(), what, counts.get(scenario.name()),
                                       byKey.get(scenario.name() + "/" + what)));
            }
        }
        say("measured %d repetitions of %d scenarios in %.0f s; answer sizes: %s", repetitions, scenarios.size(),
            seconds(started), scenarios.stream().map(s -> s.name() + " " + counts.get(s.name() + "/bytes") + " B")
                                       .collect(Collectors.joining(", ")));
    }

    private HttpResponse<byte[]> httpReport(Scenario scenario) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/reports/counties/" + COUNTY + scenario.query()))
                           .header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(scenario.name() + ": " + response.statusCode() + " "
                                                    + new String(response.body()));
        }
        return response;
    }

    private Figures inProcess(Scenario scenario) {
        return inProcess(scenario, new long[2]);
    }

    /**
     * The county report's work in-process: the files ({@code split[0]}: nanoseconds) and the figures of every town,
     * the total, by reason and category, and the cases behind each figure ({@code split[1]}).
     */
    private Figures inProcess(Scenario scenario, long[] split) {
        ReadTime time = scenario.readTime(clock);
        long t0 = System.nanoTime();
        List<CaseFile> files = caseFiles.in(new DivisionCode(COUNTY), time);
        long t1 = System.nanoTime();
        Figures figures = figures(files, time, true);
        split[0] = t1 - t0;
        split[1] = System.nanoTime() - t1;
        return figures;
    }

    private Figures figures(List<CaseFile> files, ReadTime time, boolean everything) {
        Period period = Period.monthTo(time.day());
        Map<String, List<CaseFile>> byTown = files.stream().collect(
                Collectors.groupingBy(CaseFile::townCode, TreeMap::new, Collectors.toList()));
        Map<String, RegionMeasures> towns = new TreeMap<>();
        byTown.forEach((town, townFiles) -> towns.put(town, RegionMeasures.of(townFiles, time.day(), period,
                                                                              overduePolicy::rulesFor)));
        RegionMeasures total = RegionMeasures.of(files, time.day(), period, overduePolicy::rulesFor);
        if (everything) {
            CountRow.byEnum(files, DropoutReason.class, f -> Set.of(f.primaryReason()), DropoutReason::label);
            CountRow.byEnum(files, PriorityCategory.class, CaseFile::priorityCategories, PriorityCategory::label);
            RegionMeasures.casesBehind(files, time.day(), period, overduePolicy::rulesFor);
        }
        return new Figures(files.size(), total, towns);
    }

    private Figures figuresAt(ReadTime time) {
        return figures(caseFiles.in(new DivisionCode(COUNTY), time), time, false);
    }

    // ------------------------------------------------------------------------------------------------- checks

    /** The reads that must agree: the same knowledge and the same day, by different projections. */
    private void checkClocks(List<Scenario> scenarios) throws Exception {
        LocalDate today = LocalDate.now(clock);
        ReadTime live = ReadTime.now(clock);
        compare("live = on today, as known now (case_ledger vs case_on_day)", figuresAt(live),
                figuresAt(ReadTime.parse(today.toString(), null, clock)));
        compare("live = asOf now (case_ledger vs case_history)", figuresAt(live),
                figuresAt(ReadTime.at(clock.instant())));
        LocalDate asOfDay = LocalDate.parse(scenarios.get(1).asOf());
        compare("asOf " + asOfDay + " = on " + asOfDay + " as known then (case_history vs case_by_date)",
                figuresAt(ReadTime.endOf(asOfDay)), figuresAt(ReadTime.endOf(asOfDay).on(asOfDay)));
        LocalDate monthEnd = LocalDate.parse(scenarios.get(2).on());
        compare("on " + monthEnd + " as known now = on " + monthEnd + " asOf now (case_on_day vs case_by_date)",
                figuresAt(ReadTime.parse(monthEnd.toString(), null, clock)),
                figuresAt(ReadTime.at(clock.instant()).on(monthEnd)));
        for (Scenario scenario : scenarios) {
            JsonNode answer = json.readTree(httpReport(scenario).body());
            // Through text, as the answer was: the return rate is a BigDecimal in memory, a double once parsed.
            JsonNode total = json.readTree(json.writeValueAsString(inProcess(scenario).total()));
            boolean same = total.equals(answer.get("total"));
            checks.add(new Check("HTTP report " + scenario.name() + " total = in-process total", same,
                                 same ? answer.path("total").path("account").path("cases").asInt() + " cases"
                                         : "HTTP " + answer.get("total") + " vs in-process " + total));
        }
        say("");
        say("checks (figures that must agree):");
        for (Check check : checks) {
            say("  %-4s %s: %s", check.agree() ? "ok" : "DIFF", check.name(), check.detail());
        }
    }

    private void compare(String name, Figures a, Figures b) {
        if (a.equals(b)) {
            checks.add(new Check(name, true, a.cases() + " cases, " + a.towns().size() + " towns, account "
                                                 + a.total().account()));
            return;
        }
        String detail = a.total().equals(b.total()) ? "" : "total " + a.total() + " vs " + b.total() + "; ";
        List<String> towns = a.towns().keySet().stream().filter(town -> !a.towns().get(town).equals(b.towns().get(town)))
                              .toList();
        checks.add(new Check(name, false, detail + "towns differing: " + towns));
    }

    // ------------------------------------------------------------------------------------------------- profile

    /**
     * Samples the benchmark thread while it reads each scenario in-process {@code bench.profileRepetitions} times,
     * then the service's threads while it answers the same number of HTTP requests.
     */
    private void profile(List<Scenario> scenarios) throws Exception {
        if (profileRepetitions <= 0) {
            return;
        }
        for (Scenario scenario : scenarios) {
            long started = System.nanoTime();
            try (ReadProfile profile = new ReadProfile(Thread.currentThread(), 10)) {
                for (int i = 0; i < profileRepetitions; i++) {
                    inProcess(scenario);
                }
                profileLines.add(String.format(Locale.ROOT,
                        "%s, in-process, %d reads in %.1f s, %d samples of the reading thread at 100 Hz:",
                        scenario.name(), profileRepetitions, seconds(started), profile.readerSampleCount()));
                profile.reader().entrySet().stream().limit(10).forEach(e -> profileLines.add(
                        String.format(Locale.ROOT, "    %5.1f%%  %s", 100 * e.getValue(), e.getKey())));
                profileLines.add("  other busy threads (average number busy):");
                profile.others().entrySet().stream().limit(5).forEach(e -> profileLines.add(
                        String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
            }
            started = System.nanoTime();
            try (ReadProfile profile = new ReadProfile(null, 10)) {
                for (int i = 0; i < profileRepetitions; i++) {
                    httpReport(scenario);
                }
                profileLines.add(String.format(Locale.ROOT,
                        "%s, HTTP, %d requests in %.1f s, busy threads (average number busy, 100 Hz):",
                        scenario.name(), profileRepetitions, seconds(started)));
                profile.others().entrySet().stream().limit(10).forEach(e -> profileLines.add(
                        String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- output

    private void printSummary(List<Scenario> scenarios) throws IOException {
        MemoryUsage heapNow = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.gc();
        MemoryUsage heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        say("");
        say("================================================================================================");
        say("RESULTS  county report of %s (%,d cases; %,d more in %s), %d repetitions per row after %d warm-up, "
                    + "interleaved", COUNTY, cases, otherCases, OTHER_COUNTY, repetitions, warmupRepetitions);
        say("backend: %s", backend);
        say("load average (1, 5, 15 min): %s at the start, %s after the load, %s now; %d cores",
            loadAverageAtStart, loadAverageAfterLoad, loadAverage(), Runtime.getRuntime().availableProcessors());
        say("load: %,d events (%,d of cases; %,d of %,d visits entered late) appended in %.1f s (%,.0f events/s); "
                    + "read side caught up from nothing in %.1f s (%,.0f events/s)", load.events(), load.caseEvents(),
            load.lateVisits(), load.visits(), load.appendSeconds(), load.events() / load.appendSeconds(),
            load.catchUpSeconds(), load.events() / load.catchUpSeconds());
        say("");
        for (Scenario scenario : scenarios) {
            say("  %-8s GET /api/reports/counties/%s%s  (%s)", scenario.name(), COUNTY, scenario.query(),
                scenario.meaning());
        }
        say("");
        say("%-8s %-38s %6s %9s %9s %9s", "scenario", "what is timed", "cases", "p50 ms", "p99 ms", "max ms");
        say("-".repeat(84));
        for (Scenario scenario : scenarios) {
            for (Timing timing : timings) {
                if (!timing.scenario().equals(scenario.name())) {
                    continue;
                }
                String what = switch (timing.what()) {
                    case "http" -> "HTTP GET, whole report (client side)";
                    case "load" -> "in-process: CaseFiles.in (load files)";
                    default -> "in-process: measures + casesBehind";
                };
                say("%-8s %-38s %,6d %9.1f %9.1f %9.1f", scenario.name(), what, timing.cases(), timing.millis(50),
                    timing.millis(99), timing.maxMillis());
            }
        }
        say("-".repeat(84));
        say("percentiles interpolated between order statistics (with %d repetitions p99 lies between the two "
                    + "slowest)", repetitions);
        Timing live = timing("live", "http");
        for (Scenario scenario : scenarios.subList(1, scenarios.size())) {
            Timing other = timing(scenario.name(), "http");
            say("  %-8s HTTP p50 = %.2f × live, p99 = %.2f × live", scenario.name(),
                other.millis(50) / live.millis(50), other.millis(99) / live.millis(99));
        }
        say("heap: %s used after the load (after GC), %s used now before GC, %s after GC (committed %s, max %s); "
                    + "data directory %s; total run time %.0f s", mib(heapAfterLoad.getUsed()), mib(heapNow.getUsed()),
            mib(heapAfterGc.getUsed()), mib(heapAfterGc.getCommitted()), mib(heapAfterGc.getMax()),
            mib(sizeOf(dataDirectory)), seconds(startNanos));
        say("checks: %s", checks.stream().allMatch(Check::agree) ? "every pair agrees (" + checks.size() + ")"
                : checks.stream().filter(c -> !c.agree()).map(Check::name).collect(Collectors.joining("; ")) + " DIFFER");
        if (!profileLines.isEmpty()) {
            say("");
            say("PROFILE (stack samples; separate reads after the measured ones)");
            profileLines.forEach(BenchmarkReport::say);
        }
    }

    private Timing timing(String scenario, String what) {
        return timings.stream().filter(t -> t.scenario().equals(scenario) && t.what().equals(what)).findFirst()
                      .orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The value at {@code percentile} (0–100), interpolated linearly between the order statistics. */
    static double percentile(long[] values, double percentile) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = percentile / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    /** From the name of the jar it was loaded from (the jar's manifest does not say). */
    private static String mongoJavaServerVersion() {
        try {
            String location = String.valueOf(
                    de.bwaldvogel.mongo.MongoServer.class.getProtectionDomain().getCodeSource().getLocation());
            java.util.regex.Matcher version = java.util.regex.Pattern.compile("mongo-java-server-core-([0-9.]+)\\.jar")
                                                                     .matcher(location);
            return version.find() ? version.group(1) : "(version unknown)";
        } catch (RuntimeException e) {
            return "(version unknown)";
        }
    }

    private static String withDatabase(String uri, String database) {
        com.mongodb.ConnectionString parsed = new com.mongodb.ConnectionString(uri);
        String query = uri.contains("?") ? uri.substring(uri.indexOf('?')) : "";
        String credentials = parsed.getUsername() == null ? ""
                : parsed.getUsername() + ":" + new String(parsed.getPassword()) + "@";
        return "mongodb://" + credentials + String.join(",", parsed.getHosts()) + "/" + database + query;
    }





}
