package cn.kcbx.caseservice.command;

import cn.kcbx.eventstore.CaseChangedConcurrentlyException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LostRaceRetriesTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LostRaceRetries retries = new LostRaceRetries(registry, 3);

    @Test
    void aLostRaceOnTheCase_isDecidedAgain_untilTheAttemptsAreUsedUp_andCountedEitherWay() {
        RuntimeException lost = new IllegalStateException("wrapped",
                                                          new CaseChangedConcurrentlyException("case-1", 4, null));

        assertThat(retries.retryAfter(lost, 1)).isTrue();
        assertThat(retries.retryAfter(lost, 2)).isTrue();
        assertThat(retries.retryAfter(lost, 3)).isFalse();

        assertThat(registry.counter(LostRaceRetries.METRIC, "outcome", "retried").count()).isEqualTo(2);
        assertThat(registry.counter(LostRaceRetries.METRIC, "outcome", "exhausted").count()).isEqualTo(1);
    }

    @Test
    void anyOtherFailure_isNotRetried_notEvenTheStoreTooContendedToAppendAtAll() {
        assertThat(retries.retryAfter(new ConcurrencyException("could not append within PT1M"), 1)).isFalse();
        assertThat(retries.retryAfter(new IllegalArgumentException("a rule"), 1)).isFalse();
        assertThat(registry.counter(LostRaceRetries.METRIC, "outcome", "retried").count()).isZero();
    }
}
