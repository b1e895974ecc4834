package cn.kcbx.demo;

import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.Sex;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * 居民身份证号 for invented people: GB 11643 layout and check character, but the address code is the fictional
 * county's, so no number can belong to a real person. Never hands out the same number twice.
 */
final class FictionalIdNumbers {

    private final String region;
    private final Set<String> issued = new HashSet<>();

    FictionalIdNumbers(String region6) {
        if (region6 == null || !region6.matches("\\d{6}")) {
            throw new IllegalArgumentException("region must be 6 digits: " + region6);
        }
        this.region = region6;
    }

    /** A new number for the birth date and sex; the 3-digit sequence (001–999) is random with the sex's parity. */
    String next(LocalDate birthDate, Sex sex, Random random) {
        int sequence = 1 + random.nextInt(999);
        for (int tries = 0; tries < 1000; tries++) {
            int candidate = withParity(sequence, sex);
            String number = of(region, birthDate, candidate);
            if (issued.add(number)) {
                return number;
            }
            sequence = sequence >= 997 ? 1 : sequence + 2;
        }
        throw new IllegalStateException("no free sequence left for " + birthDate + " " + sex);
    }

    /** The 18-character number: region, yyyyMMdd, sequence (odd = male), check character. */
    static String of(String region6, LocalDate birthDate, int sequence) {
        if (sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("sequence must be 0–999: " + sequence);
        }
        String first17 = region6 + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "%03d".formatted(sequence);
        return first17 + IdNumber.checkCharacter(first17);
    }

    /** {@code sequence} or a neighbour of it (still 1–999) whose parity gives the sex (GB 11643: odd = male). */
    static int withParity(int sequence, Sex sex) {
        boolean odd = sequence % 2 == 1;
        if (odd == (sex == Sex.MALE)) {
            return sequence;
        }
        return sequence >= 999 ? sequence - 1 : sequence + 1;
    }
}
