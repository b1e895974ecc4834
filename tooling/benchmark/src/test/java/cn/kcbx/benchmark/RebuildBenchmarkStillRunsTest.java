package cn.kcbx.benchmark;

import cn.kcbx.benchmark.RebuildBenchmark.Comparison;
import cn.kcbx.benchmark.RebuildBenchmark.Result;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rebuild benchmark in miniature (40 cases, some 450 events), so that a change to the read side that breaks it
 * fails the build instead of the next measurement. The speed is printed, not judged; what is asserted is that the
 * administrator's rebuild of every projection completed over every stored event and that each rebuilt collection
 * equals, document by document, what live processing wrote.
 */
class RebuildBenchmarkStillRunsTest {

    private static final Map<String, String> MINIATURE = new HashMap<>(Map.of(
            "bench.cases", "40",
            "bench.months", "12",
            "bench.timeoutMinutes", "5"));

    @BeforeEach
    void miniature() {
        if (StillRunsSupport.memory() != null) {
            MINIATURE.put("bench.dataDirectory", StillRunsSupport.memory());
        }
        MINIATURE.forEach(System::setProperty);
    }

    @AfterEach
    void fullSizeAgain() {
        MINIATURE.keySet().forEach(System::clearProperty);
    }

    @Test
    void rebuildsEveryProjection_equalToWhatLiveProcessingWrote() throws Exception {
        Result result = RebuildBenchmark.runInTemporaryStore();

        assertThat(result.state()).isEqualTo("COMPLETED");
        assertThat(result.events()).isGreaterThan(300);
        assertThat(result.rebuildEvents()).as("case events replayed").isPositive().isLessThanOrEqualTo(result.head());
        assertThat(result.eventsPerSecond()).isPositive();
        assertThat(result.liveSeconds()).isPositive();
        assertThat(result.comparisons()).extracting(Comparison::projection).containsExactlyInAnyOrder(
                "case_timeline", "case_ledger", "case_history", "case_by_date", "case_on_day", "audit_trail");
        assertThat(result.comparisons()).allSatisfy(comparison -> {
            assertThat(comparison.liveDocuments()).as(comparison.projection()).isPositive();
            assertThat(comparison.equal()).as(comparison.projection() + ": " + comparison.firstDifference()).isTrue();
        });
    }
}
