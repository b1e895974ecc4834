package cn.kcbx.benchmark;

import cn.kcbx.benchmark.FictionalCaseHistories.County;
import cn.kcbx.benchmark.FictionalCaseHistories.Histories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.projection.ProjectionEventHandler;
import cn.kcbx.query.projection.ProjectionRebuilder;
import cn.kcbx.query.projection.ProjectionRegistry;
import cn.kcbx.query.projection.ReadSideWrites;
import cn.kcbx.query.projection.RebuildStatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static cn.kcbx.benchmark.BenchmarkReport.mib;
import static cn.kcbx.benchmark.BenchmarkReport.say;
import static cn.kcbx.benchmark.BenchmarkReport.seconds;
import static cn.kcbx.benchmark.BenchmarkReport.sizeOf;

/**
 * How fast the read side rebuilds every projection from the event store, as an administrator starts it (issue 17:
 * at least 20,000 events/s), and whether the rebuild gives exactly what live processing gave. Not a test: run it by
 * hand (README.md); {@code RebuildBenchmarkStillRunsTest} runs it in miniature.
 *
 * <ol>
 *   <li>Starts the query service ({@link QueryServiceApplication}, its own configuration; the collections a rebuild
 *       switches away from are kept for the comparison) in-process on a fresh embedded store in a temporary
 *       directory.</li>
 *   <li>Stops the live processor and appends invented case histories of two counties ({@link FictionalCaseHistories},
 *       about ten events per case) straight through the context's {@link EventStorageEngine}: one event per commit,
 *       as the case service stores them.</li>
 *   <li>Unless {@code bench.live=false}: starts the live processor and waits until it has folded the whole store
 *       (timed too: that is the live fold the rebuild must equal).</li>
 *   <li>Signs in as an administrator and {@code POST /api/admin/projections/rebuild}, then polls the rebuild's status
 *       (what {@code GET /api/admin/projections} shows, read in-process) until it has COMPLETED; prints events/s, wall time and heap beside
 *       the target, with what the busiest threads were doing.</li>
 *   <li>Compares every projection's rebuilt collection with the one live processing wrote, document by document
 *       (sorted by {@code _id}), as {@code QueryServiceApplicationTest} compares a rebuild with a fold of all events.</li>
 * </ol>
 */
public final class RebuildBenchmark {

    static final double TARGET_EVENTS_PER_SECOND = 20_000;
    static final String COUNTY = "439951";
    static final String OTHER_COUNTY = "439952";

    private final int cases = Integer.getInteger("bench.cases", 1000);
    private final int months = Integer.getInteger("bench.months", 18);
    private final long seed = Long.getLong("bench.seed", 17);
    private final int loadThreads = Integer.getInteger("bench.loadThreads", 4);
    private final boolean live = Boolean.parseBoolean(System.getProperty("bench.live", "true"));
    private final int timeoutMinutes = Integer.getInteger("bench.timeoutMinutes", 120);

    private final ConfigurableApplicationContext context;
    private final String backend;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                                              .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final List<String> profileLines = new ArrayList<>();
    private String token;

    /** The comparison of one projection's rebuilt collection with the live one. */
    record Comparison(String projection, String liveCollection, String rebuiltCollection, long liveDocuments,
                      long rebuiltDocuments, long differing, String firstDifference) {

        boolean equal() {
            return differing == 0 && liveDocuments == rebuiltDocuments;
        }
    }

    /** What a run measured. */
    record Result(long events, long head, double appendSeconds, Double liveSeconds, long rebuildEvents,
                  double rebuildSeconds, double cpuSeconds, String state, List<Comparison> comparisons, String loadAtStart,
                  String loadAtEnd) {

        double eventsPerSecond() {
            return rebuildEvents / rebuildSeconds;
        }
    }

