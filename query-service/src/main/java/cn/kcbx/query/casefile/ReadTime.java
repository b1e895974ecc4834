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
 * The two clocks of every figure: the day whose state is asked ({@code day}) and the moment of knowledge
 * ({@code instant}: what had been recorded by then).
 *
 * <ul>
 *   <li>{@code live}: now, from the current ledger.</li>
 *   <li>{@code asOf} alone: what the system knew at that moment, about that moment (the case files as they stood
 *       then, whatever was entered or corrected later): how a report already filed is reproduced.</li>
 *   <li>{@code on} ({@link #byBusinessDate}): the state on that day by the dates on the events (visited on, returned
 *       on, ...), as known now or, with {@code asOf} too, as known at that moment. Steps entered late or corrected
 *       count on the day they happened.</li>
 * </ul>
 *
 * <p>{@code knownNow}: the knowledge is the current one (no {@code asOf}), so figures "on" a day are read from the
 * versions each case knows now, by key, rather than by a query over every version ever known.
 *
 * <p>A date as {@code asOf} asks for the end of that day (23:59:59.999 China time), which is what a report "as at
 * 28 October" means.
 */
public record ReadTime(Instant instant, LocalDate day, boolean live, boolean byBusinessDate, boolean knownNow) {

    /** The API documentation of the two parameters, the same on every ledger, dashboard and report. */
    public static final String ON_PARAMETER = "业务日期（如 2026-10-31）：按各环节的实际发生日期（走访日期、返校日期等）统计这一天的情况，"
            + "补录、更正的记录计入其实际发生日；不填则为统计时点当天的情况";
    public static final String AS_OF_PARAMETER = "统计时点：日期（当天结束时）或带时区的时间，即截至何时录入系统的记录；默认为当前。"
            + "只填统计时点时，重现当时系统所掌握的情况";

    public static ReadTime now(Clock clock) {
        Instant now = clock.instant();
        return new ReadTime(now, LocalDate.ofInstant(now, DateRules.CHINA_ZONE), true, false, true);
    }

    /** The end of {@code day} in China. */
    public static ReadTime endOf(LocalDate day) {
        Instant end = day.plusDays(1).atStartOfDay(DateRules.CHINA_ZONE).toInstant().minusMillis(1);
        return new ReadTime(end, day, false, false, false);
    }

    public static ReadTime at(Instant instant) {
        return new ReadTime(instant, LocalDate.ofInstant(instant, DateRules.CHINA_ZONE), false, false, false);
    }

    /**
     * The state on {@code day} by business dates, as known at this read time's moment ({@code knownNow}: as known
     * now, which the read side answers from the versions each case knows now, by key).
     */
    public ReadTime on(LocalDate day) {
        return new ReadTime(instant, day, false, true, live);
    }

    /**
     * Parses the {@code on} and {@code asOf} request parameters (see {@link #parse(String, Clock)} for {@code asOf}).
     * {@code on} is a date, not after the moment of knowledge: a day nobody had seen yet has no state to report.
     */
    public static ReadTime parse(String on, String asOf, Clock clock) {
        ReadTime knowledge = parse(asOf, clock);
        if (on == null || on.isBlank()) {
            return knowledge;
        }
        String value = on.strip();
        LocalDate day;
        try {
            day = LocalDate.parse(value);
        } catch (DateTimeException e) {
            throw new InvalidValueException("INVALID_ON", "on",
                    "业务日期“" + value + "”格式不正确，请填写日期（如 2026-10-31）");
        }
        if (day.isAfter(knowledge.day())) {
            throw knowledge.live()
                    ? new InvalidValueException("ON_IN_FUTURE", "on",
                            "业务日期 " + value + " 还没有到，只能查询今天或过去某一天的情况")
                    : new InvalidValueException("ON_AFTER_AS_OF", "on",
                            "业务日期 " + value + " 晚于统计时点 " + knowledge.day() + "：统计时点时还没有那一天的情况");
        }
        return knowledge.on(day);
    }

    /**
     * Parses the {@code asOf} request parameter: absent means now (live); a date ({@code 2026-10-28}), a date-time with
     * offset ({@code 2026-10-28T18:00:00+08:00}, {@code ...Z}) or a local date-time (China time). The future is refused:
     * a figure for a time still to come is not reproducible.
     */
    public static ReadTime parse(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            return now(clock);
        }
        String value = text.strip();
        ReadTime asOf;
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
