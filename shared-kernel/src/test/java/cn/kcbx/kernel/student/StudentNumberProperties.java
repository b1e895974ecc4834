package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.LocalDate;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class StudentNumberProperties {

    private static final String ID_ALPHABET = "0123456789X";

    @Property
    void jNumbersRoundTrip(@ForAll("bodies") String body) {
        String number = "J" + body;
        StudentNumber parsed = new StudentNumber(number);
        assertThat(parsed.value()).isEqualTo(number);
        assertThat(parsed.kind()).isEqualTo(StudentNumber.Kind.NO_ID_NUMBER);
        assertThat(parsed.birthDate()).isEqualTo(new IdNumber(body).birthDate());
        assertThat(parsed.embeddedIdNumber()).isEmpty();
        assertThat(new StudentNumber(number.toLowerCase(Locale.ROOT)).value()).isEqualTo(number);
    }

    @Property
    void gNumbersEmbedTheirIdNumber(@ForAll("bodies") String body) {
        StudentNumber parsed = new StudentNumber("g" + body.toLowerCase(Locale.ROOT));
        assertThat(parsed.value()).isEqualTo("G" + body);
        assertThat(parsed.embeddedIdNumber()).contains(new IdNumber(body));
        assertThat(parsed.birthDate()).isEqualTo(new IdNumber(body).birthDate());
    }

    /**
     * Same mod-11 argument as for ID numbers. The prefix letter is outside the checksum: J→G over the same body is
     * another valid number by design, so only the 18 body characters are mutated.
     */
    @Property(tries = 300)
    void everySingleSubstitutionInTheBodyIsRejected(@ForAll("bodies") String body) {
        for (String prefix : new String[]{"J", "G"}) {
            String number = prefix + body;
            for (int pos = 1; pos < 19; pos++) {
                for (char replacement : ID_ALPHABET.toCharArray()) {
                    if (replacement == number.charAt(pos)) {
                        continue;
                    }
                    String mutated = number.substring(0, pos) + replacement + number.substring(pos + 1);
                    InvalidValueException e =
                            catchThrowableOfType(InvalidValueException.class, () -> new StudentNumber(mutated));
                    assertThat(e).as("mutation %s of %s", mutated, number).isNotNull();
                    assertThat(e.code()).startsWith("STUDENT_NUMBER_");
                    if (pos >= 15 && replacement != 'X' || pos == 18) {
                        assertThat(e.code()).isEqualTo("STUDENT_NUMBER_CHECK_CHARACTER");
                    }
                }
            }
        }
    }

    @Property
    void temporaryNumbersCarryRegionDateAndFourDigits(@ForAll("bodies") String body) {
        String number = "L" + body.substring(0, 14) + "0" + body.substring(14, 17);
        StudentNumber parsed = new StudentNumber(number);
        assertThat(parsed.kind()).isEqualTo(StudentNumber.Kind.TEMPORARY);
        assertThat(parsed.birthDate()).isEqualTo(new IdNumber(body).birthDate());
        assertThat(parsed.masked()).hasSize(19).doesNotContain(body.substring(6, 14));
    }

    @Provide
    Arbitrary<String> bodies() {
        return TestIdNumbers.validIdNumbers(LocalDate.of(1990, 1, 1), LocalDate.of(2025, 12, 31));
    }
}