    private RebuildBenchmark(ConfigurableApplicationContext context, String backend) {
        this.context = context;
        this.backend = backend;
        this.json = context.getBean(ObjectMapper.class);
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    public static void main(String[] args) throws Exception {
        Result result = runInTemporaryStore();
        System.exit("COMPLETED".equals(result.state()) ? 0 : 1);
    }

    /** Starts the query service on a fresh embedded store in a temporary directory, runs, prints, cleans up. */
    static Result runInTemporaryStore() throws Exception {
        String loadAtStart = loadAverage();
        try (TemporaryReadSide readSide = TemporaryReadSide.start(
                "kcbx-rebuild-bench-",
                // The live collections stay until the comparison is done.
                "--kcbx.query.projections.old-collection-drop-delay=PT24H",
                "--logging.level.cn.kcbx.query.projection.ProjectionRebuilder=INFO")) {
            String backend = "embedded mongo-java-server (H2 MVStore file, synced group commit) in-process, data file "
                    + readSide.store.dataFile();
            return new RebuildBenchmark(readSide.context, backend).run(loadAtStart, readSide.directory);
        }
    }

    private Result run(String loadAtStart, Path directory) throws Exception {
        say("kcbx rebuild benchmark: every projection rebuilt from the event store, as an administrator starts it");
        say("date    : %s", Instant.now());
        say("machine : %d cores, %s %s, Java %s, max heap %s", Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
            mib(Runtime.getRuntime().maxMemory()));
        say("load avg: %s (1, 5, 15 min) at the start", loadAtStart);
        say("backend : %s", backend);
        say("settings: kcbx.query.batch-size=%s, segments=%s", context.getEnvironment().getProperty("kcbx.query.batch-size"),
            context.getEnvironment().getProperty("kcbx.query.segments"));

        PooledStreamingEventProcessor processor = context.getBean(EventProcessingConfiguration.class)
                .eventProcessor(ProjectionEventHandler.PROCESSING_GROUP, PooledStreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no processor " + ProjectionEventHandler.PROCESSING_GROUP));
        processor.shutDown();

        long generating = System.nanoTime();
        Clock clock = context.getBean(Clock.class);
        FictionalCaseHistories generator = new FictionalCaseHistories(seed, clock.instant(), months);
        List<County> counties = List.of(FictionalCaseHistories.county(COUNTY, "云岭县", seed),
                                        FictionalCaseHistories.county(OTHER_COUNTY, "石溪县", seed));
        Histories histories = generator.histories(counties, List.of(cases - cases / 2, cases / 2), 0.10);
        say("generated %,d events of %,d cases (%,d visits, %,d entered late) in %.1f s", histories.events(), cases,
            histories.visits(), histories.lateVisits(), seconds(generating));

        long appending = System.nanoTime();
        append(histories);
        double appendSeconds = seconds(appending);
        ProjectionRebuilder rebuilder = context.getBean(ProjectionRebuilder.class);
        long head = rebuilder.headPosition();
        say("appended %,d events in %.1f s (%,.0f events/s, %d threads, one event per commit); head at %,d",
            histories.events(), appendSeconds, histories.events() / appendSeconds, loadThreads, head);

        Double liveSeconds = null;
        if (live) {
            long catchingUp = System.nanoTime();
            processor.start();
            awaitLivePosition(rebuilder, head, catchingUp);
            liveSeconds = seconds(catchingUp);
            say("live processing folded the store from nothing in %.1f s = %,.0f events/s (load avg %s)",
                liveSeconds, head / liveSeconds, loadAverage());
        } else {
            say("bench.live=false: no live fold, nothing to compare the rebuild with (the processor starts with it)");
        }

        signIn();
        ProjectionRegistry registry = context.getBean(ProjectionRegistry.class);
        Map<String, String> liveCollections = new LinkedHashMap<>();
        registry.names().forEach(name -> liveCollections.put(name, registry.activeCollectionName(name)));
        System.gc();
        MemoryUsage heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String loadBeforeRebuild = loadAverage();

        long cpuBefore = processCpuNanos();
        long started = System.nanoTime();
        JsonNode status;
        long peakHeap = 0;
        try (ReadProfile profile = new ReadProfile(null, 50)) {
            HttpResponse<String> accepted = send("POST", "/api/admin/projections/rebuild");
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("rebuild → " + accepted.statusCode() + " " + accepted.body());
            }
            String rebuildId = json.readTree(accepted.body()).path("rebuildId").asText();
            long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
            long lastReport = System.nanoTime();
            while (true) {
                status = lastRebuild(rebuildId);
                peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                if (!status.path("state").asText().equals("RUNNING")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the rebuild did not finish within " + timeoutMinutes + " min: "
                                                            + status);
                }
                if (System.nanoTime() - lastReport > 15_000_000_000L) {
                    say("  rebuilding: %,d events applied, position %s, after %.0f s", status.path("eventsApplied")
                            .asLong(), status.path("position").asText(), seconds(started));
                    lastReport = System.nanoTime();
                }
                Thread.sleep(100);
            }
            profileLines.add("busy threads during the rebuild (average number busy, sampled at 20 Hz):");
            profile.others().entrySet().stream().limit(12).forEach(e -> profileLines.add(
                    String.format(Locale.ROOT, "    %5.2f  %s", e.getValue(), e.getKey())));
        }
        double rebuildSeconds = seconds(started);
        double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
        MemoryUsage heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        String state = status.path("state").asText();
        long applied = status.path("eventsApplied").asLong();
        String loadAfterRebuild = loadAverage();

        List<Comparison> comparisons = new ArrayList<>();
        if (live && state.equals("COMPLETED")) {
            MongoDatabase database = context.getBean(ReadSideWrites.class).database();
            for (Map.Entry<String, String> entry : liveCollections.entrySet()) {
                comparisons.add(compare(database, entry.getKey(), entry.getValue(),
                                        registry.activeCollectionName(entry.getKey())));
            }
        }

        say("");
        say("================================================================================================");
        say("RESULT  rebuild of every projection (%s) from %,d stored events", String.join(", ", registry.names()),
            head);
        say("state %s: %,d events applied in %.1f s wall time (POST to COMPLETED) = %,.0f events/s; "
                    + "target %,.0f events/s (%.1f %% of it)", state, applied, rebuildSeconds, applied / rebuildSeconds,
            TARGET_EVENTS_PER_SECOND, 100 * applied / rebuildSeconds / TARGET_EVENTS_PER_SECOND);
        say("CPU: %.1f s of this process's CPU time during the rebuild (%.2f cores busy on average; %.0f µs per event): "
                    + "the store runs in this process too", cpuSeconds, cpuSeconds / rebuildSeconds,
            cpuSeconds * 1e6 / Math.max(1, applied));
        say("heap: %s used before (after GC), peak seen %s, %s at the end (committed %s, max %s)",
            mib(heapBefore.getUsed()), mib(peakHeap), mib(heapAfter.getUsed()), mib(heapAfter.getCommitted()),
            mib(heapAfter.getMax()));
        say("load average (1, 5, 15 min): %s at the start, %s before the rebuild, %s after it; %d cores",
            loadAtStart, loadBeforeRebuild, loadAfterRebuild, Runtime.getRuntime().availableProcessors());
        if (liveSeconds != null) {
            say("live fold of the same store: %.1f s = %,.0f events/s", liveSeconds, head / liveSeconds);
        }
        say("data directory %s", mib(sizeOf(directory)));
        for (Comparison comparison : comparisons) {
            say("  %-14s rebuilt %-22s %,9d documents, live %-22s %,9d: %s", comparison.projection(),
                comparison.rebuiltCollection(), comparison.rebuiltDocuments(), comparison.liveCollection(),
                comparison.liveDocuments(), comparison.equal() ? "EQUAL"
                        : comparison.differing() + " DIFFER, first: " + comparison.firstDifference());
        }
        if (!comparisons.isEmpty()) {
            say("rebuild == live: %s", comparisons.stream().allMatch(Comparison::equal) ? "yes, every projection"
                    : "NO");
        }
        say("");
        profileLines.forEach(BenchmarkReport::say);
        return new Result(histories.events(), head, appendSeconds, liveSeconds, applied, rebuildSeconds, cpuSeconds, state,
                          List.copyOf(comparisons), loadAtStart, loadAfterRebuild);
    }

