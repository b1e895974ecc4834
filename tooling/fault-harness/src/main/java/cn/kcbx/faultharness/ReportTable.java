package cn.kcbx.faultharness;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's result: the table the issue asks for, the space line, the seed, and the verdict
 * ({@code fault-harness: PASSED} or {@code FAILED (…)}) with the reasons.
 */
final class ReportTable {

    /** Everything the table shows; filled in by the run. */
    static final class Figures {
        String mode;
        long seed;
        int commands;
        int caseKills;
        int queryKills;
        int stalls;
        int plannedCaseKills;
        int plannedQueryKills;
        int acknowledged;
        int lost;
        int duplicated;
        int foreign;
        long answers5xx;
        int rejected;
        int unanswered;
        int mismatches;
        List<Double> commandLatencies = List.of();
        List<Double> faultLags = List.of();
        List<Double> halfLoadLags = List.of();
        long lagMissing;
        double peakPerSecond;
        double halfLoadPerSecond;
        int replayedDuringRun;
        int replayRetried;
        int replayFailures;
        boolean integrityOk;
        String integrityDetail;
        String rebuild;
        long storeFileBytes;
        long storeFileBytesClosed;
        SpaceProbe.Data space;
        long commandSideCases = -1;
        int ledgerCases = -1;
        List<String> problems = new ArrayList<>();
        boolean strict;
        long lagTargetMillis;
    }

    private ReportTable() {
    }

    static String render(Figures f) {
        String[] head = {"commands", "kills (case/query)", "acknowledged", "lost", "duplicated", "5xx", "mismatches",
                         "cmd p50/p99 ms", "lag p50/p99 ms (half load)", "lag p50/p99 ms (faults)"};
        String[] row = {Integer.toString(f.commands), f.caseKills + "/" + f.queryKills, Integer.toString(f.acknowledged),
                        Integer.toString(f.lost), Integer.toString(f.duplicated), Long.toString(f.answers5xx),
                        Integer.toString(f.mismatches), Percentiles.pair(f.commandLatencies),
                        Percentiles.pair(f.halfLoadLags), Percentiles.pair(f.faultLags)};
        StringBuilder out = new StringBuilder();
        out.append(line(head, row)).append('\n');
        out.append(separator(head, row)).append('\n');
        out.append(line(row, head)).append('\n');
        out.append('\n');
        out.append(String.format("seed %d, mode %s, %d stalled-writer pauses; refused (4xx) %d, unanswered %d, "
                                 + "acknowledged as a replay of a sent-again request %d, foreign events %d%n",
                                 f.seed, f.mode, f.stalls, f.rejected, f.unanswered, f.replayedDuringRun, f.foreign));
        out.append(String.format("peak %.0f commands/s (flat out, no faults); half-load phase %.0f commands/s: lag p50/p99 %s ms "
                                 + "(command answer to ledger-row event; target p99 <= %d ms), during faults %s ms; "
                                 + "%d acknowledged commands never showed in the live ledger%n",
                                 f.peakPerSecond, f.halfLoadPerSecond, Percentiles.pair(f.halfLoadLags), f.lagTargetMillis,
                                 Percentiles.pair(f.faultLags), f.lagMissing));
        out.append(String.format("retries of acknowledged requests: %d, answered replayed %d, not %d; rebuild %s; "
                                 + "cases: ledger %d, command side %d; integrity %s%n",
                                 f.replayRetried, f.replayRetried - f.replayFailures, f.replayFailures, f.rebuild,
                                 f.ledgerCases, f.commandSideCases, f.integrityOk ? "ok" : "NOT ok (" + f.integrityDetail + ")"));
        if (f.space != null) {
            double ratio = f.space.rawBytes() == 0 ? Double.NaN : (double) f.storeFileBytesClosed / f.space.rawBytes();
            out.append(String.format("space: store file %s (%s while running), holding %d events in %d commits of %d cases, "
                                     + "%d documents in %d collections, %s of raw BSON: file/data = %.1f%n",
                                     SpaceProbe.megabytes(f.storeFileBytesClosed), SpaceProbe.megabytes(f.storeFileBytes),
                                     f.space.events(), f.space.commits(), f.space.cases(), f.space.documents(),
                                     f.space.collections(), SpaceProbe.megabytes(f.space.rawBytes()), ratio));
        }
        return out.toString();
    }

    /** The reasons the run fails; empty means PASSED. */
    static List<String> failures(Figures f) {
        List<String> reasons = new ArrayList<>();
        if (f.lost > 0) {
            reasons.add(f.lost + " lost");
        }
        if (f.duplicated > 0) {
            reasons.add(f.duplicated + " duplicated");
        }
        if (f.foreign > 0) {
            reasons.add(f.foreign + " foreign events");
        }
        if (f.mismatches > 0) {
            reasons.add(f.mismatches + " projection mismatches");
        }
        if (!f.integrityOk) {
            reasons.add("integrity verification not ok");
        }
        if (f.replayFailures > 0) {
            reasons.add(f.replayFailures + " retries not answered as replays");
        }
        if (f.caseKills < f.plannedCaseKills || f.queryKills < f.plannedQueryKills) {
            reasons.add("only " + f.caseKills + "/" + f.queryKills + " of " + f.plannedCaseKills + "/"
                        + f.plannedQueryKills + " kills done");
        }
        if (f.acknowledged == 0) {
            reasons.add("nothing acknowledged");
        }
        if (!f.problems.isEmpty()) {
            reasons.add(f.problems.size() + " harness problems");
        }
        if (f.strict) {
            if (f.answers5xx > 0) {
                reasons.add(f.answers5xx + " 5xx answers");
            }
            double p99 = Percentiles.of(f.halfLoadLags, 99);
            if (Double.isNaN(p99) || p99 > f.lagTargetMillis) {
                reasons.add("half-load lag p99 " + Math.round(p99) + " ms over " + f.lagTargetMillis + " ms");
            }
        }
        return reasons;
    }

    private static String line(String[] cells, String[] other) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(" | ");
            }
            int width = Math.max(cells[i].length(), other[i].length());
            out.append(String.format("%-" + width + "s", cells[i]));
        }
        return out.toString();
    }

    private static String separator(String[] a, String[] b) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                out.append("-|-");
            }
            out.append("-".repeat(Math.max(a[i].length(), b[i].length())));
        }
        return out.toString();
    }
}
