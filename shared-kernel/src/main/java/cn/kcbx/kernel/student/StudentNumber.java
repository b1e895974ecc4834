package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * 全国学籍号, 19 characters: G + ID number, J + ID-like number (students without an ID), or L + region + birth date
 * + 4 digits (temporary, no check digit). {@link #toString()} is masked.
 */
public record StudentNumber(String value) {

    private static final IdNumberRules RULES = new IdNumberRules("STUDENT_NUMBER", "学籍号", 1);

    public enum Kind {
        GENERAL_ID_BASED('G', "正式学籍号（G+身份证号）"),
        NO_ID_NUMBER('J', "正式学籍号（J，无身份证号）"),
        TEMPORARY('L', "临时学籍号（L）");

        private final char prefix;
        private final String label;

        Kind(char prefix, String label) {
            this.prefix = prefix;
            this.label = label;
        }

        public char prefix() {
            return prefix;
        }

        public String label() {
            return label;
        }

        static Kind ofPrefix(char prefix) {
            for (Kind kind : values()) {
                if (kind.prefix == prefix) {
                    return kind;
                }
            }
            return null;
        }
    }

    public StudentNumber {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("STUDENT_NUMBER_REQUIRED", null, "请填写学籍号");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        Kind kind = Kind.ofPrefix(value.charAt(0));
        if (kind == null) {
            throw new InvalidValueException("STUDENT_NUMBER_PREFIX", null,
                    "学籍号应以字母 G、J 或 L 开头，填写的是“" + value.charAt(0)
                            + "”；有身份证号的学生，正式学籍号为 G 加 18 位身份证号");
        }
        if (value.length() != 19) {
            throw new InvalidValueException("STUDENT_NUMBER_LENGTH", null,
                    "学籍号应为 19 位（字母 " + kind.prefix + " 加 18 位），填写的是 " + value.length() + " 位，请核对");
        }
        String body = value.substring(1);
        if (kind == Kind.TEMPORARY) {
            RULES.requireDigits(body, 18);
            RULES.requireRegionAndDate(body);
        } else {
            RULES.validateWithCheckCharacter(body);
        }
    }

    public Kind kind() {
        return Kind.ofPrefix(value.charAt(0));
    }

    /** The birth date encoded in characters 8-15 (all three kinds carry one). */
    public LocalDate birthDate() {
        return IdNumberRules.parseDate(value.substring(7, 15));
    }

    /**
     * The ID number inside a G-type number. It is the ID at the time the number was issued, so it can differ from the
     * student's current ID number.
     */
    public Optional<IdNumber> embeddedIdNumber() {
        return kind() == Kind.GENERAL_ID_BASED ? Optional.of(new IdNumber(value.substring(1))) : Optional.empty();
    }

    /** Prefix and first 4 digits, then 10 asterisks and the last 4, e.g. G4301**********123X. */
    public String masked() {
        return value.substring(0, 5) + "**********" + value.substring(15);
    }

    @Override
    public String toString() {
        return masked();
    }
}
