package cn.kcbx.benchmark;

import cn.kcbx.benchmark.CaseCommandBenchmark.Row;
import cn.kcbx.benchmark.CommandTargets.Verdict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class CommandTargetsTest {

    @Test
    void eachCommandIsJudgedAgainstTheRawInsertBesideIt_andForFlatnessFromTheSmallestStoreToTheLargest() {
        List<Row> rows = List.of(
                row("raw insertOne", "~10k", 10_000, 1, 2_000),
                row("identify", "~10k", 10_000, 1, 500),   // 0.250: met, just
                row("log-visit", "~10k", 10_000, 1, 498),  // 0.249: not met
                row("raw insertOne", "~10k", 10_000, 8, 5_000),
                row("identify", "~10k", 10_000, 8, 2_100), // 0.420: met
                row("log-visit", "~10k", 10_000, 8, 600),  // 0.120: not met
                row("raw insertOne", "~1000k", 1_000_000, 1, 1_000),
                row("identify", "~1000k", 1_000_000, 1, 400),  // 0.400: met; -20.0 % from 10k: met, just
                row("log-visit", "~1000k", 1_000_000, 1, 398)); // -20.1 %: not met; no raw row at 8 threads

        List<Verdict> verdicts = CommandTargets.judge(rows);

        assertThat(verdicts).extracting(Verdict::figure, Verdict::measured, Verdict::target, Verdict::met).containsExactly(
                tuple("identify / raw insertOne, 1 thread(s), store ~10k", "0.250", ">= 0.25", true),
                tuple("identify / raw insertOne, 8 thread(s), store ~10k", "0.420", ">= 0.40", true),
                tuple("identify / raw insertOne, 1 thread(s), store ~1000k", "0.400", ">= 0.25", true),
                tuple("log-visit / raw insertOne, 1 thread(s), store ~10k", "0.249", ">= 0.25", false),
                tuple("log-visit / raw insertOne, 8 thread(s), store ~10k", "0.120", ">= 0.40", false),
                tuple("log-visit / raw insertOne, 1 thread(s), store ~1000k", "0.398", ">= 0.25", true),
                tuple("identify ops/s, 1 thread(s), store ~10k -> ~1000k", "-20.0 %", ">= -20 %", true),
                tuple("log-visit ops/s, 1 thread(s), store ~10k -> ~1000k", "-20.1 %", ">= -20 %", false));
    }

    @Test
    void aThreadCountWithoutATarget_andACommandWithoutARawRowBesideIt_areNotJudged() {
        List<Row> rows = List.of(
                row("raw insertOne", "~600", 600, 2, 1_000),
                row("identify", "~600", 600, 2, 100),
                row("log-visit", "~600", 600, 1, 100));

        assertThat(CommandTargets.judge(rows)).isEmpty();
    }

    private static Row row(String scenario, String label, long storeEvents, int threads, long ops) {
        return new Row(scenario, label, storeEvents, threads, ops, 1.0, 0, 1.0, 0.0);
    }
}
