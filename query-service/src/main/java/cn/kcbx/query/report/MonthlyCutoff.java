package cn.kcbx.query.report;

import cn.kcbx.query.measure.Period;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * When a month's report is taken: the end of the cut-off day (the 28th, say, or the month's last day), and the period
 * it covers: from the day after the previous month's cut-off to this one's.
 *
 * @param day 1–28, or 0 for the last day of the month
 */
record MonthlyCutoff(int day) {

    LocalDate cutoff(YearMonth month) {
        return day == 0 ? month.atEndOfMonth() : month.atDay(day);
    }

    Period period(YearMonth month) {
        return new Period(cutoff(month.minusMonths(1)).plusDays(1), cutoff(month));
    }
}
