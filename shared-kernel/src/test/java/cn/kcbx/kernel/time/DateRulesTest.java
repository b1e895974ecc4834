package cn.kcbx.kernel.time;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DateRulesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 3, 8);

    @Test
    void notFuture() {
        assertThatCode(() -> DateRules.requireNotFuture(TODAY, TODAY, "走访日期")).doesNotThrowAnyException();
        assertThatCode(() -> DateRules.requireNotFuture(TODAY.minusYears(1), TODAY, "走访日期"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DateRules.requireNotFuture(TODAY.plusDays(1), TODAY, "走访日期"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.code()).isEqualTo("DATE_IN_FUTURE");
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).isEqualTo("走访日期不能晚于今天（2026-03-08）");
                });
    }

    @Test
    void notBefore() {
        LocalDate identified = LocalDate.of(2026, 3, 5);
        assertThatCode(() -> DateRules.requireNotBefore(identified, identified, "走访日期", "案件识别日期"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> DateRules.requireNotBefore(LocalDate.of(2026, 3, 1), identified, "走访日期", "案件识别日期"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.code()).isEqualTo("DATE_BEFORE_ALLOWED");
                    assertThat(e.getMessage()).isEqualTo("走访日期（2026-03-01）不能早于案件识别日期（2026-03-05）");
                });
    }

    @Test
    void todayIsBeijingTime() {
        LocalDate before = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        LocalDate today = DateRules.today();
        LocalDate after = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(today).isBetween(before, after);
    }
}
