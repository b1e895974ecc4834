package cn.kcbx.demo;

import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.Sex;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FictionalIdNumbersTest {

    @Test
    void check_character_follows_gb_11643() {
        // The README's example number, and one whose check character is X.
        assertThat(FictionalIdNumbers.of("430122", LocalDate.of(2013, 5, 14), 387)).isEqualTo("430122201305143876");
        assertThat(FictionalIdNumbers.of("110105", LocalDate.of(1949, 12, 31), 2)).isEqualTo("11010519491231002X");
    }

    @Test
    void numbers_are_valid_unique_and_carry_the_fictional_county_birth_date_and_sex() {
        FictionalIdNumbers numbers = new FictionalIdNumbers(DemoCounty.COUNTY_CODE);
        Random random = new Random(7);
        Set<String> seen = new HashSet<>();
        LocalDate birthDate = LocalDate.of(2014, 2, 28);
        for (int i = 0; i < 900; i++) {
            Sex sex = i % 2 == 0 ? Sex.MALE : Sex.FEMALE;
            String value = numbers.next(birthDate, sex, random); // one birth date: sequences must not repeat
            IdNumber id = new IdNumber(value);
            assertThat(id.regionCode()).isEqualTo(DemoCounty.COUNTY_CODE);
            assertThat(id.birthDate()).isEqualTo(birthDate);
            assertThat(id.sex()).isEqualTo(sex);
            assertThat(value.substring(14, 17)).isNotEqualTo("000");
            assertThat(seen.add(value)).as("duplicate %s", value).isTrue();
        }
    }

    @Test
    void parity_gives_the_sex_and_stays_within_the_sequence_range() {
        assertThat(FictionalIdNumbers.withParity(999, Sex.FEMALE)).isEqualTo(998);
        assertThat(FictionalIdNumbers.withParity(999, Sex.MALE)).isEqualTo(999);
        assertThat(FictionalIdNumbers.withParity(1, Sex.FEMALE)).isEqualTo(2);
        assertThat(FictionalIdNumbers.withParity(2, Sex.MALE)).isEqualTo(3);
    }

    @Test
    void same_seed_gives_the_same_numbers() {
        LocalDate birthDate = LocalDate.of(2012, 9, 1);
        String a = new FictionalIdNumbers("439921").next(birthDate, Sex.MALE, new Random(42));
        String b = new FictionalIdNumbers("439921").next(birthDate, Sex.MALE, new Random(42));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void region_must_be_six_digits() {
        assertThatThrownBy(() -> new FictionalIdNumbers("43992")).isInstanceOf(IllegalArgumentException.class);
    }
}
