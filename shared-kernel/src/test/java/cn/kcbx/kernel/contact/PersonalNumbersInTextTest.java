package cn.kcbx.kernel.contact;

import cn.kcbx.kernel.contact.PersonalNumbersInText.Kind;
import cn.kcbx.kernel.student.IdNumber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalNumbersInTextTest {

    /** A fictional ID number of the demo county 清溪县 (439921), born 14 May 2013, with its correct check character. */
    private static final String FIRST_17 = "43992120130514387";
    private static final String ID = FIRST_17 + IdNumber.checkCharacter(FIRST_17);
    /** A fictional ID number that ends in X (born 31 Dec 1949, check character X). */
    private static final String ID_X = "11010519491231002X";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "电话 13812345678。            | 电话 138****5678。",
            "电话 138-1234-5678。          | 电话 138-****-5678。",
            "电话 138 1234 5678。          | 电话 138 **** 5678。",
            "电话 138　1234　5678。          | 电话 138　****　5678。",
            "电话 +8613812345678。         | 电话 +86138****5678。",
            "电话 +86 138 1234 5678。      | 电话 +86 138 **** 5678。",
            "电话 +86-138-1234-5678。      | 电话 +86-138-****-5678。",
            "电话 008613812345678。        | 电话 0086138****5678。",
            "tel:138-1234-5678, ok       | tel:138-****-5678, ok",
            "visit 2026-03-10 138 1234 5678 | visit 2026-03-10 138 **** 5678",
            "1101 0519 4912 3100 2X      | 1101 **** **** **00 2X",
            "110105 19491231 002X        | 1101** ******** 002X",
            "110105-19491231-002x        | 1101**-********-002X",
            "身份证11010519491231002X号   | 身份证1101**********002X号",
            "G11010519491231002X         | G1101**********002X",
    })
    void separatedForms_areMasked(String text, String masked) {
        assertThat(PersonalNumbersInText.mask(text)).isEqualTo(masked);
    }

    @Test
    void aSeparatedIdNumber_isFound_withItsKind_andMaskedLikeTheValueObject() {
        String spaced = ID.substring(0, 4) + " " + ID.substring(4, 8) + " " + ID.substring(8, 12) + " "
                + ID.substring(12, 16) + " " + ID.substring(16);
        var findings = PersonalNumbersInText.find("学生 " + spaced + "，家长 138 1234 5678");

        assertThat(findings).extracting(PersonalNumbersInText.Finding::kind)
                            .containsExactly(Kind.ID_NUMBER, Kind.MOBILE_NUMBER);
        assertThat(findings.get(0).masked().replace(" ", "")).isEqualTo(new IdNumber(ID).masked());
        assertThat(findings.get(1).masked().replace(" ", "")).isEqualTo(new MobileNumber("13812345678").masked());
        assertThat(PersonalNumbersInText.mask(ID_X)).isEqualTo(new IdNumber(ID_X).masked());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "2026-03-10",
            "2026-03-10 2026-04-10",
            "2026-03-10 13:45:12.123",
            "10-03-2026 1234",
            "case 5b0c1f9e-2d3a-4e6b-9c1d-0e2f3a4b5c6d",
            "case 12345678-1381-2345-6789-012345678901",
            "case 5b0c1f9e-1381-2345-6789-0e2f3a4b5c6d",
            "position 1234567, sequence 12 of 13812",
            "positions 13 14 15 16 17 18 19 20",
            "nanos 1732345678901234567890",
            "millis 1732345678901",
            "root hash ab19312346042f0000000000000000000000000000000000000000000000000",
            "hash 1a2b 3812 3456 78cd",
            "village 430181105203, school 2143000001",
            "a random 18-digit number 953912345678901234",
            "12-digit 138123456789",
            "10-digit 1381234567",
            "version 13.8.1234.5678",
            "phone without a mobile prefix 0731-8888 1234",
            "an order in a word ORD13812345678",
    })
    void innocentNumbers_areLeftAlone(String text) {
        assertThat(PersonalNumbersInText.find(text)).isEmpty();
        assertThat(PersonalNumbersInText.mask(text)).isEqualTo(text);
    }

    @Test
    void anIdNumberWithTheWrongCheckCharacter_isNoIdNumber_inAnyForm() {
        char wrong = IdNumber.checkCharacter(FIRST_17) == '0' ? '1' : '0';
        String wrongCheck = FIRST_17 + wrong;
        assertThat(PersonalNumbersInText.find(wrongCheck)).isEmpty();
        assertThat(PersonalNumbersInText.find(wrongCheck.substring(0, 6) + " " + wrongCheck.substring(6))).isEmpty();
    }

    @Test
    void nothing_andNull_areLeftAsTheyAre() {
        assertThat(PersonalNumbersInText.mask(null)).isNull();
        assertThat(PersonalNumbersInText.mask("")).isEmpty();
        assertThat(PersonalNumbersInText.find(null)).isEmpty();
    }
}
