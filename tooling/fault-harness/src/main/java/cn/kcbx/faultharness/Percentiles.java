package cn.kcbx.faultharness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of a sample, and how to print a pair of them. */
final class Percentiles {

    private Percentiles() {
    }

    /** The nearest-rank {@code p}-th percentile (0 < p ≤ 100), or NaN for an empty sample. */
    static double of(Collection<Double> sample, double p) {
        if (sample.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(sample);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** "p50/p99", e.g. "12/85", or "-" without a sample. */
    static String pair(Collection<Double> sample) {
        if (sample.isEmpty()) {
            return "-";
        }
        return Math.round(of(sample, 50)) + "/" + Math.round(of(sample, 99));
    }
}
