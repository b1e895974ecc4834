package cn.kcbx.benchmark;

import cn.kcbx.benchmark.ScaleBenchmark.Result;
import cn.kcbx.benchmark.ScaleBenchmark.StageResult;
import cn.kcbx.benchmark.ScaleBenchmark.Timing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scale benchmark in miniature (a county of 30 cases in a store of 30, then 90 cases), so that a change to the
 * read side or its endpoints that breaks it fails the build instead of the next measurement. Times are printed, not
 * judged; what is asserted is that each stage's store was built by a completed rebuild over every stored event, that
 * every read answered, and that the county's answers did not change as the other counties came in.
 */
class ScaleBenchmarkStillRunsTest {

    private static final Map<String, String> MINIATURE = new HashMap<>(Map.of(
            "bench.countyCases", "30",
            "bench.casesPerOtherCounty", "30",
            "bench.stages", "30,90",
            "bench.months", "12",
            "bench.repetitions", "3",
            "bench.warmupRepetitions", "1",
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
    void everyStageIsRebuiltAndRead_andTheCountyAnswersAlike() throws Exception {
        Result result = ScaleBenchmark.runInTemporaryStore();

        assertThat(result.stages()).extracting(StageResult::storeCases).containsExactly(30, 90);
        assertThat(result.stages()).extracting(StageResult::counties).containsExactly(1, 3);
        assertThat(result.stages()).allSatisfy(stage -> {
            assertThat(stage.rebuild().state()).isEqualTo("COMPLETED");
            assertThat(stage.rebuild().events()).as("case events replayed").isPositive()
                                                .isLessThanOrEqualTo(stage.storeEvents());
            assertThat(stage.rebuild().eventsPerSecond()).isPositive();
            assertThat(stage.timings()).hasSize(6).allSatisfy(timing -> {
                assertThat(timing.nanos()).as(timing.read()).hasSize(3);
                assertThat(Arrays.stream(timing.nanos()).min().orElse(0)).as(timing.read()).isPositive();
                assertThat(timing.bytes()).as(timing.read()).isPositive();
            });
            assertThat(stage.sameAnswers()).as("the county's answers as at the first stage").isTrue();
        });
        assertThat(result.stages().get(1).storeEvents()).isGreaterThan(2 * result.stages().get(0).storeEvents());
        assertThat(result.stages().get(0).timings()).extracting(Timing::read)
                                                    .anyMatch(read -> read.startsWith("county report, asOf"));
    }
}
