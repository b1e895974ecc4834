package cn.kcbx.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The intake benchmark in miniature (50 rows: the fewest with every kind of row more than once but the refused one,
 * which comes once per hundred), so that it keeps working; {@code -Dintake.rows=10000} runs it at full size. Rates
 * are printed, not asserted; the counts are, since they are the same at any speed.
 */
class IntakeBenchmarkStillRunsTest {

    @Test
    void aListIsProcessed_andTheSameListAgainChangesNothing() throws Exception {
        int rows = Integer.getInteger("intake.rows", 50);

        // The store's file in memory where there is room (as the other tests' store): the syncs cost nothing there.
        String dataDirectory = System.getProperty("bench.dataDirectory");
        if (dataDirectory == null && StillRunsSupport.memory() != null) {
            System.setProperty("bench.dataDirectory", StillRunsSupport.memory());
        }
        IntakeBenchmark.Result result;
        try {
            result = IntakeBenchmark.runInTemporaryStore(rows);
        } finally {
            if (dataDirectory == null) {
                System.clearProperty("bench.dataDirectory");
            }
        }

        int alreadyOpen = (rows + 12) / 20;
        int wrongCheck = (rows + 57) / 100;
        assertThat(alreadyOpen).as("rows opened beforehand").isPositive();
        assertThat(wrongCheck).as("rows with a wrong check character").isPositive();
        assertThat(result.reportedAgain()).isEqualTo(alreadyOpen);
        assertThat(result.refused()).isEqualTo(wrongCheck);
        assertThat(result.opened()).isEqualTo(rows - alreadyOpen - wrongCheck);
        assertThat(result.unchanged()).isEqualTo(rows - wrongCheck);
    }
}
