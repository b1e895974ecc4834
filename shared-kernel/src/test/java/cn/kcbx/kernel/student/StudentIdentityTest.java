package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudentIdentityTest {

    private static final Map<String, String> FIELDS = Map.of("SEX_MISMATCH", "sex", "SEX_REQUIRED", "sex", "BIRTH_DATE_MISMATCH", "birthDate", "STUDENT_IDENTIFIER_REQUIRED", "idNumber", "NAME_REQUIRED", "name", "NAME_LENGTH", "name", "NAME_CONTAINS_DIGITS", "name", "NAME_CHARACTERS", "name");

    /** Rejections of this record name the component at fault; those of the value objects inside it name none. */
    static void assertRejected(Runnable construction, String code) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(FIELDS.get(code));
        });
    }


    private static final LocalDate BIRTH = LocalDate.of(2012, 9, 3);
    private static final IdNumber GIRL_ID = new IdNumber(TestIdNumbers.of("430122", BIRTH, 44, Sex.FEMALE));
    private static final StudentNumber J_NUMBER =
            new StudentNumber("J" + TestIdNumbers.of("430122", BIRTH, 45));

    @Test
    void birthDateAndSexAreDerivedFromTheIdNumber() {
        StudentIdentity s = new StudentIdentity("  王小红 ", GIRL_ID, null, null, null);
        assertThat(s.name()).isEqualTo("王小红");
        assertThat(s.birthDate()).isEqualTo(BIRTH);
        assertThat(s.sex()).isEqualTo(Sex.FEMALE);
        assertThat(s.studentKey()).isEqualTo(GIRL_ID.value());
        assertThat(s.ageOn(LocalDate.of(2026, 9, 3))).isEqualTo(14);
        assertThat(s.ageOn(LocalDate.of(2026, 9, 2))).isEqualTo(13);
    }

    @Test
    void matchingEnteredValuesAreAccepted() {
        StudentIdentity s = new StudentIdentity("王小红", GIRL_ID, J_NUMBER, Sex.FEMALE, BIRTH);
        assertThat(s.studentKey()).isEqualTo(GIRL_ID.value());
        // the stored form goes through the canonical constructor again (Jackson)
        assertThat(new StudentIdentity(s.name(), s.idNumber(), s.studentNumber(), s.sex(), s.birthDate()))
                .isEqualTo(s);
    }

    @Test
    void sexMustMatchTheIdNumber() {
        assertThatThrownBy(() -> new StudentIdentity("王小红", GIRL_ID, null, Sex.MALE, null))
                .hasMessage("性别与身份证号第17位不符：身份证号显示为女，填写的是男");
        assertRejected(() -> new StudentIdentity("王小红", GIRL_ID, null, Sex.MALE, null), "SEX_MISMATCH");
    }

    @Test
    void birthDateMustMatchTheIdNumber() {
        assertRejected(() -> new StudentIdentity("王小红", GIRL_ID, null, null, BIRTH.plusDays(1)),
                "BIRTH_DATE_MISMATCH");
        assertThatThrownBy(() -> new StudentIdentity("王小红", GIRL_ID, null, null, BIRTH.plusDays(1)))
                .hasMessage("出生日期与身份证号不符：身份证号显示为 2012-09-03，填写的是 2012-09-04");
    }

    @Test
    void anIdentifierIsRequired() {
        assertRejected(() -> new StudentIdentity("王小红", null, null, Sex.FEMALE, BIRTH),
                "STUDENT_IDENTIFIER_REQUIRED");
    }

    @Test
    void studentNumberOnly() {
        StudentIdentity s = new StudentIdentity("王小明", null, J_NUMBER, Sex.MALE, null);
        assertThat(s.birthDate()).isEqualTo(BIRTH);
        assertThat(s.studentKey()).isEqualTo(J_NUMBER.value());
        assertRejected(() -> new StudentIdentity("王小明", null, J_NUMBER, Sex.MALE, BIRTH.minusDays(1)),
                "BIRTH_DATE_MISMATCH");
    }

    @Test
    void withoutAnyIdNumberSexMustBeGiven() {
        assertRejected(() -> new StudentIdentity("王小明", null, J_NUMBER, null, null), "SEX_REQUIRED");
        StudentNumber temporary = new StudentNumber("L430122201209031234");
        assertRejected(() -> new StudentIdentity("王小明", null, temporary, null, null), "SEX_REQUIRED");
        assertThat(new StudentIdentity("王小明", null, temporary, Sex.FEMALE, null).birthDate()).isEqualTo(BIRTH);
    }

    @Test
    void gNumberOnlyIsCheckedAgainstItsEmbeddedIdNumber() {
        StudentNumber g = new StudentNumber("G" + GIRL_ID.value());
        StudentIdentity s = new StudentIdentity("王小红", null, g, null, null);
        assertThat(s.sex()).isEqualTo(Sex.FEMALE);
        assertThat(s.birthDate()).isEqualTo(BIRTH);
        assertRejected(() -> new StudentIdentity("王小红", null, g, Sex.MALE, null), "SEX_MISMATCH");
    }

    @Test
    void gNumberIsNotCrossCheckedAgainstANewerIdNumber() {
        // the ID was re-issued with a corrected birth date; the student number keeps the old one for life
        StudentNumber old = new StudentNumber("G" + TestIdNumbers.of("430122", BIRTH.minusYears(1), 44, Sex.FEMALE));
        StudentIdentity s = new StudentIdentity("王小红", GIRL_ID, old, null, null);
        assertThat(s.birthDate()).isEqualTo(BIRTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"阿卜杜拉·艾力", "阿卜杜拉•艾力", "阿卜杜拉・艾力", "阿卜杜拉.艾力"})
    void minorityNamesUseTheMiddleDot(String name) {
        assertThat(new StudentIdentity(name, GIRL_ID, null, null, null).name()).isEqualTo("阿卜杜拉·艾力");
    }

    @Test
    void innerWhitespaceIsCollapsed() {
        assertThat(new StudentIdentity("Anna  Müller", GIRL_ID, null, null, null).name()).isEqualTo("Anna Müller");
        assertThat(new StudentIdentity("王〇", GIRL_ID, null, null, null).name()).isEqualTo("王〇");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "  ")
    void nameRequired(String name) {
        assertRejected(() -> new StudentIdentity(name, GIRL_ID, null, null, null), "NAME_REQUIRED");
    }

    @Test
    void nameLength() {
        assertRejected(() -> new StudentIdentity("王", GIRL_ID, null, null, null), "NAME_LENGTH");
        assertRejected(() -> new StudentIdentity("王".repeat(31), GIRL_ID, null, null, null), "NAME_LENGTH");
        assertThat(new StudentIdentity("王".repeat(30), GIRL_ID, null, null, null).name()).hasSize(30);
        // a rare character outside the BMP counts as one
        assertThat(new StudentIdentity("王𠈌", GIRL_ID, null, null, null).name()).isEqualTo("王𠈌");
    }

    @ParameterizedTest
    @ValueSource(strings = {"王小红2", "王小红２", "3王"})
    void digitsAreRejected(String name) {
        assertRejected(() -> new StudentIdentity(name, GIRL_ID, null, null, null), "NAME_CONTAINS_DIGITS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"王@红", "·王红", "王红·", "阿卜杜拉··艾力", "王（红）"})
    void otherSymbolsAreRejected(String name) {
        assertRejected(() -> new StudentIdentity(name, GIRL_ID, null, null, null), "NAME_CHARACTERS");
    }

    @Test
    void toStringRevealsNoFullIdentifiers() {
        StudentNumber g = new StudentNumber("G" + GIRL_ID.value());
        String text = new StudentIdentity("王小红", GIRL_ID, g, null, null).toString();
        assertThat(text).doesNotContain(GIRL_ID.value()).doesNotContain("王小红")
                .contains(GIRL_ID.masked()).contains(g.masked());
    }

    @Test
    void aGTypeStudentNumberKeysTheSameChildAsItsIdNumber() {
        StudentIdentity byId = new StudentIdentity("王小红", GIRL_ID, null, null, null);
        StudentIdentity byStudentNumber = new StudentIdentity("王小红", null, new StudentNumber("G" + GIRL_ID.value()),
                                                              null, null);

        assertThat(byStudentNumber.studentKey()).isEqualTo(byId.studentKey());
        assertThat(new StudentIdentity("王小明", null, J_NUMBER, Sex.MALE, null).studentKey())
                .isEqualTo(J_NUMBER.value());
    }
}
