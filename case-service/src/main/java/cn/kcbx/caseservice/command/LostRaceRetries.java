package cn.kcbx.caseservice.command;

import cn.kcbx.eventstore.CaseChangedConcurrentlyException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How often a command is decided again after another writer stored the case's next event first, and the count of
 * those races ({@code kcbx.commands.lost-race}, tagged {@code retried} or {@code exhausted}; never by case or user).
 *
 * <p>Within one process Axon's per-case lock lets commands on one case take turns; several case-service processes
 * behind one proxy race on the store instead, and the unique streamKey lets only one of them in. The loser stored
 * nothing, so deciding the command again on the case as it now stands is safe, and what a user expects: two workers
 * logging a visit at the same moment both get their visit stored. Each round of a race has a winner, so a few
 * attempts suffice; only a case changed by more writers than that at once is answered 409, retryable.
 */
public final class LostRaceRetries {

    public static final String METRIC = "kcbx.commands.lost-race";
    /** The first try and up to four more, each on the case as the last winner left it. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    private final int maxAttempts;
    private final Counter retried;
    private final Counter exhausted;

    public LostRaceRetries(MeterRegistry registry, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.retried = counter(registry, "retried");
        this.exhausted = counter(registry, "exhausted");
    }

    /**
     * Whether the command that failed with {@code failure} on attempt {@code attempt} (1 for the first) is to be
     * decided again: only after a lost race on the case, and only while attempts are left. Counts the race either way.
     */
    boolean retryAfter(RuntimeException failure, int attempt) {
        if (!lostRace(failure)) {
            return false;
        }
        if (attempt >= maxAttempts) {
            exhausted.increment();
            return false;
        }
        retried.increment();
        return true;
    }

    static boolean lostRace(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CaseChangedConcurrentlyException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder(METRIC)
                      .description("Commands that lost the race for a case's next event to another writer")
                      .tag("outcome", outcome).register(registry);
    }
}
