package cn.kcbx.kernel.time;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Objects;

/**
 * When terms start, and how long the start-of-term check (开学排查) after a term start lasts. The spring term runs from
 * {@code springStart} to the day before {@code autumnStart} (summer holidays included); the autumn term runs to the
 * day before the next year's {@code springStart} (winter holidays included).
 */
public record TermCalendar(MonthDay springStart, MonthDay autumnStart, int startOfTermCheckDays) {

    public static final int MAX_CHECK_DAYS = 90;

    public static final TermCalendar DEFAULT = new TermCalendar(MonthDay.of(3, 1), MonthDay.of(9, 1), 14);

    public TermCalendar {
        if (springStart == null || autumnStart == null) {
            throw new InvalidValueException("TERM_START_REQUIRED", null, "请填写春季和秋季学期的开学日期");
        }
        if (!springStart.isBefore(autumnStart)) {
            throw new InvalidValueException("TERM_START_ORDER", null,
                    "春季学期开学日期（" + springStart + "）应早于秋季学期开学日期（" + autumnStart + "）");
        }
        if (startOfTermCheckDays < 0 || startOfTermCheckDays > MAX_CHECK_DAYS) {
            throw new InvalidValueException("TERM_CHECK_DAYS_OUT_OF_RANGE", null,
                    "开学排查天数应在 0–" + MAX_CHECK_DAYS + " 天之间，填写的是 " + startOfTermCheckDays + " 天");
        }
    }

    /** The term the date falls in; January and February before spring start belong to last year's autumn term. */
    public SchoolTerm termOf(LocalDate date) {
        Objects.requireNonNull(date, "date");
        int year = date.getYear();
        if (!date.isBefore(autumnStart.atYear(year))) {
            return new SchoolTerm(year, SchoolTerm.Season.AUTUMN);
        }
        if (!date.isBefore(springStart.atYear(year))) {
            return new SchoolTerm(year, SchoolTerm.Season.SPRING);
        }
        return new SchoolTerm(year - 1, SchoolTerm.Season.AUTUMN);
    }

    public LocalDate startOf(SchoolTerm term) {
        Objects.requireNonNull(term, "term");
        MonthDay start = term.season() == SchoolTerm.Season.SPRING ? springStart : autumnStart;
        return start.atYear(term.year());
    }

    /** The first term start strictly after the date. */
    public LocalDate nextTermStart(LocalDate date) {
        return startOf(termOf(date).next());
    }

    /** End of the watch after a return: the rest of the current term plus the next start-of-term check. */
    public LocalDate watchPeriodEnd(LocalDate returnDate) {
        return nextTermStart(returnDate).plusDays(startOfTermCheckDays);
    }

    /** E.g. "2026年秋季学期" for 2027-01-10. */
    public String termLabel(LocalDate date) {
        return termOf(date).label();
    }
}
