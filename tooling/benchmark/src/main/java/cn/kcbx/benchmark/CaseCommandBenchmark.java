package cn.kcbx.benchmark;

import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.caseservice.command.CaseCommandService;
import cn.kcbx.caseservice.command.RequestOrigin;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.time.DateRules;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Command throughput of the case service, in-process, on its default store (the embedded mongo-java-server with the
 * H2 MVStore file backend), compared with raw MongoDB-driver {@code insertOne} of a commit-sized document on the same
 * server, at two store sizes. Not a test: run it by hand (see README.md).
 *
 * <p>Per store size ("round"): set up fresh cases for log-visit through real commands (identify, confirm, assign
 * trio), preload the event store up to the target size by appending synthetic but realistic commits straight through
 * the {@link EventStorageEngine} (in parallel; commands would take too long), then measure raw insertOne, identify and
 * log-visit with 1 and with 8 client threads, each for a fixed time after a warm-up.
 */
public final class CaseCommandBenchmark {

    /** The fictional students live in six counties; each county's own clerk may take every step of its cases. */
    private static final Map<String, Actor> COUNTY_CLERKS = new ConcurrentHashMap<>();
    private static final RequestOrigin ORIGIN = new RequestOrigin("web", "10.20.30.40");
    private static final String SCRATCH = "bench_scratch";
    private static final String RAW = CommandTargets.RAW;
    private static final String RAW_INDEXED = "raw +2 uniq idx";
    private static final int EVENTS_PER_SYNTHETIC_CASE = 10;

    // Seconds, fractions allowed (the build's miniature run measures a fraction of a second per row).
    private final double warmupSeconds = secondsProperty("bench.warmup", 3);
    private final double measureSeconds = secondsProperty("bench.measure", 10);
    private final double jitWarmupSeconds = secondsProperty("bench.jitWarmup", 8);
    private final long[] sizes = longs(System.getProperty("bench.sizes", "10000,200000"));
    private final int[] threadCounts = Arrays.stream(longs(System.getProperty("bench.threads", "1,8")))
                                             .mapToInt(l -> (int) l).toArray();
    private final int visitCases = Integer.getInteger("bench.visitCases", 400);
    private final int preloadThreads = Integer.getInteger("bench.preloadThreads", 4);

    private final ConfigurableApplicationContext context;
    private final CaseCommandService service;
    private final GapFreeMongoEventStorageEngine engine;
    private final MongoCollection<Document> scratch;
    /** Who set up each log-visit case: its county's clerk. */
    private final Map<String, Actor> clerkOfCase = new ConcurrentHashMap<>();
    private final FictionalCases cases;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> diagnostics = new ArrayList<>();
    private String aggregateType = "DropoutCase";
    private Document rawTemplate;
    private final long startNanos = System.nanoTime();
    private final LongAdder visitsLogged = new LongAdder();
    private long poolVisitsAtRoundStart;

    record Row(String scenario, String storeLabel, long storeEventsAtStart, int threads, long ops, double seconds,
               long errors, double cpuCores, double gcSeconds) {

        double opsPerSecond() {
            return ops / seconds;
        }
    }

