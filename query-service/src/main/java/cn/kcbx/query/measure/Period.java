package cn.kcbx.query.measure;

import java.time.LocalDate;

/** A span of business dates, both ends included: "this month" of a dashboard, the period of a monthly report. */
public record Period(LocalDate from, LocalDate to) {

    public static Period monthTo(LocalDate day) {
        return new Period(day.withDayOfMonth(1), day);
    }

    public boolean contains(LocalDate date) {
        return date != null && !date.isBefore(from) && !date.isAfter(to);
    }
}
