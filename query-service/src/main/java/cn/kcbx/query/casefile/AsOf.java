package cn.kcbx.query.casefile;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.time.DateRules;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * The instant a figure is computed for, and its calendar day in China. {@code live} means "now, from the current
 * ledger"; otherwise the figures are what the system knew at {@code instant}, from the case history.
 *
 * <p>A date asks for the end of that day (23:59:59.999 China time), which is what a report "as at 28 October" means.
 */
public record AsOf(Instant instant, LocalDate day, boolean live) {

    public static AsOf now(Clock clock) {
        Instant now = clock.instant();
        return new AsOf(now, LocalDate.ofInstant(now, DateRules.CHINA_ZONE), true);
    }

    /** The end of {@code day} in China. */
    public static AsOf endOf(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(DateRules.CHINA_ZONE).toInstant().minusMillis(1);
        return new AsOf(end, day, false);
    }

    public static AsOf at(Instant instant) {
        return new AsOf(instant, LocalDate.ofInstant(instant, DateRules.CHINA_ZONE), false);
    }

    /**
     * Parses the {@code asOf} request parameter: absent means now (live); a date ({@code 2026-10-28}), a date-time with
     * offset ({@code 2026-10-28T18:00:00+08:00}, {@code ...Z}) or a local date-time (China time). The future is refused:
     * a figure for a time still to come is not reproducible.
     */
    public static AsOf parse(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return now(clock);
        }
        String value = text.strip();
        AsOf asOf;
        try {
            if (value.length() == 10) {
                asOf = endOf(LocalDate.parse(value));
            } else if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                asOf = at(OffsetDateTime.parse(value).toInstant());
            } else {
                asOf = at(LocalDateTime.parse(value).atZone(DateRules.CHINA_ZONE).toInstant());
            }
        } catch (DateTimeException e) {
            throw new InvalidValueException("INVALID_AS_OF", "asOf",
                    "统计时点“" + value + "”格式不正确，请填写日期（如 2026-10-28）或时间（如 2026-10-28T18:00:00+08:00）");
        }
        Instant now = clock.instant();
        if (asOf.instant().isAfter(now)) {
            if (asOf.day().isAfter(LocalDate.ofInstant(now, DateRules.CHINA_ZONE))) {
                throw new InvalidValueException("AS_OF_IN_FUTURE", "asOf",
                        "统计时点 " + value + " 还没有到，只能查询当前或过去的数据");
            }
            // Today asked as a date: the day is not over, so the answer is "as of now".
            return now(clock);
        }
        return asOf;
    }
}
