package cn.kcbx.kernel.time;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TermCalendarProperties {

    private static final TermCalendar CALENDAR = TermCalendar.DEFAULT;

    @Property
    void nextTermStartIsTheStartOfTheFollowingTerm(@ForAll("dates") LocalDate date) {
        LocalDate next = CALENDAR.nextTermStart(date);
        assertThat(next).isAfter(date);
        assertThat(CALENDAR.termOf(next)).isEqualTo(CALENDAR.termOf(date).next());
        assertThat(CALENDAR.termOf(next.minusDays(1))).isEqualTo(CALENDAR.termOf(date));
        assertThat(CALENDAR.startOf(CALENDAR.termOf(date))).isBeforeOrEqualTo(date);
        assertThat(ChronoUnit.DAYS.between(date, CALENDAR.watchPeriodEnd(date)))
                .isBetween(15L, 184L + 14L);
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(2000, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
                .map(LocalDate::ofEpochDay);
    }
}
