package cn.kcbx.logsafety;

import cn.kcbx.kernel.contact.PersonalNumbersInText;

import java.util.List;

/**
 * The personal numbers that must never reach a log, found and masked by the kernel's one rule
 * ({@link PersonalNumbersInText}): 18-character 居民身份证号 with a real province, birth date and check character (also
 * inside a G-type 学籍号) and mainland mobile numbers, whole or written in groups ({@code 138-1234-5678},
 * {@code +86 138 1234 5678}, {@code 4301 0219 9001 0112 3X}). A longer run of digits (an order number, a timestamp
 * in nanoseconds), an 18-digit run that is no real ID number and digits glued to letters (a hex hash, a UUID) are
 * left alone, which keeps false alarms rare.
 */
public final class PersonalNumbers {

    /** What kind of number a finding is. */
    public enum Kind { ID_NUMBER, MOBILE_NUMBER }

    /** One number found in a text; {@link #masked()} is safe to print, the number itself is not kept. */
    public record Finding(Kind kind, String masked) {
    }

    private PersonalNumbers() {
    }

    /** {@code text} with every ID number masked as 4301**********123X and every mobile number as 138****5678. */
    public static String mask(String text) {
        return PersonalNumbersInText.mask(text);
    }

    /** The personal numbers in {@code text}, masked. */
    public static List<Finding> find(String text) {
        return PersonalNumbersInText.find(text).stream()
                                    .map(found -> new Finding(Kind.valueOf(found.kind().name()), found.masked()))
                                    .toList();
    }
}
