package cn.kcbx.eventstore.spring;

import cn.kcbx.eventstore.AppendObserver;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code kcbx.event.append}: how long each append to the event store took, by outcome (stored, conflict, failed).
 * Tagged by outcome only: never by case, request or user.
 */
final class AppendTimer implements AppendObserver {

    static final String NAME = "kcbx.event.append";

    private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

    AppendTimer(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            timers.put(outcome, Timer.builder(NAME)
                                     .description("Appends of one command's events to the event store")
                                     .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                                     .publishPercentileHistogram()
                                     .register(registry));
        }
    }

    @Override
    public void appended(Outcome outcome, long nanos) {
        timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }
}
