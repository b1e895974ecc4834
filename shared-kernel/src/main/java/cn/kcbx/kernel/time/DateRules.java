package cn.kcbx.kernel.time;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/** Date checks shared by commands and value objects. Field is null: the caller re-attributes with {@code atField}. */
public final class DateRules {

    /** All "today" decisions are made on Beijing time, wherever the server runs. */
    public static final ZoneId CHINA_ZONE = ZoneId.of("Asia/Shanghai");

    private DateRules() {
    }

    /** Today's date in China (Asia/Shanghai). */
    public static LocalDate today() {
        return LocalDate.now(CHINA_ZONE);
    }

    /** Rejects a date after {@code today}; {@code what} names it for the clerk, e.g. "走访日期". */
    public static void requireNotFuture(LocalDate date, LocalDate today, String what) {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(today, "today");
        if (date.isAfter(today)) {
            throw new InvalidValueException("DATE_IN_FUTURE", null, what + "不能晚于今天（" + today + "）");
        }
    }

    /**
     * Rejects a date before {@code earliest}, e.g. ("走访日期", "案件识别日期"):
     * "走访日期（2026-03-01）不能早于案件识别日期（2026-03-05）".
     */
    public static void requireNotBefore(LocalDate date, LocalDate earliest, String what, String earliestWhat) {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(earliest, "earliest");
        if (date.isBefore(earliest)) {
            throw new InvalidValueException("DATE_BEFORE_ALLOWED", null,
                    what + "（" + date + "）不能早于" + earliestWhat + "（" + earliest + "）");
        }
    }
}
