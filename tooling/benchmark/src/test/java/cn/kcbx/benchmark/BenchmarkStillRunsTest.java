package cn.kcbx.benchmark;

import cn.kcbx.benchmark.CaseCommandBenchmark.Row;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The benchmark in miniature (a few hundred events, half a second per row, the store in memory), so that a change to
 * the command side that breaks it fails the build instead of the next measurement. Numbers are printed, not asserted.
 */
class BenchmarkStillRunsTest {

    private static final Map<String, String> MINIATURE = new HashMap<>(Map.of(
            "bench.sizes", "600",
            "bench.threads", "1,2",
            "bench.warmup", "0",
            "bench.measure", "0.5",
            "bench.jitWarmup", "0.5",
            "bench.visitCases", "4",
            "bench.preloadThreads", "2"));

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
    void everyScenarioCompletes_withoutARejectedCommand() throws Exception {
        List<Row> rows = CaseCommandBenchmark.runInTemporaryStore();

        assertThat(rows).extracting(Row::scenario, Row::threads).contains(
                tuple("identify", 1), tuple("identify", 2),
                tuple("log-visit", 1), tuple("log-visit", 2));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.errors()).as(row.scenario() + " errors").isZero();
            assertThat(row.ops()).as(row.scenario() + " operations").isPositive();
        });
        assertThat(rows.get(0).storeEventsAtStart()).isGreaterThanOrEqualTo(600);
    }
}
