package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdNumberProperties {

    private static final String ID_ALPHABET = "0123456789X";

    @Property
    void validNumbersRoundTrip(@ForAll("idNumbers") String id) {
        IdNumber parsed = new IdNumber(id);
        assertThat(parsed.value()).isEqualTo(id);
        assertThat(new IdNumber(parsed.value())).isEqualTo(parsed);
        assertThat(new IdNumber("  " + id.toLowerCase(Locale.ROOT) + " ").value()).isEqualTo(id);
    }

    /**
     * GB 11643 detects every single-character substitution: a digit change d→d' at position i shifts S by
     * (d'−d)·Wᵢ, and since 11 is prime, 0 < |d'−d| < 11 and Wᵢ ≢ 0 (mod 11), S mod 11 always changes; a changed
     * check character no longer equals the (unchanged) computed one; an X among the first 17 is not a digit.
     */
    @Property(tries = 300)
    void everySingleCharacterSubstitutionIsRejected(@ForAll("idNumbers") String id) {
        for (int pos = 0; pos < 18; pos++) {
            for (char replacement : ID_ALPHABET.toCharArray()) {
                if (replacement == id.charAt(pos)) {
                    continue;
                }
                String mutated = id.substring(0, pos) + replacement + id.substring(pos + 1);
                InvalidValueException e = catchThrowableOfType(InvalidValueException.class, () -> new IdNumber(mutated));
                assertThat(e).as("mutation %s of %s", mutated, id).isNotNull();
                if (pos >= 14 && replacement != 'X' || pos == 17) {
                    // region and date are untouched, so only the checksum can catch it
                    assertThat(e.code()).isEqualTo("ID_NUMBER_CHECK_CHARACTER");
                } else {
                    assertThat(e.code()).isIn(Set.of("ID_NUMBER_CHECK_CHARACTER", "ID_NUMBER_CHARACTERS",
                            "ID_NUMBER_REGION_UNKNOWN", "ID_NUMBER_DATE_INVALID", "ID_NUMBER_DATE_TOO_EARLY",
                            "ID_NUMBER_DATE_IN_FUTURE"));
                }
                if (replacement != 'X' || pos == 17) {
                    // the checksum alone already rejects it, whatever region or date checks say
                    assertThat(IdNumber.checkCharacter(mutated.substring(0, 17))).isNotEqualTo(mutated.charAt(17));
                }
            }
        }
    }

    @Property
    void sexAndBirthDateAreDerived(@ForAll("regions") String region, @ForAll("birthDates") LocalDate birth,
                                   @ForAll("sequences") int sequence, @ForAll Sex sex) {
        IdNumber id = new IdNumber(TestIdNumbers.of(region, birth, sequence, sex));
        assertThat(id.sex()).isEqualTo(sex);
        assertThat(id.birthDate()).isEqualTo(birth);
        assertThat(id.regionCode()).isEqualTo(region);
    }

    @Property
    void ageIsFullYears(@ForAll("birthAndLater") LocalDate[] dates) {
        LocalDate birth = dates[0];
        LocalDate on = dates[1];
        IdNumber id = new IdNumber(TestIdNumbers.of("430122", birth, 7));
        int expected = on.getYear() - birth.getYear()
                - (MonthDay.from(on).isBefore(MonthDay.from(birth)) ? 1 : 0);
        assertThat(id.ageOn(on)).isEqualTo(expected);
    }

    @Property
    void maskingHidesTheMiddle(@ForAll("idNumbers") String id) {
        IdNumber parsed = new IdNumber(id);
        assertThat(parsed.masked()).hasSize(18).startsWith(id.substring(0, 4)).endsWith(id.substring(14))
                .contains("**********");
        assertThat(parsed.toString()).isEqualTo(parsed.masked()).doesNotContain(id.substring(6, 14));
    }

    @Property
    void anythingButDigitsAndTrailingXIsRejected(@ForAll("idNumbers") String id,
                                                 @ForAll("positions") int pos,
                                                 @ForAll("foreignCharacters") char c) {
        String mutated = id.substring(0, pos) + c + id.substring(pos + 1);
        assertThatThrownBy(() -> new IdNumber(mutated))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.code()).isEqualTo("ID_NUMBER_CHARACTERS"));
    }

    @Provide
    Arbitrary<String> idNumbers() {
        return TestIdNumbers.validIdNumbers();
    }

    @Provide
    Arbitrary<String> regions() {
        return TestIdNumbers.regions();
    }

    @Provide
    Arbitrary<LocalDate> birthDates() {
        return TestIdNumbers.birthDates(LocalDate.of(1900, 1, 1), LocalDate.of(2025, 12, 31));
    }

    @Provide
    Arbitrary<Integer> sequences() {
        return Arbitraries.integers().between(0, 999);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 17);
    }

    @Provide
    Arbitrary<Character> foreignCharacters() {
        return Arbitraries.of('O', 'o', 'I', 'l', 'Y', 'A', '-', '*', '０', '９', '一', '/');
    }

    @Provide
    Arbitrary<LocalDate[]> birthAndLater() {
        return Combinators.combine(
                        TestIdNumbers.birthDates(LocalDate.of(1990, 1, 1), LocalDate.of(2025, 12, 31)),
                        Arbitraries.integers().between(0, 366 * 30))
                .as((birth, days) -> new LocalDate[]{birth, birth.plusDays(days)});
    }
}
