package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.util.Locale;

/**
 * 居民身份证号 (GB 11643-1999), stored as 18 upper-case characters. {@link #toString()} is masked so the number never
 * reaches a log file; use {@link #value()} where the full number is really needed.
 */
public record IdNumber(String value) {

    private static final IdNumberRules RULES = new IdNumberRules("ID_NUMBER", "身份证号", 0);

    public IdNumber {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("ID_NUMBER_REQUIRED", null, "请填写身份证号");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        if (value.length() == 15 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("ID_NUMBER_OLD_FORMAT", null,
                    "这是 15 位的旧版身份证号，已停止使用，请填写 18 位的第二代身份证号");
        }
        if (value.length() != 18) {
            throw new InvalidValueException("ID_NUMBER_LENGTH", null,
                    "身份证号应为 18 位，填写的是 " + value.length() + " 位，请核对");
        }
        RULES.validateWithCheckCharacter(value);
    }

    /**
     * The GB 11643 check character for 17 digits: S = Σ aᵢ·Wᵢ, Y = S mod 11, "10X98765432"[Y].
     *
     * @throws IllegalArgumentException if the argument is not exactly 17 ASCII digits
     */
    public static char checkCharacter(String first17Digits) {
        return IdNumberRules.checkCharacter(first17Digits);
    }

    public LocalDate birthDate() {
        return IdNumberRules.parseDate(value.substring(6, 14));
    }

    public Sex sex() {
        return Sex.ofSequenceDigit(value.charAt(16));
    }

    /** Full years (周岁) on the given date. */
    public int ageOn(LocalDate date) {
        return IdNumberRules.fullYears(birthDate(), date);
    }

    /** The 6-digit address code; may belong to a division that has since been abolished. */
    public String regionCode() {
        return value.substring(0, 6);
    }

    /** First 4 and last 4 characters, e.g. 4301**********123X. */
    public String masked() {
        return value.substring(0, 4) + "**********" + value.substring(14);
    }

    @Override
    public String toString() {
        return masked();
    }
}
