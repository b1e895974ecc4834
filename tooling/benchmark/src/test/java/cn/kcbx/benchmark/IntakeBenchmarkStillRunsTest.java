package cn.kcbx.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The intake benchmark in miniature (200 rows), so that it keeps working; {@code -Dintake.rows=10000} runs it at full
 * size. Rates are printed, not asserted; the counts are, since they are the same at any speed.
 */
class IntakeBenchmarkStillRunsTest {

    @Test
    void aListIsProcessed_andTheSameListAgainChangesNothing() throws Exception {
        int rows = Integer.getInteger("intake.rows", 200);

        IntakeBenchmark.Result result = IntakeBenchmark.runInTemporaryStore(rows);

        int alreadyOpen = (rows + 12) / 20;
        int wrongCheck = (rows + 57) / 100;
        assertThat(result.reportedAgain()).isEqualTo(alreadyOpen);
        assertThat(result.refused()).isEqualTo(wrongCheck);
        assertThat(result.opened()).isEqualTo(rows - alreadyOpen - wrongCheck);
        assertThat(result.unchanged()).isEqualTo(rows - wrongCheck);
    }
}
