package cn.kcbx.kernel.time;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.MonthDay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TermCalendarTest {

    private static final TermCalendar CALENDAR = TermCalendar.DEFAULT;

    private static void assertRejected(Runnable r, String code) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void defaults() {
        assertThat(CALENDAR).isEqualTo(new TermCalendar(MonthDay.of(3, 1), MonthDay.of(9, 1), 14));
    }

    @CsvSource({
            "2026-10-10, 2027-03-01, 2027-03-15",
            "2027-04-01, 2027-09-01, 2027-09-15",
            "2026-09-01, 2027-03-01, 2027-03-15",
            "2026-08-31, 2026-09-01, 2026-09-15",
            "2027-02-28, 2027-03-01, 2027-03-15",
            "2027-03-01, 2027-09-01, 2027-09-15",
            "2026-12-31, 2027-03-01, 2027-03-15"
    })
    @ParameterizedTest
    void nextTermStartAndWatchPeriodEnd(LocalDate returned, LocalDate nextStart, LocalDate watchEnd) {
        assertThat(CALENDAR.nextTermStart(returned)).isEqualTo(nextStart);
        assertThat(CALENDAR.watchPeriodEnd(returned)).isEqualTo(watchEnd);
    }

    @CsvSource({
            "2027-01-10, 2026年秋季学期",
            "2026-09-01, 2026年秋季学期",
            "2026-12-31, 2026年秋季学期",
            "2027-02-28, 2026年秋季学期",
            "2027-03-01, 2027年春季学期",
            "2027-08-31, 2027年春季学期"
    })
    @ParameterizedTest
    void termLabels(LocalDate date, String label) {
        assertThat(CALENDAR.termLabel(date)).isEqualTo(label);
    }

    @Test
    void termsAndTheirStarts() {
        SchoolTerm autumn = CALENDAR.termOf(LocalDate.of(2027, 1, 10));
        assertThat(autumn).isEqualTo(new SchoolTerm(2026, SchoolTerm.Season.AUTUMN));
        assertThat(CALENDAR.startOf(autumn)).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(autumn.next()).isEqualTo(new SchoolTerm(2027, SchoolTerm.Season.SPRING));
        assertThat(autumn.next().next()).isEqualTo(new SchoolTerm(2027, SchoolTerm.Season.AUTUMN));
        assertThat(autumn.label()).isEqualTo("2026年秋季学期").isEqualTo(autumn.toString());
    }

    @Test
    void customCalendar() {
        TermCalendar calendar = new TermCalendar(MonthDay.of(2, 17), MonthDay.of(8, 28), 0);
        assertThat(calendar.watchPeriodEnd(LocalDate.of(2026, 2, 16))).isEqualTo(LocalDate.of(2026, 2, 17));
        assertThat(calendar.termLabel(LocalDate.of(2026, 2, 16))).isEqualTo("2025年秋季学期");
    }

    @Test
    void invalidCalendars() {
        assertRejected(() -> new TermCalendar(null, MonthDay.of(9, 1), 14), "TERM_START_REQUIRED");
        assertRejected(() -> new TermCalendar(MonthDay.of(3, 1), null, 14), "TERM_START_REQUIRED");
        assertRejected(() -> new TermCalendar(MonthDay.of(9, 1), MonthDay.of(3, 1), 14), "TERM_START_ORDER");
        assertRejected(() -> new TermCalendar(MonthDay.of(9, 1), MonthDay.of(9, 1), 14), "TERM_START_ORDER");
        assertRejected(() -> new TermCalendar(MonthDay.of(3, 1), MonthDay.of(9, 1), -1),
                "TERM_CHECK_DAYS_OUT_OF_RANGE");
        assertRejected(() -> new TermCalendar(MonthDay.of(3, 1), MonthDay.of(9, 1), 91),
                "TERM_CHECK_DAYS_OUT_OF_RANGE");
    }

    @Test
    void invalidTerms() {
        assertRejected(() -> new SchoolTerm(2026, null), "SCHOOL_TERM_SEASON_REQUIRED");
        assertRejected(() -> new SchoolTerm(1899, SchoolTerm.Season.SPRING), "SCHOOL_TERM_YEAR_OUT_OF_RANGE");
        assertRejected(() -> new SchoolTerm(3000, SchoolTerm.Season.SPRING), "SCHOOL_TERM_YEAR_OUT_OF_RANGE");
    }
}