    private CaseCommandBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        this.service = context.getBean(CaseCommandService.class);
        this.engine = (GapFreeMongoEventStorageEngine) context.getBean(EventStorageEngine.class);
        this.scratch = context.getBean(MongoDatabaseFactory.class).getMongoDatabase().getCollection(SCRATCH);
        this.cases = new FictionalCases(LocalDate.now(DateRules.CHINA_ZONE));
    }

    public static void main(String[] args) throws Exception {
        runInTemporaryStore();
        System.exit(0);
    }

    /**
     * Starts the case service on a new embedded store in a temporary directory, runs every round, prints the
     * results and deletes the directory. The settings come from the {@code bench.*} system properties.
     */
    static List<Row> runInTemporaryStore() throws Exception {
        Path dataDirectory = temporaryDirectory("kcbx-bench-");
        ConfigurableApplicationContext context = CaseServiceApplication.builder()
                .sources(BenchmarkWiring.class)
                .run("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                     "--kcbx.embedded-mongo.port=0",
                     "--server.port=0",
                     "--kcbx.case.student-key-secret=benchmark-only-secret",
                     "--logging.level.root=WARN",
                     "--logging.level.cn.kcbx=WARN");
        try {
            CaseCommandBenchmark benchmark = new CaseCommandBenchmark(context);
            benchmark.run(dataDirectory);
            return List.copyOf(benchmark.rows);
        } finally {
            context.close();
            deleteRecursively(dataDirectory);
        }
    }

    /**
     * A new directory for a benchmark's store, under {@code bench.dataDirectory} when set (the build's miniature runs
     * put it in memory, where a sync costs nothing), else in the system's temporary directory.
     */
    static Path temporaryDirectory(String prefix) throws IOException {
        String parent = System.getProperty("bench.dataDirectory");
        return parent == null ? Files.createTempDirectory(prefix) : Files.createTempDirectory(Path.of(parent), prefix);
    }

    private static double secondsProperty(String name, double otherwise) {
        String value = System.getProperty(name);
        return value == null ? otherwise : Double.parseDouble(value);
    }

    private void run(Path dataDirectory) throws Exception {
        EmbeddedMongoServer server = context.getBean(EmbeddedMongoServer.class);
        say("kcbx case-service command benchmark");
        say("machine : %d cores (Runtime.availableProcessors), %s %s, Java %s (%s), max heap %s",
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
            System.getProperty("java.version"), System.getProperty("java.vm.name"), mib(Runtime.getRuntime().maxMemory()));
        say("backend : embedded mongo-java-server %s (H2 MVStore file backend) on 127.0.0.1:%d, data file %s",
            de.bwaldvogel.mongo.MongoServer.class.getPackage().getImplementationVersion() == null ? "1.47.0"
                    : de.bwaldvogel.mongo.MongoServer.class.getPackage().getImplementationVersion(),
            server.port(), server.dataFile());
        say("event store: %s; client calls in-process through CaseCommandService (Axon SimpleCommandBus, no cache)",
            engine.getClass().getSimpleName());
        say("timing  : %s s warm-up + %s s measured per row; threads %s; store sizes %s; today (Asia/Shanghai) %s",
            warmupSeconds, measureSeconds, Arrays.toString(threadCounts), Arrays.toString(sizes), cases.today());

        for (int round = 0; round < sizes.length; round++) {
            long target = sizes[round];
            String label = "~" + (target >= 1000 ? target / 1000 + "k" : String.valueOf(target));
            say("");
            say("=== round %d: store size %s events ===", round + 1, label);
            List<String> visitPool = setUpVisitCases(visitCases);
            if (rawTemplate == null) {
                rawTemplate = sampleCommit(visitPool.get(0));
                jitWarmUp(setUpVisitCases(40));
            }
            preloadTo(target);
            long storeEvents = storedEvents();
            say("stored events now: %,d", storeEvents);
            probeReads(label, visitPool.get(1));
            poolVisitsAtRoundStart = visitsLogged.sum();
            for (int threads : threadCounts) {
                rows.add(measureRawInsert(label, storeEvents, threads, false));
                rows.add(measureRawInsert(label, storeEvents, threads, true));
                rows.add(measureCommands("identify", label, storeEvents, threads, this::identifyOnce));
                long visitsBefore = visitsLogged.sum();
                rows.add(measureCommands("log-visit", label, storeEvents, threads,
                                         (t, i) -> logVisitOnce(visitPool, threads, t, i)));
                diagnostics.add(String.format(Locale.ROOT,
                        "    log-visit cases (fresh pool of %d per round): %.1f commits per case before this row, "
                                + "%.1f after (an aggregate load reads the whole history; snapshots only every 50 events)",
                        visitPool.size(), 3 + (visitsBefore - poolVisitsAtRoundStart) / (double) visitPool.size(),
                        3 + (visitsLogged.sum() - poolVisitsAtRoundStart) / (double) visitPool.size()));
            }
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            say("heap after round %d (after System.gc()): used %s, committed %s, max %s", round + 1,
                mib(heap.getUsed()), mib(heap.getCommitted()), mib(heap.getMax()));
            diagnostics.add(String.format(Locale.ROOT, "heap after round %s: used %s of committed %s (max %s)", label,
                                          mib(heap.getUsed()), mib(heap.getCommitted()), mib(heap.getMax())));
        }
        printSummary(dataDirectory);
    }

    // ------------------------------------------------------------------------------------------------- the operations

    private void identifyOnce(int thread, long iteration) {
        IdentifyCase command = cases.identify(UUID.randomUUID().toString(), (int) (iteration % 30));
        service.identify(command, UUID.randomUUID().toString(), clerkFor(command), ORIGIN);
    }

    private void logVisitOnce(List<String> pool, int threads, int thread, long iteration) {
        int perThread = pool.size() / threads;
        String caseId = pool.get(thread + threads * (int) (iteration % perThread));
        LogVisit visit = FictionalCases.visit(caseId, 1 + (int) (iteration % 20));
        service.execute(visit, UUID.randomUUID().toString(), clerkOfCase.get(caseId), ORIGIN);
        visitsLogged.increment();
    }

    private static Actor clerkFor(IdentifyCase identify) {
        String county = identify.household().village().value().substring(0, 6);
        return COUNTY_CLERKS.computeIfAbsent(county,
                code -> new Actor("bench-county-clerk-" + code, Actor.Role.COUNTY, code));
    }

    // ------------------------------------------------------------------------------------------------- setup

    /** Identifies, confirms and gives a trio to {@code count} new cases through the command service. */
    private List<String> setUpVisitCases(int count) throws Exception {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        AtomicLong serial = new AtomicLong();
        parallel(4, count, i -> {
            String caseId = ids.get(i);
            LocalDate today = LocalDate.now(DateRules.CHINA_ZONE);
            IdentifyCase identify = cases.identify(caseId, 30);
            Actor clerk = clerkFor(identify);
            clerkOfCase.put(caseId, clerk);
            service.identify(identify, UUID.randomUUID().toString(), clerk, ORIGIN);
            service.execute(FictionalCases.confirm(caseId, today.minusDays(28)), UUID.randomUUID().toString(),
                            clerk, ORIGIN);
            AssignTrio trio = FictionalCases.assignTrio(caseId, serial.incrementAndGet(), today.minusDays(27));
            service.execute(trio, UUID.randomUUID().toString(), clerk, ORIGIN);
        });
        say("setup: %d cases identified, confirmed and given a trio through CaseCommandService (%d commands, %.1f s)",
            count, 3 * count, seconds(started));
        return ids;
    }

    /** A real commit written by the identify command: the template of the raw insertOne rows and of the preload. */
    private Document sampleCommit(String caseId) {
        Document commit = engine.eventsCollection()
                                .find(Filters.eq("streamKey", caseId + "/0"))
                                .first();
        if (commit == null) {
            throw new IllegalStateException("no commit found for case " + caseId);
        }
        aggregateType = commit.getString("aggregateType");
        say("sample commit (CaseIdentified, written by the identify command): %,d bytes BSON; aggregateType %s",
            bsonSize(commit), aggregateType);
        Document template = new Document(commit);
        template.remove("_id");
        return template;
    }

    /** Appends synthetic case histories through the storage engine until the store holds {@code target} events. */
    private void preloadTo(long target) throws Exception {
        long have = storedEvents();
        if (have >= target) {
            say("preload: store already holds %,d events (target %,d)", have, target);
            return;
        }
        int caseCount = (int) ((target - have + EVENTS_PER_SYNTHETIC_CASE - 1) / EVENTS_PER_SYNTHETIC_CASE);
        say("preload: appending %,d synthetic cases x %d commits (CaseIdentified, DropoutConfirmed, TrioAssigned, "
                    + "7 x VisitLogged; one event per commit, with request metadata) straight through "
                    + "EventStorageEngine.appendEvents, %d threads in parallel - not through commands",
            caseCount, EVENTS_PER_SYNTHETIC_CASE, preloadThreads);
        long started = System.nanoTime();
        LongAdder appended = new LongAdder();
        BenchmarkWiring.CALL_STATS.start();
        ExecutorService progress = Executors.newSingleThreadExecutor();
        Future<?> reporter = progress.submit(() -> {
            long total = (long) caseCount * EVENTS_PER_SYNTHETIC_CASE;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(15_000);
                } catch (InterruptedException e) {
                    return;
                }
                long done = appended.sum();
                say("  preload %,d / %,d commits (%.0f commits/s)", done, total, done / seconds(started));
            }
        });
        try {
            parallel(preloadThreads, caseCount, i -> {
                appendSyntheticCase();
                appended.add(EVENTS_PER_SYNTHETIC_CASE);
            });
        } finally {
            reporter.cancel(true);
            progress.shutdownNow();
            BenchmarkWiring.CALL_STATS.stop();
        }
        double secs = seconds(started);
        long commits = appended.sum();
        Map<String, MongoCallStats.Totals> calls = BenchmarkWiring.CALL_STATS.totals();
        MongoCallStats.Totals inserts = calls.getOrDefault("insert events", new MongoCallStats.Totals(0, 0, 0));
        say("preload: %,d commits in %.1f s = %,.0f commits/s; event inserts %,d (%,d duplicate-key retries), "
                    + "mean insert round trip %.3f ms",
            commits, secs, commits / secs, inserts.calls(), inserts.duplicateKeyErrors(),
            inserts.calls() == 0 ? 0 : inserts.nanos() / 1e6 / inserts.calls());
        diagnostics.add(String.format(Locale.ROOT,
                "preload to %,d events: %,d commits via EventStorageEngine.appendEvents with %d threads, %.0f commits/s, "
                        + "%,d duplicate-key retries, mean insert %.3f ms", target, commits, preloadThreads,
                commits / secs, inserts.duplicateKeyErrors(), inserts.calls() == 0 ? 0 : inserts.nanos() / 1e6 / inserts.calls()));
    }

    private void appendSyntheticCase() {
        String caseId = UUID.randomUUID().toString();
        IdentifyCase identify = cases.identify(caseId, 25);
        LocalDate identifiedOn = identify.identifiedOn();
        List<Object> payloads = new ArrayList<>();
        payloads.add(new CaseIdentified(caseId, identify.source(), identify.sourceNote(), identifiedOn,
                                        identify.student(), identify.household(), identify.lastSchool(),
                                        identify.priorityCategories(), identify.suspectedReasons()));
        payloads.add(new DropoutConfirmed(caseId, identifiedOn.plusDays(2),
                                          FictionalCases.confirm(caseId, identifiedOn.plusDays(2)).note()));
        AssignTrio trio = FictionalCases.assignTrio(caseId, caseId.hashCode() & 0x7fffffff, identifiedOn.plusDays(2));
        payloads.add(new TrioAssigned(caseId, trio.assignedOn(), trio.teacher(), trio.villageCadre(),
                                      trio.guardian()));
        for (int visit = 1; visit <= EVENTS_PER_SYNTHETIC_CASE - 3; visit++) {
            LogVisit v = FictionalCases.visit(caseId, 22 - 3 * visit);
            payloads.add(new VisitLogged(caseId, v.visitId(), visit, v.visitedOn(), v.trioParticipants(),
                                         v.otherParticipants(), v.method(), v.outcome(), v.notes(), v.nextStep(),
                                         v.nextVisitPlannedOn()));
        }
        String[] commands = {"IdentifyCase", "ConfirmDropout", "AssignTrio"};
        Actor clerk = clerkFor(identify);
        for (int sequence = 0; sequence < payloads.size(); sequence++) {
            Map<String, Object> metaData = new HashMap<>();
            metaData.put("requestId", UUID.randomUUID().toString());
            metaData.put("actorId", clerk.userId());
            metaData.put("actorRole", clerk.role().name());
            metaData.put("actorUnit", clerk.unitCode());
            metaData.put("channel", ORIGIN.channel());
            metaData.put("origin", ORIGIN.clientAddress());
            metaData.put("command", sequence < 3 ? commands[sequence] : "LogVisit");
            metaData.put("traceId", UUID.randomUUID().toString());
            metaData.put("correlationId", UUID.randomUUID().toString());
            EventMessage<?> event = new GenericDomainEventMessage<>(aggregateType, caseId, sequence,
                                                                    payloads.get(sequence), metaData);
            engine.appendEvents(List.of(event));
        }
    }

    /** Runs the command paths for a few seconds before anything is measured, so the first rows are not JIT-bound. */
    private void jitWarmUp(List<String> visitPool) throws Exception {
        long started = System.nanoTime();
        long deadline = started + (long) (jitWarmupSeconds * 1e9);
        AtomicLong iterations = new AtomicLong();
        parallel(2, 2, t -> {
            for (long i = 0; System.nanoTime() < deadline; i++) {
                identifyOnce(t, i);
                logVisitOnce(visitPool, 2, t, i);
                iterations.incrementAndGet();
            }
        });
        say("JIT warm-up: %,d identify + %,d log-visit commands in %.1f s (2 threads)", iterations.get(),
            iterations.get(), seconds(started));
    }

    /**
     * Single-threaded timings of the event store's read shapes on the events collection as it is now: the
     * request-id lookup every command makes, and the per-case streamKey {@code $in} lookup of an aggregate load with
     * the configured 64-key window and with smaller windows (what a smaller readWindow setting would send).
     */
    private void probeReads(String label, String caseId) {
        MongoCollection<Document> events = engine.eventsCollection();
        String requestId = events.find(Filters.eq("streamKey", caseId + "/0")).first().getString("requestId");
        List<String> lines = new ArrayList<>();
        lines.add("read probes on the events collection, store " + label + " (1 thread, 400 calls each, mean):");
        lines.add(probe(events, "find {requestId} (eq, 1 key)", Filters.eq("requestId", requestId)));
        for (int window : new int[] {64, 16, 8}) {
            List<String> keys = new ArrayList<>();
            for (int sequence = 0; sequence < window; sequence++) {
                keys.add(caseId + "/" + sequence);
            }
            lines.add(probe(events, "find {streamKey:$in[" + window + "]}", Filters.in("streamKey", keys)));
        }
        lines.forEach(CaseCommandBenchmark::say);
        diagnostics.add(String.join(System.lineSeparator(), lines));
    }

    private static String probe(MongoCollection<Document> events, String what, org.bson.conversions.Bson filter) {
        int found = 0;
        for (int i = 0; i < 100; i++) {
            found = events.find(filter).into(new ArrayList<>()).size();
        }
        long started = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            events.find(filter).into(new ArrayList<>());
        }
        return String.format(Locale.ROOT, "    %-34s %7.3f ms  (%d documents)", what,
                             (System.nanoTime() - started) / 1e6 / 400, found);
    }

    private long storedEvents() {
        GlobalSequenceTrackingToken head = (GlobalSequenceTrackingToken) engine.createHeadToken();
        return head == null ? 0 : head.getGlobalIndex();
    }

    // ------------------------------------------------------------------------------------------------- measuring

    @FunctionalInterface
    interface Operation {
        void run(int thread, long iteration) throws Exception;
    }

    /**
     * Raw driver insertOne of a copy of a real commit into a fresh scratch collection; with {@code indexed}, the
     * scratch collection first gets the same two unique sparse indexes as the events collection (streamKey,
     * requestId), and every copy gets its own values for them.
     */
    private Row measureRawInsert(String label, long storeEvents, int threads, boolean indexed) throws Exception {
        dropScratch();
        AtomicLong ids = new AtomicLong();
        if (indexed) {
            scratch.createIndex(Indexes.ascending("streamKey"), new IndexOptions().unique(true).sparse(true));
            scratch.createIndex(Indexes.ascending("requestId"), new IndexOptions().unique(true).sparse(true));
            return measure(RAW_INDEXED, label, storeEvents, threads, false, (t, i) -> {
                long id = ids.incrementAndGet();
                Document document = new Document(rawTemplate);
                document.put("_id", id);
                document.put("streamKey", rawTemplate.getString("aggregateId") + "/" + id);
                document.put("requestId", "bench-" + id);
                scratch.insertOne(document);
            });
        }
        return measure(RAW, label, storeEvents, threads, false, (t, i) -> {
            Document document = new Document(rawTemplate);
            document.put("_id", ids.incrementAndGet());
            scratch.insertOne(document);
        });
    }

    /** A fresh scratch collection for every raw row (dropping a missing collection makes the server log an error). */
    private void dropScratch() {
        MongoDatabase database = context.getBean(MongoDatabaseFactory.class).getMongoDatabase();
        if (database.listCollectionNames().into(new ArrayList<>()).contains(SCRATCH)) {
            scratch.drop();
        }
    }

    private Row measureCommands(String scenario, String label, long storeEvents, int threads, Operation op)
            throws Exception {
        return measure(scenario, label, storeEvents, threads, true, op);
    }

    private Row measure(String scenario, String label, long storeEvents, int threads, boolean diagnose, Operation op)
            throws Exception {
        AtomicInteger phase = new AtomicInteger(); // 0 warm-up, 1 measuring, 2 stop
        LongAdder ops = new LongAdder();
        LongAdder errors = new LongAdder();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                long iteration = 0;
                while (phase.get() < 2) {
                    try {
                        op.run(thread, iteration++);
                        if (phase.get() == 1) {
                            ops.increment();
                        }
                    } catch (Throwable e) {
                        errors.increment();
                        firstError.compareAndSet(null, e);
                    }
                }
            }, "bench-" + scenario.replace(' ', '-') + "-" + t));
        }
        workers.forEach(Thread::start);
        Thread.sleep((long) (warmupSeconds * 1000));
        long cpuBefore = processCpuNanos();
        long gcBefore = gcMillis();
        BenchmarkWiring.CALL_STATS.start();
        StackSampler sampler = diagnose ? new StackSampler(workers, 20) : null;
        long started = System.nanoTime();
        phase.set(1);
        Thread.sleep((long) (measureSeconds * 1000));
        phase.set(2);
        double secs = seconds(started);
        BenchmarkWiring.CALL_STATS.stop();
        if (sampler != null) {
            sampler.close();
        }
        long cpu = processCpuNanos() - cpuBefore;
        long gc = gcMillis() - gcBefore;
        for (Thread worker : workers) {
            worker.join(60_000);
        }
        Row row = new Row(scenario, label, storeEvents, threads, ops.sum(), secs, errors.sum(), cpu / 1e9 / secs,
                          gc / 1000.0);
        say("  %-15s %2d thread(s): %,8d ops in %5.2f s = %,9.1f ops/s  (mean %.2f ms/op, process CPU %.2f cores, "
                    + "GC %.2f s%s)", scenario, threads, row.ops(), secs, row.opsPerSecond(),
            row.ops() == 0 ? 0 : threads * secs * 1000 / row.ops(), row.cpuCores(), row.gcSeconds(),
            errors.sum() == 0 ? "" : ", " + errors.sum() + " ERRORS, first: " + firstError.get());
        for (Throwable cause = firstError.get(); cause != null; cause = cause.getCause()) {
            say("    caused by %s", cause);
        }
        recordCallBreakdown(row, sampler);
        return row;
    }

    /** Database round trips per operation by kind, and where the client and server threads spent their time. */
    private void recordCallBreakdown(Row row, StackSampler sampler) {
        if (row.ops() == 0) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s, store %s (%,d events), %d thread(s): %,.1f ops/s", row.scenario(),
                                row.storeLabel(), row.storeEventsAtStart(), row.threads(), row.opsPerSecond()));
        long allCalls = 0;
        double allMillis = 0;
        for (Map.Entry<String, MongoCallStats.Totals> entry : BenchmarkWiring.CALL_STATS.totals().entrySet()) {
            MongoCallStats.Totals totals = entry.getValue();
            allCalls += totals.calls();
            allMillis += totals.nanos() / 1e6;
            lines.add(String.format(Locale.ROOT, "    %-44s %6.2f calls/op  mean %7.3f ms%s", entry.getKey(),
                                    totals.calls() / (double) row.ops(), totals.nanos() / 1e6 / totals.calls(),
                                    totals.duplicateKeyErrors() == 0 ? ""
                                            : String.format(Locale.ROOT, "  duplicate-key errors %.3f/op",
                                                            totals.duplicateKeyErrors() / (double) row.ops())));
        }
        BenchmarkWiring.CALL_STATS.callers().forEach((kind, byCaller) -> {
            lines.add("      " + kind + " sent by:");
            byCaller.forEach((caller, count) -> lines.add(String.format(Locale.ROOT, "        %6.2f/op  %s",
                                                                         count / (double) row.ops(), caller)));
        });
        double opMillis = row.threads() * row.seconds() * 1000 / row.ops();
        lines.add(String.format(Locale.ROOT,
                "    total %.2f DB round trips/op, %.2f ms/op in DB calls of %.2f ms/op wall per client thread (%.0f%%)",
                allCalls / (double) row.ops(), allMillis / row.ops(), opMillis,
                100 * allMillis / row.ops() / opMillis));
        if (sampler != null) {
            lines.add("    client threads (stack samples at 50 Hz):");
            sampler.workerShares().entrySet().stream().limit(8).forEach(e -> lines.add(
                    String.format(Locale.ROOT, "      %5.1f%%  %s", 100 * e.getValue(), e.getKey())));
            lines.add("    other threads incl. embedded server (average busy threads):");
            sampler.otherBusyThreads().entrySet().stream().limit(6).forEach(e -> lines.add(
                    String.format(Locale.ROOT, "      %5.2f  %s", e.getValue(), e.getKey())));
        }
        diagnostics.add(String.join(System.lineSeparator(), lines));
    }

    // ------------------------------------------------------------------------------------------------- output

    private void printSummary(Path dataDirectory) throws IOException {
        say("");
        say("================================================================================================");
        say("RESULTS  (%d cores, backend: embedded mongo-java-server + H2 MVStore file; %s s measured after %s s warm-up)",
            Runtime.getRuntime().availableProcessors(), measureSeconds, warmupSeconds);
        say("store size = events in the store when the round began; the events beyond the setup commands were "
                    + "preloaded through EventStorageEngine.appendEvents, not through commands");
        say("ratio = ops/s / raw insertOne ops/s at the same store size and thread count; raw rows insert a copy of a "
                    + "real %,d-byte commit into a fresh scratch collection (\"+2 uniq idx\": with the events "
                    + "collection's two unique sparse indexes)", bsonSize(rawTemplate));
        say("");
        say("%-15s %-6s %12s %8s %9s %8s %11s %10s %9s %s", "scenario", "store", "store events", "threads", "ops",
            "seconds", "ops/s", "ms/op", "ratio", "CPU cores");
        say("-".repeat(105));
        for (Row row : rows) {
            Row raw = rows.stream().filter(r -> r.scenario().equals(RAW)
                                                && r.storeLabel().equals(row.storeLabel()) && r.threads() == row.threads())
                          .findFirst().orElse(null);
            String ratio = row == raw ? "(base)"
                    : raw == null || raw.ops() == 0 ? "-" : String.format(Locale.ROOT, "%.3f",
                                                                          row.opsPerSecond() / raw.opsPerSecond());
            say("%-15s %-6s %,12d %8d %,9d %8.2f %,11.1f %10.2f %9s %5.2f%s", row.scenario(), row.storeLabel(),
                row.storeEventsAtStart(), row.threads(), row.ops(), row.seconds(), row.opsPerSecond(),
                row.ops() == 0 ? 0 : row.threads() * row.seconds() * 1000 / row.ops(), ratio, row.cpuCores(),
                row.errors() == 0 ? "" : "  (" + row.errors() + " errors)");
        }
        say("-".repeat(105));
        say("");
        say("TARGETS  (issue 17: commands near the store's own speed, flat as the store grows; judged within this run)");
        CommandTargets.judge(rows).forEach(verdict -> say("  " + verdict.line()));
        say("");
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        say("JVM heap used now %s (committed %s, max %s); data file %s; total run time %.0f s", mib(heap.getUsed()),
            mib(heap.getCommitted()), mib(heap.getMax()), mib(sizeOf(dataDirectory)), seconds(startNanos));
        say("");
        say("DIAGNOSTICS");
        diagnostics.forEach(CaseCommandBenchmark::say);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    @FunctionalInterface
    interface IndexedTask {
        void run(int index) throws Exception;
    }

    private static void parallel(int threads, int count, IndexedTask task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static int bsonSize(Document document) {
        return new RawBsonDocument(document, MongoClientSettings.getDefaultCodecRegistry().get(Document.class))
                .getByteBuffer().remaining();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1024.0 / 1024.0);
    }

    private static long[] longs(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong)
                     .toArray();
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The benchmark's report: a table for a person at a terminal, so plain standard output, not a log. */
    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
