package cn.kcbx.faultharness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults, at random moments from a seeded {@link Random}: SIGKILL of the case service (which hosts the store) and
 * of the query service, each restarted after a random downtime and awaited until ready; and the stalled writer, the
 * case service held with SIGSTOP for a few seconds and resumed with SIGCONT while the users keep sending. The order of
 * the faults is shuffled; load runs between them.
 */
final class FaultInjector {

    enum Kind { KILL_CASE_SERVICE, KILL_QUERY_SERVICE, STALL_CASE_SERVICE }

    record Fault(Kind kind, long atMillis, long downMillis, long restartMillis, String note) {
    }

    private final ServiceCluster cluster;
    private final HarnessOptions options;
    private final Random random;
    private final AnswerLog log;
    private final List<Fault> done = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    FaultInjector(ServiceCluster cluster, HarnessOptions options, AnswerLog log) {
        this.cluster = cluster;
        this.options = options;
        this.random = new Random(options.seed);
        this.log = log;
    }

    /** Runs every fault with load between them; returns when the last restarted service is ready again. */
    void run(long startNanos) throws InterruptedException {
        List<Kind> plan = new ArrayList<>();
        plan.addAll(Collections.nCopies(options.caseKills, Kind.KILL_CASE_SERVICE));
        plan.addAll(Collections.nCopies(options.queryKills, Kind.KILL_QUERY_SERVICE));
        plan.addAll(Collections.nCopies(options.stalls, Kind.STALL_CASE_SERVICE));
        Collections.shuffle(plan, random);
        int n = 0;
        for (Kind kind : plan) {
            n++;
            long loadMillis = between(options.minLoadBetweenFaults, options.maxLoadBetweenFaults);
            Thread.sleep(loadMillis);
            long at = (System.nanoTime() - startNanos) / 1_000_000;
            ServiceProcess target = kind == Kind.KILL_QUERY_SERVICE ? cluster.queryService : cluster.caseService;
            long down;
            long restart = 0;
            String note = "";
            switch (kind) {
                case STALL_CASE_SERVICE -> {
                    down = options.stallLength.toMillis();
                    log.note("fault", "#" + n + " SIGSTOP case-service (pid " + target.pid() + ") for " + down + " ms");
                    try {
                        target.pause();
                        Thread.sleep(down);
                    } catch (java.io.IOException e) {
                        problems.add("stall failed: " + e.getMessage());
                    } finally {
                        try {
                            target.resume();
                        } catch (java.io.IOException e) {
                            problems.add("SIGCONT failed: " + e.getMessage());
                        }
                    }
                }
                default -> {
                    down = between(Duration.ZERO, options.maxDowntime);
                    log.note("fault", "#" + n + " SIGKILL " + target.name() + " (pid " + target.pid() + "), down " + down + " ms");
                    target.kill();
                    Thread.sleep(down);
                    long restartStart = System.nanoTime();
                    note = restart(target);
                    restart = (System.nanoTime() - restartStart) / 1_000_000;
                    log.note("fault", "#" + n + " " + target.name() + " ready again after " + restart + " ms" + note);
                }
            }
            synchronized (done) {
                done.add(new Fault(kind, at, down, restart, note));
            }
            System.out.printf("  fault %2d/%d at %6.1f s: %-19s down %5d ms, ready after %5d ms%s%n", n, plan.size(),
                              at / 1000.0, kind, down, restart, note);
        }
    }

    /** Restarts a killed service, up to 3 tries; the query service only once the case service's store is up. */
    private String restart(ServiceProcess target) throws InterruptedException {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                if (target == cluster.queryService && !cluster.caseService.alive()) {
                    cluster.restart(cluster.caseService);
                }
                cluster.restart(target);
                return attempt == 1 ? "" : " (start " + attempt + ")";
            } catch (java.io.IOException | IllegalStateException e) {
                problems.add(target.name() + " restart " + attempt + " failed: " + e.getMessage());
                log.note("problem", target.name() + " restart " + attempt + " failed: " + e.getMessage());
                target.kill();
            }
        }
        throw new IllegalStateException(target.name() + " does not start again after a SIGKILL: " + problems);
    }

    private long between(Duration min, Duration max) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return hi <= lo ? lo : lo + (long) (random.nextDouble() * (hi - lo));
    }

    int kills(Kind kind) {
        synchronized (done) {
            return (int) done.stream().filter(f -> f.kind == kind).count();
        }
    }

    List<Fault> faults() {
        synchronized (done) {
            return List.copyOf(done);
        }
    }

    List<String> problems() {
        return List.copyOf(problems);
    }
}
