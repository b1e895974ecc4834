package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.time.DateRules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdNumberTest {

    static void assertRejected(Runnable construction, String code) {
        assertThatThrownBy(construction::run)
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.field()).isNull();
                    assertThat(e.getMessage()).isNotBlank();
                });
    }

    @Test
    void knownValidVector() {
        IdNumber id = new IdNumber("11010519491231002X");
        assertThat(id.value()).isEqualTo("11010519491231002X");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.sex()).isEqualTo(Sex.FEMALE);
        assertThat(id.regionCode()).isEqualTo("110105");
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
    }

    @Test
    void knownInvalidVectorNamesTheExpectedCheckCharacter() {
        assertThat(IdNumber.checkCharacter("11010120050101123")).isEqualTo('9');
        assertThatThrownBy(() -> new IdNumber("110101200501011234"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.code()).isEqualTo("ID_NUMBER_CHECK_CHARACTER");
                    assertThat(e.getMessage()).startsWith("身份证号校验位错误，应为 9，请核对后重新填写");
                });
        assertThat(new IdNumber("110101200501011239").sex()).isEqualTo(Sex.MALE);
    }

    @Test
    void lowerCaseXAndSurroundingSpacesAreNormalised() {
        assertThat(new IdNumber(" 11010519491231002x\t").value()).isEqualTo("11010519491231002X");
        assertThat(new IdNumber("11010519491231002x")).isEqualTo(new IdNumber("11010519491231002X"));
    }

    @Test
    void abolishedCountyCodesStayValid() {
        // 110103 崇文区 was merged into 东城区 in 2010; people keep their ID number
        String id = TestIdNumbers.of("110103", LocalDate.of(2009, 5, 6), 21);
        assertThat(new IdNumber(id).regionCode()).isEqualTo("110103");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void missing(String value) {
        assertRejected(() -> new IdNumber(value), "ID_NUMBER_REQUIRED");
    }

    @Test
    void oldFifteenDigitFormatHasItsOwnCode() {
        assertThatThrownBy(() -> new IdNumber("110105491231002"))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.code()).isEqualTo("ID_NUMBER_OLD_FORMAT");
                    assertThat(e.getMessage()).contains("15 位").contains("18 位");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"11010519491231002", "11010519491231002X1", "1101051949123100", "11010519491231002XX"})
    void wrongLength(String value) {
        assertRejected(() -> new IdNumber(value), "ID_NUMBER_LENGTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1101O519491231002X", "11010519491231002Y", "X10105194912310021", "110105 9491231002X",
            "11010519491231002*", "１１0105194912310021"})
    void badCharacters(String value) {
        assertRejected(() -> new IdNumber(value), "ID_NUMBER_CHARACTERS");
    }

    @Test
    void badCharacterMessageNamesThePosition() {
        assertThatThrownBy(() -> new IdNumber("1101O519491231002X"))
                .hasMessage("身份证号第 5 位应为数字，填写的是“O”");
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000", "990101", "720101", "833100", "100101", "560101"})
    void unknownProvince(String region) {
        String id = TestIdNumbers.withCheck(region + "20100101" + "123");
        assertRejected(() -> new IdNumber(id), "ID_NUMBER_REGION_UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20050230", "20090229", "20101301", "20100001", "20100132", "00000000"})
    void impossibleDate(String date) {
        String id = TestIdNumbers.withCheck("430122" + date + "123");
        assertRejected(() -> new IdNumber(id), "ID_NUMBER_DATE_INVALID");
    }

    @Test
    void leapDayIsAccepted() {
        assertThat(new IdNumber(TestIdNumbers.withCheck("430122" + "20080229" + "123")).birthDate())
                .isEqualTo(LocalDate.of(2008, 2, 29));
    }

    @Test
    void dateBefore1900() {
        assertRejected(() -> new IdNumber(TestIdNumbers.withCheck("430122" + "18991231" + "123")),
                "ID_NUMBER_DATE_TOO_EARLY");
        assertThat(new IdNumber(TestIdNumbers.withCheck("430122" + "19000101" + "123")).birthDate())
                .isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @Test
    void futureDate() {
        LocalDate tomorrow = DateRules.today().plusDays(1);
        assertRejected(() -> new IdNumber(TestIdNumbers.of("430122", tomorrow, 123)), "ID_NUMBER_DATE_IN_FUTURE");
        assertThat(new IdNumber(TestIdNumbers.of("430122", DateRules.today(), 123)).birthDate())
                .isEqualTo(DateRules.today());
    }

    @Test
    void wrongCheckCharacter() {
        assertRejected(() -> new IdNumber("110105194912310021"), "ID_NUMBER_CHECK_CHARACTER");
    }

    @Test
    void rejectionCanBeReattributedToAField() {
        InvalidValueException e = (InvalidValueException) org.assertj.core.api.Assertions
                .catchThrowable(() -> new IdNumber("110105194912310021"));
        assertThat(e.atField("student.idNumber").field()).isEqualTo("student.idNumber");
        assertThat(e.atField("student.idNumber").code()).isEqualTo(e.code());
    }

    @CsvSource({
            "2009-03-10, 2026-03-09, 16",
            "2009-03-10, 2026-03-10, 17",
            "2008-02-29, 2009-02-28, 0",
            "2008-02-29, 2009-03-01, 1",
            "2008-02-29, 2008-02-29, 0"
    })
    @ParameterizedTest
    void ageInFullYears(LocalDate birth, LocalDate on, int age) {
        assertThat(new IdNumber(TestIdNumbers.of("430122", birth, 11)).ageOn(on)).isEqualTo(age);
    }

    @Test
    void ageBeforeBirthIsRejected() {
        IdNumber id = new IdNumber(TestIdNumbers.of("430122", LocalDate.of(2010, 1, 1), 11));
        assertRejected(() -> id.ageOn(LocalDate.of(2009, 12, 31)), "DATE_BEFORE_ALLOWED");
    }

    @Test
    void sexFromSeventeenthDigit() {
        assertThat(new IdNumber(TestIdNumbers.of("430122", LocalDate.of(2012, 7, 1), 123)).sex()).isEqualTo(Sex.MALE);
        assertThat(new IdNumber(TestIdNumbers.of("430122", LocalDate.of(2012, 7, 1), 120)).sex()).isEqualTo(Sex.FEMALE);
        assertThat(Sex.MALE.label()).isEqualTo("男");
        assertThat(Sex.FEMALE.label()).isEqualTo("女");
    }

    @Test
    void maskedEverywhereButValue() {
        String raw = TestIdNumbers.of("430122", LocalDate.of(2012, 7, 1), 123);
        IdNumber id = new IdNumber(raw);
        assertThat(id.masked()).isEqualTo("4301**********" + raw.substring(14));
        assertThat(id.toString()).isEqualTo(id.masked());
        assertThat(String.valueOf(id)).doesNotContain(raw);
        assertThat(new IdNumber("11010519491231002X").masked()).isEqualTo("1101**********002X");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1101051949123100", "110105194912310021", "1101051949123100X"})
    void checkCharacterNeedsExactly17Digits(String input) {
        assertThatIllegalArgumentException().isThrownBy(() -> IdNumber.checkCharacter(input));
    }
}
