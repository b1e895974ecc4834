package cn.kcbx.query.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A page of ledger rows.
 *
 * @param region   the region listed, or null for a school's whole list
 * @param school   the school whose students alone are listed (a school account's read), or null
 * @param asOf     the instant the rows describe
 * @param asOfDay  its day in China: ages, days open and overdue flags are for this day
 * @param live     true when read from the current ledger, false when reproduced from the history
 * @param byBusinessDate true when {@code asOfDay} was asked as a business date ({@code on}): the state on that day by
 *                 the dates on the events, as known at {@code asOf}
 * @param total    rows matching the filters, over all pages
 */
public record LedgerPage<T>(String region, String school, Instant asOf, LocalDate asOfDay, boolean live, boolean byBusinessDate, long total, int page,
                            int size, List<T> rows) {
}
