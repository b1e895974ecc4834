package cn.kcbx.faultharness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * How command throughput changes from one to several case-service processes writing to one store (issue 18): a
 * store-host process (the case service's exec jar with the embedded store, sent no commands) and up to
 * {@code --max-writers} case-service processes that reach the store by URI, as several instances behind one proxy
 * would. For each writer count the same number of client threads log visits on a pool of cases, spread over the
 * writers round-robin; a retryable 409 is resent with the same request id, as the phones do. Prints commands/s, the
 * CPU seconds of every process (from /proc) and the lost races the services decided again
 * ({@code kcbx.commands.lost-race}) or answered 409. Run by {@code deploy/writer-scaling.sh}; see deploy/BENCHMARK.md.
 */
final class WriterScaling {

    private final Path root;
    private final Path runDirectory;
    private final int portBase;
    private final int threads;
    private final int[] writerCounts;
    private final int casePool;
    private final double warmupSeconds;
    private final double measureSeconds;
    private final List<String> jvmOptions;
    private final boolean jitWarmup;

    private WriterScaling(Map<String, String> options) {
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.runDirectory = Path.of(options.getOrDefault("run-dir", root.resolve("tooling/fault-harness/target/runs/writers-"
                + System.currentTimeMillis()).toString())).toAbsolutePath();
        this.portBase = Integer.parseInt(options.getOrDefault("port-base", "18421"));
        this.threads = Integer.parseInt(options.getOrDefault("threads", "6"));
        this.writerCounts = Arrays.stream(options.getOrDefault("writers", "1,2,3").split(","))
                                  .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        this.casePool = Integer.parseInt(options.getOrDefault("cases", "100"));
        this.warmupSeconds = Double.parseDouble(options.getOrDefault("warmup", "5"));
        this.measureSeconds = Double.parseDouble(options.getOrDefault("seconds", "20"));
        this.jitWarmup = Boolean.parseBoolean(options.getOrDefault("jit-warmup", "true"));
        this.jvmOptions = Arrays.stream(options.getOrDefault("service-jvm-options",
                                                             "-Xms128m -Xmx384m -XX:+UseSerialGC").trim().split("\\s+"))
                                .filter(s -> !s.isEmpty()).toList();
    }

    /** {@code --writer-scaling} of the fault-harness jar; options as {@code --name=value}. */
    static int run(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return new WriterScaling(options).measure();
    }

    private record Row(int writers, long commands, double seconds, double cpuSeconds, double storeCpuSeconds,
                       double clientCpuSeconds, long retried, long exhausted, long client409, double appendMillis,
                       double load) {
    }

    private int measure() throws Exception {
        int maxWriters = Arrays.stream(writerCounts).max().orElse(1);
        Path data = runDirectory.resolve("data");
        Files.createDirectories(data);
        Path passwordFile = ServiceCluster.writePasswordFile(runDirectory, Accounts.FIRST_PASSWORD);
        int storePort = portBase;
        int mongoPort = portBase + 1;
        Path jar = caseServiceJar();
        System.out.printf("writer-scaling: %d client threads, writers %s, %d cases, %.0f s warm-up + %.0f s each, load %s%n",
                          threads, Arrays.toString(writerCounts), casePool, warmupSeconds, measureSeconds, loadAverage());
        System.out.println("run directory: " + runDirectory);

        List<String> common = List.of("--kcbx.security.bcrypt-strength=4",
                                      "--kcbx.case.student-key-secret=writer-scaling-student-key-secret-0123456789",
                                      "--kcbx.integrity.checkpoint-interval=0");
        List<String> hostArguments = new ArrayList<>(List.of(
                "--server.port=" + storePort,
                "--kcbx.embedded-mongo.port=" + mongoPort, "--kcbx.embedded-mongo.data-directory=" + data,
                "--kcbx.security.initial-admin.username=" + Accounts.ADMIN,
                "--kcbx.security.initial-admin.unit=" + FictionalCounty.COUNTY,
                "--kcbx.security.initial-admin.password-file=" + passwordFile));
        hostArguments.addAll(common);
        ServiceProcess storeHost = new ServiceProcess("store-host", jar, jvmOptions, hostArguments, storePort,
                                                      runDirectory.resolve("store-host.log"));
        List<ServiceProcess> writers = new ArrayList<>();
        for (int i = 1; i <= maxWriters; i++) {
            int port = apiPort(i);
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=" + port, "--management.server.port=" + (port + 1),
                    "--spring.data.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/kcbx",
                    "--kcbx.privacy.master-key-file=" + data.resolve("kcbx-master.key"),
                    "--kcbx.security.session-key-file=" + data.resolve("kcbx-session.key"),
                    "--kcbx.embedded-mongo.access-key-file=" + data.resolve("kcbx-store-access.key"),
                    "--kcbx.integrity.signing-key-file=" + data.resolve("kcbx-integrity-signing.key"),
                    "--kcbx.case.intake-sealing-key-file=" + data.resolve("kcbx-intake-sealing.key")));
            arguments.addAll(common);
            // Known by its management port, where its health (readiness) and metrics are answered.
            writers.add(new ServiceProcess("writer-" + i, jar, jvmOptions, arguments, port + 1,
                                           runDirectory.resolve("writer-" + i + ".log")));
        }
        List<ServiceProcess> all = new ArrayList<>(writers);
        all.add(0, storeHost);
        Thread cleanup = new Thread(() -> all.forEach(ServiceProcess::killQuietly), "writer-scaling-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            storeHost.start();
            storeHost.awaitReady(ServiceCluster.START_TIMEOUT);
            for (ServiceProcess writer : writers) {
                writer.start();
            }
            for (ServiceProcess writer : writers) {
                writer.awaitReady(ServiceCluster.START_TIMEOUT);
            }
            Api api = new Api(Duration.ofSeconds(60));
            FictionalCounty county = new FictionalCounty(1, 2, LocalDate.now(ZoneId.of("Asia/Shanghai")));
            Accounts accounts = new Accounts(api, storeHost::baseUrl);
            accounts.create(county);
            List<SimulatedCase> cases = setUpCases(api, accounts, county, apiBase(1));
            System.out.printf("%d cases set up through writer-1; measuring%n", cases.size());

            if (jitWarmup) {
                // Every writer JVM compiles its hot code before any row is measured, not during its first row.
                System.out.println("JIT warm-up of all " + maxWriters + " writers (not counted):");
                measure(maxWriters, api, accounts, cases, storeHost, writers, writers);
            }
            List<Row> rows = new ArrayList<>();
            for (int n : writerCounts) {
                rows.add(measure(n, api, accounts, cases, storeHost, writers.subList(0, n), writers));
            }
            print(rows);
            return 0;
        } finally {
            all.forEach(ServiceProcess::killQuietly);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private List<SimulatedCase> setUpCases(Api api, Accounts accounts, FictionalCounty county, String base) {
        List<SimulatedCase> cases = new ArrayList<>();
        FictionalCounty.Town town = county.towns().get(0);
        for (int i = 0; i < casePool; i++) {
            String village = town.villages().get(i % town.villages().size());
            SimulatedCase simulated = new SimulatedCase(town, village, county.nextStudent(),
                                                        LocalDate.now(ZoneId.of("Asia/Shanghai")));
            for (Step step : List.of(Step.IDENTIFY, Step.CONFIRM, Step.TRIO)) {
                Accounts.Account account = step.role.equals("TOWN") ? accounts.town(town) : accounts.village(village);
                Api.Answer answer = Accounts.retrying(() -> api.post(step.url(base, simulated.caseId),
                        accounts.token(account), UUID.randomUUID().toString(), Api.json(simulated.body(step))));
                if (!answer.ok()) {
                    throw new IllegalStateException(step + " answered " + answer.status() + " " + answer.body());
                }
                if (step == Step.IDENTIFY) {
                    simulated.caseId = answer.json().path("caseId").asText();
                }
                simulated.progress = simulated.after(step);
            }
            cases.add(simulated);
        }
        return cases;
    }

    private Row measure(int writerCount, Api api, Accounts accounts, List<SimulatedCase> cases, ServiceProcess storeHost,
                        List<ServiceProcess> active, List<ServiceProcess> allWriters) throws Exception {
        LongAdder acknowledged = new LongAdder();
        LongAdder client409 = new LongAdder();
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        long end = warmupEnd + (long) (measureSeconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String base = apiBase(1 + t % active.size());
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    SimulatedCase simulated = cases.get(ThreadLocalRandom.current().nextInt(cases.size()));
                    Accounts.Account account = accounts.village(simulated.village);
                    String requestId = UUID.randomUUID().toString();
                    String body = Api.json(simulated.body(Step.VISIT));
                    Api.Answer answer;
                    do {
                        answer = api.post(Step.VISIT.url(base, simulated.caseId), accounts.token(account), requestId,
                                          body);
                        if (answer.status() == 409 && System.nanoTime() >= warmupEnd) {
                            client409.increment();
                        }
                    } while (answer.status() == 409 && answer.json().path("retryable").asBoolean(false));
                    if (!answer.ok()) {
                        throw new IllegalStateException("visit answered " + answer.status() + " " + answer.body());
                    }
                    long done = answer.doneNanos();
                    if (done >= warmupEnd && done < end) {
                        acknowledged.increment();
                    }
                }
                return null;
            }));
        }
        // Commands are counted by when they were acknowledged, within [warmupEnd, end); the CPU and the races are
        // read right at both ends (a few milliseconds late, the same at both).
        sleepUntil(warmupEnd);
        double[] cpuBefore = cpuSeconds(storeHost, allWriters);
        long[] racesBefore = lostRaces(allWriters);
        double load = loadAverage1();
        sleepUntil(end);
        double[] cpuAfter = cpuSeconds(storeHost, allWriters);
        long[] racesAfter = lostRaces(allWriters);
        double seconds = (end - warmupEnd) / 1e9;
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        Row row = new Row(writerCount, acknowledged.sum(), seconds, cpuAfter[0] - cpuBefore[0],
                          cpuAfter[1] - cpuBefore[1], cpuAfter[2] - cpuBefore[2], racesAfter[0] - racesBefore[0],
                          racesAfter[1] - racesBefore[1], client409.sum(),
                          racesAfter[2] == racesBefore[2] ? 0
                                  : (racesAfter[3] - racesBefore[3]) / 1e3 / (racesAfter[2] - racesBefore[2]), load);
        System.out.printf(Locale.ROOT, "%d writer(s): %d commands in %.1f s = %.1f/s, lost races retried %d, exhausted %d%n",
                          writerCount, row.commands(), seconds, row.commands() / seconds, row.retried(), row.exhausted());
        return row;
    }

    private void print(List<Row> rows) {
        System.out.println();
        System.out.printf("%d client threads in total, spread over the writers; %d cases; %.0f s measured per row%n",
                          threads, casePool, measureSeconds);
        System.out.println("| writers | commands/s | CPU s/s all services | store host | client | CPU ms/command "
                                   + "(services) | append ms (mean) | lost races retried | 409 exhausted | load (1 min) |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "| %d | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f | %d | %d | %.2f |%n",
                              row.writers(), row.commands() / row.seconds(), row.cpuSeconds() / row.seconds(),
                              row.storeCpuSeconds() / row.seconds(), row.clientCpuSeconds() / row.seconds(),
                              row.commands() == 0 ? 0 : 1000 * row.cpuSeconds() / row.commands(), row.appendMillis(),
                              row.retried(), row.exhausted(), row.load());
        }
        System.out.println("load average at the end: " + loadAverage());
        System.out.println("writer-scaling: DONE");
    }

    /** [all services, the store host alone, this client JVM], in CPU seconds (user + system) since they started. */
    private static double[] cpuSeconds(ServiceProcess storeHost, List<ServiceProcess> writers) throws IOException {
        double host = processCpuSeconds(storeHost.pid());
        double all = host;
        for (ServiceProcess writer : writers) {
            all += processCpuSeconds(writer.pid());
        }
        double client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new double[] {all, host, client};
    }

    /** utime + stime from /proc/PID/stat, in seconds (clock ticks of 1/100 s on Linux). */
    static double processCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ": state is field 3 of the whole line, so utime (14) and stime (15) are at 11 and 12 here.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /**
     * Over all writers, from each one's management port: kcbx.commands.lost-race [retried, exhausted], and the stored
     * appends of kcbx.event.append [count, total microseconds].
     */
    private long[] lostRaces(List<ServiceProcess> writers) {
        long retried = 0;
        long exhausted = 0;
        long appends = 0;
        double appendSeconds = 0;
        Api api = new Api(Duration.ofSeconds(10));
        for (ServiceProcess writer : writers) {
            Api.Answer answer = api.get(writer.baseUrl() + "/actuator/prometheus", null);
            for (String line : answer.body().split("\n")) {
                if (line.startsWith("kcbx_commands_lost_race_total{")) {
                    long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.contains("outcome=\"retried\"")) {
                        retried += value;
                    } else if (line.contains("outcome=\"exhausted\"")) {
                        exhausted += value;
                    }
                } else if (line.startsWith("kcbx_event_append_seconds_count{") && line.contains("outcome=\"stored\"")) {
                    appends += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("kcbx_event_append_seconds_sum{") && line.contains("outcome=\"stored\"")) {
                    appendSeconds += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return new long[] {retried, exhausted, appends, (long) (appendSeconds * 1e6)};
    }

    /** The API port of writer {@code i} (1-based); its management port is the next one. */
    private int apiPort(int i) {
        return portBase + 2 * i + 1;
    }

    private String apiBase(int i) {
        return "http://127.0.0.1:" + apiPort(i);
    }

    private Path caseServiceJar() throws IOException {
        Path target = root.resolve("case-service/target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("case-service-.*-exec\\.jar")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no case-service exec jar in " + target));
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static double loadAverage1() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
