package cn.kcbx.faultharness;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invented county the simulated users work in: 清溪县 ({@value #COUNTY}), the demo's fictional county code, with a
 * few towns, their villages and one school per town. Every ID number it makes has the county's address code and a
 * valid GB 11643 check character, and no two students share one.
 */
final class FictionalCounty {

    static final String COUNTY = "439921";

    record Town(String code, String name, List<String> villages, String schoolCode, String schoolName) {
    }

    /** A new student: the ID number fixes the birth date and the sex (odd sequence = male). */
    record Student(long number, String name, String idNumber, String sex, LocalDate birthDate) {
    }

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹";
    private static final String GIVEN = "子涵欣怡梓轩浩宇雨萱思远佳琪俊杰明辉志强晓燕秀英建国丽华文博嘉怡天佑诗琪";
    private static final String[] TOWN_NAMES = {"清溪镇", "白沙镇", "柳塘镇", "石门镇", "枫林镇", "龙潭镇"};

    private final List<Town> towns;
    private final AtomicLong students = new AtomicLong();
    private final LocalDate youngestBirth;

    FictionalCounty(int townCount, int villagesPerTown, LocalDate today) {
        List<Town> built = new ArrayList<>();
        for (int t = 0; t < townCount; t++) {
            String town = COUNTY + "%03d".formatted(100 + t);
            List<String> villages = new ArrayList<>();
            for (int v = 0; v < villagesPerTown; v++) {
                villages.add(town + "%03d".formatted(201 + v));
            }
            String name = TOWN_NAMES[t % TOWN_NAMES.length];
            // 学校标识码: 21, the county code without its province (9921), level 1 (primary), the town's number.
            built.add(new Town(town, name, List.copyOf(villages), "21" + COUNTY.substring(2) + "1" + "%03d".formatted(t),
                               name.substring(0, name.length() - 1) + "镇中心小学"));
        }
        this.towns = List.copyOf(built);
        // Identified about 400-430 days ago, aged 9-12 then: well inside compulsory age (6-16).
        this.youngestBirth = today.minusYears(10);
    }

    List<Town> towns() {
        return towns;
    }

    /** The next student: 499 boys (odd sequences), then 499 girls (even), then the birth date steps back a day. */
    Student nextStudent() {
        long n = students.getAndIncrement();
        long block = n / 499;
        int sequence = 1 + (int) (n % 499) * 2 + (int) (block % 2); // 1..997 odd, then 2..998 even
        LocalDate birth = youngestBirth.minusDays(block / 2);
        String id = idNumber(COUNTY, birth, sequence);
        String sex = sequence % 2 == 1 ? "MALE" : "FEMALE";
        String name = SURNAMES.charAt((int) (n % SURNAMES.length())) + ""
                + GIVEN.charAt((int) ((n / 7) % GIVEN.length())) + GIVEN.charAt((int) ((n / 131) % GIVEN.length()));
        return new Student(n, name, id, sex, birth);
    }

    /** region (6) + yyyyMMdd + sequence (3) + the GB 11643 check character. */
    static String idNumber(String region6, LocalDate birth, int sequence) {
        String first17 = region6 + birth.toString().replace("-", "") + "%03d".formatted(sequence);
        return first17 + checkCharacter(first17);
    }

    /** GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written as X. */
    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int weight = (1 << (17 - i)) % 11;
            sum += (first17.charAt(i) - '0') * weight;
        }
        int check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char) ('0' + check);
    }
}
