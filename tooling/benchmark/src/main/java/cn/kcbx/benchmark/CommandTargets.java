package cn.kcbx.benchmark;

import cn.kcbx.benchmark.CaseCommandBenchmark.Row;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command side's throughput targets, judged from one run's rows: each command at least a share of what a raw
 * {@code insertOne} does at the same store size and thread count (0.25 at 1 thread, 0.40 at 8), and flat as the store
 * grows (at the largest store no more than 20 % fewer commands per second than at the smallest). Rows are compared
 * only within the run, since one run's raw insert is not the next one's on a shared machine.
 */
final class CommandTargets {

    static final String RAW = "raw insertOne";
    static final List<String> COMMANDS = List.of("identify", "log-visit");
    static final Map<Integer, Double> MINIMUM_RATIO_BY_THREADS = Map.of(1, 0.25, 8, 0.40);
    static final double MAXIMUM_DROP = 0.20;

    private CommandTargets() {
    }

    /** One judged figure: what was measured, what it should be, and whether it is. */
    record Verdict(String figure, String measured, String target, boolean met) {

        String line() {
            return String.format(Locale.ROOT, "%-44s %12s %10s  %s", figure, measured, target,
                                 met ? "met" : "NOT MET");
        }
    }

    static List<Verdict> judge(List<Row> rows) {
        List<Verdict> verdicts = new ArrayList<>();
        for (String command : COMMANDS) {
            for (Row row : rows) {
                Double minimum = MINIMUM_RATIO_BY_THREADS.get(row.threads());
                if (!row.scenario().equals(command) || minimum == null) {
                    continue;
                }
                rawBeside(rows, row).ifPresent(raw -> {
                    double ratio = row.opsPerSecond() / raw.opsPerSecond();
                    verdicts.add(new Verdict(
                            String.format(Locale.ROOT, "%s / raw insertOne, %d thread(s), store %s", command,
                                          row.threads(), row.storeLabel()),
                            String.format(Locale.ROOT, "%.3f", ratio), String.format(Locale.ROOT, ">= %.2f", minimum),
                            ratio >= minimum));
                });
            }
        }
        for (String command : COMMANDS) {
            rows.stream().map(Row::threads).distinct().sorted().forEach(threads -> {
                List<Row> bySize = rows.stream()
                        .filter(row -> row.scenario().equals(command) && row.threads() == threads)
                        .sorted(Comparator.comparingLong(Row::storeEventsAtStart)).toList();
                if (bySize.size() < 2 || bySize.get(0).ops() == 0) {
                    return;
                }
                Row smallest = bySize.get(0);
                Row largest = bySize.get(bySize.size() - 1);
                double drop = 1 - largest.opsPerSecond() / smallest.opsPerSecond();
                verdicts.add(new Verdict(
                        String.format(Locale.ROOT, "%s ops/s, %d thread(s), store %s -> %s", command, threads,
                                      smallest.storeLabel(), largest.storeLabel()),
                        String.format(Locale.ROOT, "%+.1f %%", -100 * drop),
                        String.format(Locale.ROOT, ">= -%.0f %%", 100 * MAXIMUM_DROP), drop <= MAXIMUM_DROP));
            });
        }
        return verdicts;
    }

    private static Optional<Row> rawBeside(List<Row> rows, Row command) {
        return rows.stream()
                   .filter(row -> row.scenario().equals(RAW) && row.storeLabel().equals(command.storeLabel())
                                  && row.threads() == command.threads() && row.ops() > 0)
                   .findFirst();
    }
}