    /** Both collections read in {@code _id} order side by side, each document compared whole. */
    private static Comparison compare(MongoDatabase database, String projection, String liveName, String rebuiltName) {
        MongoCollection<Document> liveCollection = database.getCollection(liveName);
        MongoCollection<Document> rebuilt = database.getCollection(rebuiltName);
        long liveCount = 0;
        long rebuiltCount = 0;
        long differing = 0;
        String first = null;
        if (liveName.equals(rebuiltName)) {
            return new Comparison(projection, liveName, rebuiltName, 0, 0, 1, "the rebuild did not switch");
        }
        List<Document> liveDocuments = sorted(liveCollection);
        List<Document> rebuiltDocuments = sorted(rebuilt);
        liveCount = liveDocuments.size();
        rebuiltCount = rebuiltDocuments.size();
        for (int i = 0; i < Math.max(liveDocuments.size(), rebuiltDocuments.size()); i++) {
            Document a = i < liveDocuments.size() ? liveDocuments.get(i) : null;
            Document b = i < rebuiltDocuments.size() ? rebuiltDocuments.get(i) : null;
            if (a == null || !a.equals(b)) {
                differing++;
                if (first == null) {
                    first = "live " + abbreviated(a) + " / rebuilt " + abbreviated(b);
                }
            }
        }
        return new Comparison(projection, liveName, rebuiltName, liveCount, rebuiltCount, differing, first);
    }

    private static List<Document> sorted(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        // Sorted here, by the string form (every key is a string), as the read-side test compares them.
        documents.sort(Comparator.comparing(document -> String.valueOf(document.get("_id"))));
        return documents;
    }

    private static String abbreviated(Document document) {
        if (document == null) {
            return "(none)";
        }
        String text = document.toJson();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private void awaitLivePosition(ProjectionRebuilder rebuilder, long head, long since) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        long lastReport = System.nanoTime();
        while (rebuilder.livePosition().orElse(-1L) < head) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("live processing did not catch up within " + timeoutMinutes + " min");
            }
            if (System.nanoTime() - lastReport > 15_000_000_000L) {
                say("  live: position %,d of %,d after %.0f s", rebuilder.livePosition().orElse(-1L), head,
                    seconds(since));
                lastReport = System.nanoTime();
            }
            Thread.sleep(50);
        }
    }

    private void append(Histories histories) throws Exception {
        long started = System.nanoTime();
        int total = histories.caseEvents().size();
        HistoryLoader.append(context.getBean(EventStorageEngine.class), histories, loadThreads, 50_000,
                             done -> say("  appended %,d of %,d events (%.0f s)", done, total, seconds(started)));
    }

    private void signIn() throws Exception {
        Actor admin = new Actor("bench.admin", Actor.Role.ADMIN, COUNTY);
        token = ApiSignIn.token(context, http, json, baseUrl, admin, "系统管理员（基准测试）");
    }

    /**
     * The rebuild's status as {@code GET /api/admin/projections} shows it, read in-process: that endpoint also looks up
     * the head of the store (a few hundred indexed probes on the embedded store), which polled a few times a second
     * would compete with the rebuild it watches.
     */
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

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                                                 .header("Authorization", "Bearer " + token);
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------------- helpers

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }





}
