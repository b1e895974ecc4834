package cn.kcbx.eventstore;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers, on this reader's own monotonic clock (never a writer's wall clock), since when a position has been seen
 * missing while a later one existed. A hole first seen at time t, bounded by a commit at {@code bound + 1}, means
 * all of {@code start..bound} were missing at t; once {@code holeTimeout} has passed they may all be given up together.
 */
final class HoleTracker {

    private record Observation(long bound, long seenAtNanos) {
    }

    private final Map<Long, Observation> observations = new ConcurrentHashMap<>();
    private final long timeoutNanos;
    private final LongSupplier nanoClock;

    HoleTracker(Duration holeTimeout, LongSupplier nanoClock) {
        this.timeoutNanos = holeTimeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Records that {@code start..bound} are missing while a later position exists, and answers the last position that
     * has been a hole for longer than the timeout (so may be given up), or {@code start - 1} when none has.
     */
    long observe(long start, long bound) {
        long now = nanoClock.getAsLong();
        Observation observation = observations.computeIfAbsent(start, s -> new Observation(bound, now));
        forgetOldObservations(now);
        if (now - observation.seenAtNanos() >= timeoutNanos) {
            return Math.min(observation.bound(), bound);
        }
        return start - 1;
    }

    /**
     * The reader moved on to {@code expected}: holes below it are resolved. Positions of an older observation that
     * are still unresolved keep the age they were first seen with.
     */
    void advancedTo(long expected) {
        observations.entrySet().removeIf(entry -> {
            if (entry.getKey() >= expected) {
                return false;
            }
            Observation observation = entry.getValue();
            if (observation.bound() >= expected) {
                observations.merge(expected, observation,
                                   (current, older) -> older.seenAtNanos() < current.seenAtNanos() ? older : current);
            }
            return true;
        });
    }

    private void forgetOldObservations(long now) {
        if (observations.size() > 1024) {
            observations.values().removeIf(o -> now - o.seenAtNanos() > 100 * Math.max(timeoutNanos, 1_000_000L));
        }
    }
}
