package cn.kcbx.kernel.student;

import cn.kcbx.kernel.time.DateRules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static cn.kcbx.kernel.student.IdNumberTest.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudentNumberTest {

    private static final String J_BODY = TestIdNumbers.of("430122", LocalDate.of(2012, 9, 3), 45);

    @Test
    void generalIdBased() {
        StudentNumber number = new StudentNumber("g11010519491231002x");
        assertThat(number.value()).isEqualTo("G11010519491231002X");
        assertThat(number.kind()).isEqualTo(StudentNumber.Kind.GENERAL_ID_BASED);
        assertThat(number.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(number.embeddedIdNumber()).contains(new IdNumber("11010519491231002X"));
        assertThat(number.masked()).isEqualTo("G1101**********002X");
        assertThat(number.toString()).isEqualTo(number.masked());
    }

    @Test
    void noIdNumber() {
        StudentNumber number = new StudentNumber(" j" + J_BODY + " ");
        assertThat(number.value()).isEqualTo("J" + J_BODY);
        assertThat(number.kind()).isEqualTo(StudentNumber.Kind.NO_ID_NUMBER);
        assertThat(number.birthDate()).isEqualTo(LocalDate.of(2012, 9, 3));
        assertThat(number.embeddedIdNumber()).isEmpty();
    }

    @Test
    void temporary() {
        StudentNumber number = new StudentNumber("l430122201001011234");
        assertThat(number.value()).isEqualTo("L430122201001011234");
        assertThat(number.kind()).isEqualTo(StudentNumber.Kind.TEMPORARY);
        assertThat(number.birthDate()).isEqualTo(LocalDate.of(2010, 1, 1));
        assertThat(number.embeddedIdNumber()).isEmpty();
        assertThat(number.masked()).isEqualTo("L4301**********1234");
        assertThat(new StudentNumber(number.value())).isEqualTo(number);
    }

    @Test
    void kindsHaveChineseLabelsAndPrefixes() {
        assertThat(StudentNumber.Kind.GENERAL_ID_BASED.prefix()).isEqualTo('G');
        assertThat(StudentNumber.Kind.NO_ID_NUMBER.prefix()).isEqualTo('J');
        assertThat(StudentNumber.Kind.TEMPORARY.prefix()).isEqualTo('L');
        assertThat(StudentNumber.Kind.TEMPORARY.label()).contains("临时学籍号");
        assertThat(StudentNumber.Kind.GENERAL_ID_BASED.label()).contains("身份证号");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void missing(String value) {
        assertRejected(() -> new StudentNumber(value), "STUDENT_NUMBER_REQUIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002X", "A11010519491231002X", "1234567890123456"})
    void unknownPrefix(String value) {
        assertRejected(() -> new StudentNumber(value), "STUDENT_NUMBER_PREFIX");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G11010519491231002", "G11010519491231002X0", "L43012220100101123", "J"})
    void wrongLength(String value) {
        assertRejected(() -> new StudentNumber(value), "STUDENT_NUMBER_LENGTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G1101O519491231002X", "G11010519491231002Y", "L43012220100101123X", "L4301222010010112a4"})
    void badCharacters(String value) {
        assertRejected(() -> new StudentNumber(value), "STUDENT_NUMBER_CHARACTERS");
    }

    @Test
    void badCharacterMessageCountsThePrefix() {
        assertThatThrownBy(() -> new StudentNumber("G1101O519491231002X")).hasMessageContaining("第 6 位");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G", "J"})
    void wrongCheckCharacter(String prefix) {
        char wrong = J_BODY.charAt(17) == '0' ? '1' : '0';
        assertRejected(() -> new StudentNumber(prefix + J_BODY.substring(0, 17) + wrong),
                "STUDENT_NUMBER_CHECK_CHARACTER");
    }

    @ParameterizedTest
    @ValueSource(strings = {"G", "J"})
    void checkedKindsFollowIdNumberDateAndRegionRules(String prefix) {
        assertRejected(() -> new StudentNumber(prefix + TestIdNumbers.withCheck("99012220100101123")),
                "STUDENT_NUMBER_REGION_UNKNOWN");
        assertRejected(() -> new StudentNumber(prefix + TestIdNumbers.withCheck("43012220100230123")),
                "STUDENT_NUMBER_DATE_INVALID");
        assertRejected(() -> new StudentNumber(prefix + TestIdNumbers.withCheck("43012218991231123")),
                "STUDENT_NUMBER_DATE_TOO_EARLY");
        assertRejected(() -> new StudentNumber(prefix + TestIdNumbers.of("430122", DateRules.today().plusDays(1), 1)),
                "STUDENT_NUMBER_DATE_IN_FUTURE");
    }

    @Test
    void temporaryNumbersCheckRegionAndDateButHaveNoCheckDigit() {
        assertThat(new StudentNumber("L430122201001010000").kind()).isEqualTo(StudentNumber.Kind.TEMPORARY);
        assertThat(new StudentNumber("L430122201001019999").kind()).isEqualTo(StudentNumber.Kind.TEMPORARY);
        assertRejected(() -> new StudentNumber("L990122201001011234"), "STUDENT_NUMBER_REGION_UNKNOWN");
        assertRejected(() -> new StudentNumber("L430122201002301234"), "STUDENT_NUMBER_DATE_INVALID");
        assertRejected(() -> new StudentNumber("L430122189912311234"), "STUDENT_NUMBER_DATE_TOO_EARLY");
        String tomorrow = TestIdNumbers.yyyyMMdd(DateRules.today().plusDays(1));
        assertRejected(() -> new StudentNumber("L430122" + tomorrow + "1234"), "STUDENT_NUMBER_DATE_IN_FUTURE");
    }

    @Test
    void dateMessageCountsThePrefix() {
        assertThatThrownBy(() -> new StudentNumber("L430122201002301234"))
                .hasMessage("学籍号第 8–15 位的出生日期“20100230”不是真实的日期，请核对");
    }
}
