package cn.kcbx.access;

import java.time.Clock;
import java.time.Instant;

/**
 * The clock of sessions, lockouts and the access log: always real time. It is a type of its own (not a {@link Clock}
 * bean) because the services already have a {@code Clock} bean, which the demo replaces by a simulated one; tests give
 * a clock they can move.
 */
public final class AccessClock {

    private final Clock clock;

    public AccessClock(Clock clock) {
        this.clock = clock;
    }

    public static AccessClock system() {
        return new AccessClock(Clock.systemUTC());
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }
}
