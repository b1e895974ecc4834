package cn.kcbx.benchmark;

import cn.kcbx.benchmark.ReadSideBenchmark.Check;
import cn.kcbx.benchmark.ReadSideBenchmark.Result;
import cn.kcbx.benchmark.ReadSideBenchmark.Timing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The read-side benchmark in miniature (50 cases over a year, three repetitions), so
 * that a change to the read side that breaks it fails the build instead of the next measurement. Times are printed, not judged; what is asserted is
 * that every scenario ran and that the clocks agree where they must (the same knowledge and day read from
 * {@code case_ledger}, {@code case_history}, {@code case_on_day} and {@code case_by_date}, and over HTTP).
 */
class ReadSideBenchmarkStillRunsTest {

    /** Enough for late visits and cases on every path (the run prints where they stand); 200 cases took 75 s. */
    private static final int CASES = 40;

    private static final Map<String, String> MINIATURE = new HashMap<>(Map.of(
            "bench.cases", String.valueOf(CASES),
            "bench.otherCases", "10",
            "bench.months", "12",
            "bench.repetitions", "3",
            "bench.warmupRepetitions", "1",
            "bench.profileRepetitions", "1",
            "bench.loadThreads", "4"));

    @BeforeEach
    void miniature() {
        // The store's file in memory where there is room (as the other tests' store): the syncs cost nothing there.
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
    void everyScenarioRuns_andTheClocksAgreeWhereTheyMust() throws Exception {
        Result result = ReadSideBenchmark.runInTemporaryStore();

        assertThat(result.backend()).startsWith("embedded mongo-java-server");
        assertThat(result.load().catchUpSeconds()).isPositive();
        assertThat(result.load().lateVisits()).isPositive();
        assertThat(result.timings()).extracting(Timing::scenario, Timing::what).containsExactlyInAnyOrder(
                tuple("live", "http"), tuple("live", "load"), tuple("live", "compute"),
                tuple("asOf", "http"), tuple("asOf", "load"), tuple("asOf", "compute"),
                tuple("on", "http"), tuple("on", "load"), tuple("on", "compute"),
                tuple("on+asOf", "http"), tuple("on+asOf", "load"), tuple("on+asOf", "compute"));
        assertThat(result.timings()).allSatisfy(timing -> {
            assertThat(timing.nanos()).as(timing.scenario() + " " + timing.what()).hasSize(3);
            assertThat(Arrays.stream(timing.nanos()).min().orElse(0)).as(timing.scenario() + " " + timing.what())
                                                                    .isPositive();
            assertThat(timing.cases()).as(timing.scenario() + " cases").isPositive();
        });
        assertThat(result.timings()).filteredOn(timing -> timing.scenario().equals("live"))
                                    .allSatisfy(timing -> assertThat(timing.cases()).isEqualTo(CASES));
        assertThat(result.checks()).hasSizeGreaterThanOrEqualTo(8).allSatisfy(
                check -> assertThat(check.agree()).as(check.name() + ": " + check.detail()).isTrue());
        assertThat(result.checks()).extracting(Check::name).anyMatch(name -> name.startsWith("live = on today"));
    }
}
