package cn.kcbx.kernel.student;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static cn.kcbx.kernel.student.IdNumberTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompulsoryEducationAgeTest {

    @Test
    void defaultIsSixToSixteenInclusive() {
        CompulsoryEducationAge policy = CompulsoryEducationAge.DEFAULT;
        assertThat(policy).isEqualTo(new CompulsoryEducationAge(6, 16));
        assertThat(policy.covers(5)).isFalse();
        assertThat(policy.covers(6)).isTrue();
        assertThat(policy.covers(16)).isTrue();
        assertThat(policy.covers(17)).isFalse();
    }

    @Test
    void requireCoversUsesFullYearsOnTheDate() {
        LocalDate birth = LocalDate.of(2009, 3, 10);
        assertThatCode(() -> CompulsoryEducationAge.DEFAULT.requireCovers(birth, LocalDate.of(2026, 3, 9)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> CompulsoryEducationAge.DEFAULT.requireCovers(birth, LocalDate.of(2026, 3, 10)))
                .hasMessage("该学生识别时 17 周岁，不在义务教育年龄范围（6–16 周岁）内");
        assertRejected(() -> CompulsoryEducationAge.DEFAULT.requireCovers(birth, LocalDate.of(2026, 3, 10)),
                "AGE_OUT_OF_COMPULSORY_RANGE");
        assertRejected(() -> CompulsoryEducationAge.DEFAULT.requireCovers(LocalDate.of(2020, 9, 1),
                LocalDate.of(2026, 8, 31)), "AGE_OUT_OF_COMPULSORY_RANGE");
    }

    @Test
    void onDateBeforeBirthIsRejected() {
        assertRejected(() -> CompulsoryEducationAge.DEFAULT.requireCovers(LocalDate.of(2020, 1, 1),
                LocalDate.of(2019, 1, 1)), "DATE_BEFORE_ALLOWED");
    }

    @CsvSource({"2, 16", "6, 19", "-1, 5"})
    @ParameterizedTest
    void outOfBounds(int min, int max) {
        assertRejected(() -> new CompulsoryEducationAge(min, max), "AGE_RANGE_OUT_OF_BOUNDS");
    }

    @Test
    void minAboveMax() {
        assertRejected(() -> new CompulsoryEducationAge(10, 9), "AGE_RANGE_INVALID");
    }

    @Test
    void widestAndNarrowestRangesAreAllowed() {
        assertThat(new CompulsoryEducationAge(3, 18).covers(18)).isTrue();
        assertThat(new CompulsoryEducationAge(7, 7).covers(7)).isTrue();
    }
}
