package cn.kcbx.kernel.region;

import cn.kcbx.kernel.InvalidValueException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DivisionCodeTest {

    private static final DivisionCode COUNTY = new DivisionCode("430122");
    private static final DivisionCode TOWN = new DivisionCode("430122100");
    private static final DivisionCode VILLAGE = new DivisionCode("430122100201");

    static void assertRejected(Runnable construction, String code) {
        assertThatThrownBy(construction::run).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isNull();
        });
    }

    @Test
    void levels() {
        assertThat(COUNTY.level()).isEqualTo(DivisionCode.Level.COUNTY);
        assertThat(TOWN.level()).isEqualTo(DivisionCode.Level.TOWN);
        assertThat(VILLAGE.level()).isEqualTo(DivisionCode.Level.VILLAGE);
        assertThat(DivisionCode.Level.COUNTY.label()).isEqualTo("县");
        assertThat(DivisionCode.Level.TOWN.label()).isEqualTo("乡镇");
        assertThat(DivisionCode.Level.VILLAGE.label()).isEqualTo("村");
    }

    @CsvSource({
            "430122000000, 430122",
            "430122100000, 430122100",
            "430122000, 430122",
            "' 430122100201 ', 430122100201",
            "441900, 441900"
    })
    @ParameterizedTest
    void statisticalFormsAreNormalised(String input, String stored) {
        DivisionCode code = new DivisionCode(input);
        assertThat(code.value()).isEqualTo(stored);
        assertThat(new DivisionCode(code.value())).isEqualTo(code);
        assertThat(code.toString()).isEqualTo(stored);
    }

    @Test
    void containment() {
        assertThat(COUNTY.contains(TOWN)).isTrue();
        assertThat(COUNTY.contains(VILLAGE)).isTrue();
        assertThat(TOWN.contains(VILLAGE)).isTrue();
        assertThat(COUNTY.contains(COUNTY)).isTrue();
        assertThat(VILLAGE.contains(TOWN)).isFalse();
        assertThat(TOWN.contains(COUNTY)).isFalse();
        assertThat(COUNTY.contains(new DivisionCode("430121100201"))).isFalse();
        assertThat(TOWN.contains(new DivisionCode("430122101201"))).isFalse();
        assertThat(COUNTY.contains(new DivisionCode("430122000000"))).isTrue();
    }

    @Test
    void navigation() {
        assertThat(VILLAGE.parent()).isEqualTo(TOWN);
        assertThat(TOWN.parent()).isEqualTo(COUNTY);
        assertThat(VILLAGE.county()).isEqualTo(COUNTY);
        assertThat(TOWN.county()).isEqualTo(COUNTY);
        assertThat(COUNTY.county()).isSameAs(COUNTY);
        assertThat(VILLAGE.town()).contains(TOWN);
        assertThat(TOWN.town()).contains(TOWN);
        assertThat(COUNTY.town()).isEmpty();
        assertThatIllegalStateException().isThrownBy(COUNTY::parent);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = " ")
    void missing(String value) {
        assertRejected(() -> new DivisionCode(value), "DIVISION_CODE_REQUIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"43012a", "430-122", "４３０１２２", "430 122"})
    void nonDigits(String value) {
        assertRejected(() -> new DivisionCode(value), "DIVISION_CODE_CHARACTERS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"43012", "4301221", "43012210", "4301221002", "43012210020", "4301221002011"})
    void wrongLength(String value) {
        assertRejected(() -> new DivisionCode(value), "DIVISION_CODE_LENGTH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"990122", "000122", "830100", "720122100"})
    void unknownProvince(String value) {
        assertRejected(() -> new DivisionCode(value), "DIVISION_CODE_REGION_UNKNOWN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"430000", "430000000000", "430000100"})
    void provinceLevelIsTooCoarse(String value) {
        assertRejected(() -> new DivisionCode(value), "DIVISION_CODE_TOO_COARSE");
    }

    @Test
    void villageNeedsATown() {
        assertRejected(() -> new DivisionCode("430122000201"), "DIVISION_CODE_TOWN_MISSING");
    }

    @Test
    void provinceTable() {
        assertThat(Provinces.isKnownPrefix("43")).isTrue();
        assertThat(Provinces.isKnownPrefix("430122")).isTrue();
        assertThat(Provinces.isKnownPrefix("20")).isFalse();
        assertThat(Provinces.isKnownPrefix("4")).isFalse();
        assertThat(Provinces.isKnownPrefix(null)).isFalse();
        assertThat(Provinces.nameOf("430122")).contains("湖南省");
        assertThat(Provinces.nameOf("99")).isEmpty();
        assertThat(Provinces.prefixes()).hasSize(34).startsWith("11").endsWith("82");
    }
}
