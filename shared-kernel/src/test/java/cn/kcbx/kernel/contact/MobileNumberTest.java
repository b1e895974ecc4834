package cn.kcbx.kernel.contact;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MobileNumberTest {

    private static void assertRejected(String value, String code) {
        assertThatThrownBy(() -> new MobileNumber(value)).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @ParameterizedTest
    @ValueSource(strings = {"13812345678", " 138 1234 5678 ", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
            "86 13812345678", "8613812345678", "138　1234　5678"})
    void acceptedForms(String input) {
        MobileNumber number = new MobileNumber(input);
        assertThat(number.value()).isEqualTo("13812345678");
        assertThat(new MobileNumber(number.value())).isEqualTo(number);
    }

    @Test
    void masked() {
        MobileNumber number = new MobileNumber("13812345678");
        assertThat(number.masked()).isEqualTo("138****5678");
        assertThat(number.toString()).isEqualTo("138****5678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"19912345678", "13012345678", "17012345678"})
    void allCurrentPrefixes(String input) {
        assertThat(new MobileNumber(input).value()).isEqualTo(input);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void missing(String input) {
        assertRejected(input, "MOBILE_NUMBER_REQUIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1381234567a", "+1 415 555 0100", "(0731)84512345", "138.1234.5678", "１３８12345678"})
    void nonDigits(String input) {
        assertRejected(input, "MOBILE_NUMBER_CHARACTERS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1381234567", "138123456789", "0731-84512345", "+86 1381234567"})
    void wrongLength(String input) {
        assertRejected(input, "MOBILE_NUMBER_LENGTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12812345678", "10012345678", "23812345678", "07318451234"})
    void wrongPrefix(String input) {
        assertRejected(input, "MOBILE_NUMBER_PREFIX");
    }
}
