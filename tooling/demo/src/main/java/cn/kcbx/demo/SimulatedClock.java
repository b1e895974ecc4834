package cn.kcbx.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that runs at the system clock's pace but can be shifted into the past, so that the demo county's commands
 * are decided ("today") and recorded (event timestamps) on the day they are meant to have happened. With offset zero
 * it is the system clock. Clocks made by {@link #withZone} share the offset: the case aggregate asks for
 * {@code clock.withZone(...)} and must still see the simulated time.
 */
public final class SimulatedClock extends Clock {

    private final Clock system;
    private final AtomicReference<Duration> offset;

    public SimulatedClock(ZoneId zone) {
        this(Clock.system(zone), new AtomicReference<>(Duration.ZERO));
    }

    private SimulatedClock(Clock system, AtomicReference<Duration> offset) {
        this.system = system;
        this.offset = offset;
    }

    /** From now on, this clock reads {@code instant} and runs on from there. */
    public void setTo(Instant instant) {
        offset.set(Duration.between(system.instant(), Objects.requireNonNull(instant)));
    }

    /** Back to the real time (offset zero). */
    public void followSystem() {
        offset.set(Duration.ZERO);
    }

    public Duration offset() {
        return offset.get();
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(getZone()) ? this : new SimulatedClock(system.withZone(zone), offset);
    }

    @Override
    public Instant instant() {
        return system.instant().plus(offset.get());
    }

    @Override
    public String toString() {
        return "SimulatedClock[" + getZone() + ", offset " + offset.get() + "]";
    }
}
