package cn.kcbx.faultharness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the harness does: how many users, kills and stalls, how long each phase lasts, which ports and
 * jars. {@code --short} and {@code --full} set the presets; every other option overrides one value.
 */
final class HarnessOptions {

    enum Mode { SHORT, FULL }

    Mode mode = Mode.SHORT;
    long seed = System.nanoTime() & 0xffffffffL;
    int users = 6;
    int caseKills = 3;
    int queryKills = 3;
    int stalls = 1;
    Duration stallLength = Duration.ofSeconds(4);
    Duration peakPhase = Duration.ofSeconds(8);
    Duration lagPhase = Duration.ofSeconds(15);
    /** Load between two faults, drawn uniformly from this range. */
    Duration minLoadBetweenFaults = Duration.ofMillis(1500);
    Duration maxLoadBetweenFaults = Duration.ofSeconds(4);
    /** How long a killed service stays down, drawn from 0 to this. */
    Duration maxDowntime = Duration.ofMillis(1500);
    /** The fault phase's load as a fraction of the measured peak (1 = flat out). */
    double faultLoad = 0.5;
    /** How long the checks wait for the query service to catch up with the store (a stuck one never does). */
    Duration catchUpTimeout = Duration.ofSeconds(30);
    int portBase = 18400;
    Path root = Path.of(".").toAbsolutePath().normalize();
    Path runDirectory;
    String serviceJvmOptions = "-Xms128m -Xmx512m -XX:+UseSerialGC";
    /** Strict: 5xx answers and a half-load lag p99 over the target fail the run too (the full run's default). */
    boolean strict;
    long lagTargetMillis = 250;
    boolean keepRunDirectory = true;

    static HarnessOptions parse(String[] args) {
        HarnessOptions options = new HarnessOptions();
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--full")) {
            options.full();
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            switch (name) {
                case "--short", "--full" -> {
                }
                case "--seed" -> options.seed = Long.parseLong(required(name, value));
                case "--users" -> options.users = Integer.parseInt(required(name, value));
                case "--case-kills" -> options.caseKills = Integer.parseInt(required(name, value));
                case "--query-kills" -> options.queryKills = Integer.parseInt(required(name, value));
                case "--stalls" -> options.stalls = Integer.parseInt(required(name, value));
                case "--stall-seconds" -> options.stallLength = Duration.ofSeconds(Long.parseLong(required(name, value)));
                case "--peak-seconds" -> options.peakPhase = Duration.ofSeconds(Long.parseLong(required(name, value)));
                case "--lag-seconds" -> options.lagPhase = Duration.ofSeconds(Long.parseLong(required(name, value)));
                case "--fault-load" -> options.faultLoad = Double.parseDouble(required(name, value));
                case "--catch-up-seconds" -> options.catchUpTimeout = Duration.ofSeconds(Long.parseLong(required(name, value)));
                case "--port-base" -> options.portBase = Integer.parseInt(required(name, value));
                case "--root" -> options.root = Path.of(required(name, value)).toAbsolutePath().normalize();
                case "--run-dir" -> options.runDirectory = Path.of(required(name, value)).toAbsolutePath();
                case "--service-jvm-options" -> options.serviceJvmOptions = required(name, value);
                case "--strict" -> options.strict = true;
                case "--no-strict" -> options.strict = false;
                case "--lag-target-ms" -> options.lagTargetMillis = Long.parseLong(required(name, value));
                case "--help", "-h" -> {
                    System.out.println(usage());
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        if (options.portBase < 18000 || options.portBase + 3 > 18999) {
            throw new IllegalArgumentException("--port-base must leave its 3 ports within 18000-18999");
        }
        if (options.runDirectory == null) {
            options.runDirectory = options.root.resolve("tooling/fault-harness/target/runs")
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return options;
    }

    private void full() {
        mode = Mode.FULL;
        users = 8;
        caseKills = 22;
        queryKills = 22;
        stalls = 4;
        peakPhase = Duration.ofSeconds(20);
        lagPhase = Duration.ofSeconds(60);
        minLoadBetweenFaults = Duration.ofSeconds(2);
        maxLoadBetweenFaults = Duration.ofSeconds(8);
        maxDowntime = Duration.ofSeconds(3);
        catchUpTimeout = Duration.ofSeconds(90);
        strict = true;
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value: " + name + "=…");
        }
        return value;
    }

    int casePort() {
        return portBase + 1;
    }

    int queryPort() {
        return portBase + 2;
    }

    int mongoPort() {
        return portBase + 3;
    }

    Path dataDirectory() {
        return runDirectory.resolve("data");
    }

    Path jar(String module) {
        Path target = root.resolve(module).resolve("target");
        try (var files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().startsWith(module + "-")
                                     && p.getFileName().toString().endsWith("-exec.jar"))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("no " + module + "-*-exec.jar in " + target
                                + "; build it first: ./mvnw -B -q -DskipTests package"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + target + ": " + e.getMessage()
                    + "; build first: ./mvnw -B -q -DskipTests package", e);
        }
    }

    String describe() {
        return "mode=" + mode.name().toLowerCase() + " seed=" + seed + " users=" + users + " kills(case/query)="
                + caseKills + "/" + queryKills + " stalls=" + stalls + "x" + stallLength.toSeconds() + "s peak="
                + peakPhase.toSeconds() + "s lag-phase=" + lagPhase.toSeconds() + "s fault-load=" + faultLoad
                + " ports=" + casePort() + "/" + queryPort() + "/" + mongoPort() + " strict=" + strict;
    }

    static String usage() {
        return """
                usage: fault-harness [--short|--full] [options]
                  --short                 3 SIGKILLs of each service, 1 stalled writer (default; about 3 minutes)
                  --full                  22 SIGKILLs of each service, 4 stalls, longer phases, strict
                  --seed=N                random seed (printed; repeat a run with it)
                  --users=N               concurrent simulated users (short 6, full 8)
                  --case-kills=N --query-kills=N --stalls=N --stall-seconds=N
                  --peak-seconds=N        the flat-out phase that measures peak throughput
                  --lag-seconds=N         the phase at half the peak that measures projection lag
                  --fault-load=F          load during the fault phase as a fraction of the peak (default 0.5)
                  --catch-up-seconds=N    how long the checks wait for the query service to catch up (30, full 90)
                  --port-base=P           ports P+1 (case), P+2 (query), P+3 (store); within 18000-18999
                  --root=DIR              the repository (default: the current directory)
                  --run-dir=DIR           where logs, answers and the store go (default tooling/fault-harness/target/runs/<time>)
                  --service-jvm-options=… JVM options of both services
                  --strict / --no-strict  also fail on 5xx answers and on lag p99 over --lag-target-ms (default 250)
                """;
    }
}
