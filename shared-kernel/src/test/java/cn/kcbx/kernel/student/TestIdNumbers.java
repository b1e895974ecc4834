package cn.kcbx.kernel.student;

import cn.kcbx.kernel.region.Provinces;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/** Builds fictional but valid ID numbers (random province/county code, birth date, sequence with the wanted sex). */
public final class TestIdNumbers {

    public static final List<String> PROVINCES = List.copyOf(Provinces.prefixes());
    public static final LocalDate DEFAULT_EARLIEST = LocalDate.of(1900, 1, 1);
    public static final LocalDate DEFAULT_LATEST = LocalDate.of(2025, 12, 31);

    private TestIdNumbers() {
    }

    /** Appends the GB 11643 check character. */
    public static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }

    /** A valid ID number for the region, birth date and 3-digit sequence (0..999; its parity decides the sex). */
    public static String of(String region6, LocalDate birthDate, int sequence) {
        return withCheck(region6 + yyyyMMdd(birthDate) + String.format("%03d", sequence));
    }

    public static String of(String region6, LocalDate birthDate, int sequence, Sex sex) {
        return of(region6, birthDate, withParity(sequence, sex));
    }

    public static String random(Random random, LocalDate earliest, LocalDate latest, Sex sex) {
        String region = PROVINCES.get(random.nextInt(PROVINCES.size()))
                + String.format("%02d%02d", 1 + random.nextInt(99), 1 + random.nextInt(99));
        long day = earliest.toEpochDay() + (long) (random.nextDouble() * (latest.toEpochDay() - earliest.toEpochDay() + 1));
        return of(region, LocalDate.ofEpochDay(day), random.nextInt(1000), sex);
    }

    public static String random(Random random) {
        return random(random, DEFAULT_EARLIEST, DEFAULT_LATEST, random.nextBoolean() ? Sex.MALE : Sex.FEMALE);
    }

    // --- jqwik arbitraries ---

    public static Arbitrary<String> regions() {
        return Combinators.combine(Arbitraries.of(PROVINCES), Arbitraries.integers().between(1, 99),
                        Arbitraries.integers().between(0, 99))
                .as((province, city, county) -> province + String.format("%02d%02d", city, county));
    }

    public static Arbitrary<LocalDate> birthDates(LocalDate earliest, LocalDate latest) {
        return Arbitraries.longs().between(earliest.toEpochDay(), latest.toEpochDay()).map(LocalDate::ofEpochDay);
    }

    public static Arbitrary<Sex> sexes() {
        return Arbitraries.of(Sex.class);
    }

    public static Arbitrary<String> validIdNumbers() {
        return validIdNumbers(DEFAULT_EARLIEST, DEFAULT_LATEST);
    }

    public static Arbitrary<String> validIdNumbers(LocalDate earliest, LocalDate latest) {
        return Combinators.combine(regions(), birthDates(earliest, latest), Arbitraries.integers().between(0, 999))
                .as(TestIdNumbers::of);
    }

    static int withParity(int sequence, Sex sex) {
        int even = sequence - sequence % 2;
        return sex == Sex.MALE ? even + 1 : even;
    }

    static String yyyyMMdd(LocalDate date) {
        return String.format("%04d%02d%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
}
