package cn.kcbx.logsafety;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.student.IdNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and masks the personal numbers that must never reach a log: 18-character 居民身份证号 with a valid GB 11643
 * check character (also inside a G-type 学籍号) and 11-digit mainland mobile numbers. A run of digits longer than
 * either (an order number, a timestamp in nanoseconds) is left alone, and so are an 18-digit run that is no real ID
 * number (unknown province, impossible birth date or wrong check character: a random number in a temporary file's
 * name) and eleven digits inside a word (a hex hash), which keeps false alarms rare.
 */
public final class PersonalNumbers {

    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9])([0-9]{17}[0-9Xx])(?![0-9A-Za-z])");
    /** Not glued to letters either: eleven digits inside a hex hash or a token are not a phone number. */
    private static final Pattern MOBILE = Pattern.compile("(?<![0-9A-Za-z])(1[3-9][0-9]{9})(?![0-9A-Za-z])");

    /** What kind of number a finding is. */
    public enum Kind { ID_NUMBER, MOBILE_NUMBER }

    /** One number found in a text; {@link #masked()} is safe to print, the number itself is not kept. */
    public record Finding(Kind kind, String masked) {
    }

    private PersonalNumbers() {
    }

    /** {@code text} with every ID number masked as 4301**********123X and every mobile number as 138****5678. */
    public static String mask(String text) {
        if (text == null || text.length() < 11 || !containsDigitRun(text)) {
            return text;
        }
        String idMasked = replace(ID_NUMBER, text, number -> isIdNumber(number) ? maskId(number) : null);
        return replace(MOBILE, idMasked, PersonalNumbers::maskMobile);
    }

    /** The personal numbers in {@code text}, masked. */
    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || text.length() < 11) {
            return findings;
        }
        Matcher id = ID_NUMBER.matcher(text);
        while (id.find()) {
            if (isIdNumber(id.group(1))) {
                findings.add(new Finding(Kind.ID_NUMBER, maskId(id.group(1))));
            }
        }
        Matcher mobile = MOBILE.matcher(text);
        while (mobile.find()) {
            findings.add(new Finding(Kind.MOBILE_NUMBER, maskMobile(mobile.group(1))));
        }
        return findings;
    }

    /** A real 居民身份证号: known province, a real birth date, and the check character. */
    static boolean isIdNumber(String candidate) {
        char expected = IdNumber.checkCharacter(candidate.substring(0, 17));
        if (Character.toUpperCase(candidate.charAt(17)) != expected) {
            return false;
        }
        try {
            new IdNumber(candidate);
            return true;
        } catch (InvalidValueException notAnIdNumber) {
            return false;
        }
    }

    private static String maskId(String number) {
        return number.substring(0, 4) + "**********" + number.substring(14).toUpperCase();
    }

    private static String maskMobile(String number) {
        return number.substring(0, 3) + "****" + number.substring(7);
    }

    private interface Masker {
        /** The replacement, or null to keep the match. */
        String mask(String number);
    }

    private static String replace(Pattern pattern, String text, Masker masker) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (matcher.find()) {
            String replacement = masker.mask(matcher.group(1));
            if (replacement == null) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(text.length());
            }
            sb.append(text, last, matcher.start(1)).append(replacement);
            last = matcher.end(1);
        }
        if (sb == null) {
            return text;
        }
        return sb.append(text, last, text.length()).toString();
    }

    /** A cheap pre-check: most log lines have no run of 11 digits at all. */
    private static boolean containsDigitRun(String text) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= 11) {
                    return true;
                }
            } else {
                run = 0;
            }
        }
        return false;
    }
}
