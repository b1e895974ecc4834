package cn.kcbx.faultharness;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One simulated user thread. It works its own cases of one town, one command at a time, as the village team (new
 * cases, confirmations, visits), the town (三帮一 trio, legal steps) or the school (returns, 销号), choosing the next
 * step from the case's state; its cases are its alone, so it never races another user on a case. The pace comes from
 * the shared {@link Load}: flat out, or a fixed rate per user.
 */
final class SimulatedUser implements Runnable {

    /** The load all users follow: which phase (for the log), how fast, and whether to go on. */
    static final class Load {
        volatile String phase = "setup";
        /** Commands per second per user; 0 = flat out. */
        volatile double ratePerUser;
        volatile boolean running = true;
    }

    static final int ACTIVE_CASES = 12;

    private final int index;
    private final FictionalCounty county;
    private final FictionalCounty.Town town;
    private final Accounts accounts;
    private final CommandClient client;
    private final LiveLagProbe lagProbe;
    private final Load load;
    private final Random random;
    private final String runTag;
    private final LocalDate today;
    private final List<SimulatedCase> active = new ArrayList<>();
    private final AtomicLong requestNumbers;

    SimulatedUser(int index, FictionalCounty county, Accounts accounts, CommandClient client, LiveLagProbe lagProbe,
                  Load load, long seed, String runTag, LocalDate today, AtomicLong requestNumbers) {
        this.index = index;
        this.county = county;
        this.town = county.towns().get(index % county.towns().size());
        this.accounts = accounts;
        this.client = client;
        this.lagProbe = lagProbe;
        this.load = load;
        this.random = new Random(seed * 31 + index);
        this.runTag = runTag;
        this.today = today;
        this.requestNumbers = requestNumbers;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (load.running) {
            double rate = load.ratePerUser;
            if (rate > 0) {
                long now = System.nanoTime();
                if (next > now) {
                    sleepNanos(next - now);
                    if (!load.running) {
                        return;
                    }
                } else if (now - next > 2_000_000_000L) {
                    next = now; // fell behind (a fault): do not burst to catch up
                }
                next += (long) (1e9 / rate);
            }
            actOnce();
        }
    }

    private void actOnce() {
        boolean newCase = active.size() < 3 || (active.size() < ACTIVE_CASES && random.nextInt(100) < 20);
        SimulatedCase simulated;
        Step step;
        if (newCase) {
            String village = town.villages().get(random.nextInt(town.villages().size()));
            simulated = new SimulatedCase(town, village, county.nextStudent(), today);
            step = Step.IDENTIFY;
        } else {
            simulated = active.get(random.nextInt(active.size()));
            step = simulated.nextStep(random);
        }
        Accounts.Account account = switch (step.role) {
            case "VILLAGE" -> accounts.village(simulated.village);
            case "TOWN" -> accounts.town(town);
            case "SCHOOL" -> accounts.school(town);
            default -> throw new IllegalStateException(step.role);
        };
        String requestId = "fh-" + runTag + "-u" + index + "-" + requestNumbers.incrementAndGet();
        AnswerLog.Request request = new AnswerLog.Request(requestId, step, account, Api.json(simulated.body(step)),
                                                          load.phase, simulated, simulated.caseId);
        client.send(request);
        if (request.acknowledged()) {
            if (step == Step.IDENTIFY) {
                simulated.caseId = request.caseId;
                active.add(simulated);
            }
            simulated.progress = simulated.after(step);
            lagProbe.expect(simulated.caseId, simulated.progress, request.sentNanos, request.ackNanos, load.phase);
            if (simulated.closed()) {
                active.remove(simulated);
            }
        } else if (step != Step.IDENTIFY) {
            // Refused or unanswered: this user no longer knows where the case stands (after a loss, the service's
            // idea differs); it leaves the case alone. The checks look at every request anyway.
            active.remove(simulated);
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
