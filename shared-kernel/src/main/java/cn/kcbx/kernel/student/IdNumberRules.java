package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.region.Provinces;
import cn.kcbx.kernel.time.DateRules;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Period;

/**
 * The GB 11643-1999 structure (6-digit region, 8-digit birth date, 3-digit sequence, check character), shared by
 * {@link IdNumber} and the G/J kinds of {@link StudentNumber}, which report errors under their own codes and names.
 */
final class IdNumberRules {

    static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    private final String codePrefix;
    private final String noun;
    /** Characters before the 18-character body (1 for the G/J prefix), so messages count positions as the clerk sees them. */
    private final int offset;

    IdNumberRules(String codePrefix, String noun, int offset) {
        this.codePrefix = codePrefix;
        this.noun = noun;
        this.offset = offset;
    }

    static char checkCharacter(String first17Digits) {
        if (first17Digits == null || first17Digits.length() != 17) {
            throw new IllegalArgumentException("need exactly 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17Digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("need exactly 17 digits");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** Full check of an 18-character, upper-cased body with a check character. */
    void validateWithCheckCharacter(String body) {
        requireDigits(body, 17);
        char last = body.charAt(17);
        if (!(last >= '0' && last <= '9') && last != 'X') {
            throw error("CHARACTERS", noun + "最后一位只能是数字或 X，填写的是“" + last + "”");
        }
        requireRegionAndDate(body);
        char expected = checkCharacter(body.substring(0, 17));
        if (last != expected) {
            throw error("CHECK_CHARACTER", noun + "校验位错误，应为 " + expected
                    + "，请核对后重新填写（也可能是前面某一位数字填错了）");
        }
    }

    /** The first {@code count} characters must be ASCII digits; names the first offending position. */
    void requireDigits(String body, int count) {
        for (int i = 0; i < count; i++) {
            char c = body.charAt(i);
            if (c < '0' || c > '9') {
                throw error("CHARACTERS", noun + "第 " + (i + 1 + offset) + " 位应为数字，填写的是“" + c + "”");
            }
        }
    }

    /** Region prefix (characters 1-6 of the body) and birth date (characters 7-14). */
    void requireRegionAndDate(String body) {
        String province = body.substring(0, 2);
        if (!Provinces.isKnownPrefix(province)) {
            throw error("REGION_UNKNOWN", noun + "前 6 位地址码“" + body.substring(0, 6) + "”中的省级代码“"
                    + province + "”不存在，请核对");
        }
        String digits = body.substring(6, 14);
        LocalDate date = parseDate(digits);
        if (date == null) {
            throw error("DATE_INVALID", noun + "第 " + (7 + offset) + "–" + (14 + offset) + " 位的出生日期“"
                    + digits + "”不是真实的日期，请核对");
        }
        if (date.isBefore(EARLIEST_BIRTH_DATE)) {
            throw error("DATE_TOO_EARLY", noun + "中的出生日期（" + date + "）早于 1900-01-01，请核对");
        }
        LocalDate today = DateRules.today();
        if (date.isAfter(today)) {
            throw error("DATE_IN_FUTURE", noun + "中的出生日期（" + date + "）晚于今天（" + today + "），请核对");
        }
    }

    InvalidValueException error(String suffix, String message) {
        return new InvalidValueException(codePrefix + "_" + suffix, null, message);
    }

    /** yyyyMMdd to a date, or null when no such calendar day exists (20050230). */
    static LocalDate parseDate(String yyyyMMdd) {
        try {
            return LocalDate.of(Integer.parseInt(yyyyMMdd.substring(0, 4)),
                    Integer.parseInt(yyyyMMdd.substring(4, 6)),
                    Integer.parseInt(yyyyMMdd.substring(6, 8)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** Full years (周岁) from birth to {@code on}; the birthday itself counts as the new year. */
    static int fullYears(LocalDate birthDate, LocalDate on) {
        DateRules.requireNotBefore(on, birthDate, "计算年龄的日期", "出生日期");
        return Period.between(birthDate, on).getYears();
    }
}
