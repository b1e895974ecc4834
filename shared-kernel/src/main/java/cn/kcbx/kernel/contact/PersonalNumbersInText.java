package cn.kcbx.kernel.contact;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.student.IdNumber;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for what counts as a personal number inside free text (log lines, notes shown in lists): an
 * 18-character 居民身份证号 with a known province, a real birth date and the right check character (also right after a
 * letter, as in a G-type 学籍号), and a mainland mobile number, optionally with the country code 86 / +86 / 0086.
 *
 * <p>People write these numbers in groups: {@code 138-1234-5678}, {@code 138 1234 5678}, {@code +86 138 1234 5678},
 * {@code 4301 0219 9001 0112 3X}. A number therefore is a run of whole digit groups joined by single separators
 * (space, hyphen, no-break or ideographic space) whose digits form one of the numbers above. Innocent numbers stay
 * untouched because the digits must really be such a number, groups are never split, and a run glued to letters or
 * further digits is no number: dates ({@code 2026-03-10}: too short), case numbers and positions (no mobile prefix
 * or the wrong length), nanosecond times (a longer run), hex hashes and UUIDs (digits glued to letters), random
 * 18-digit numbers (no real province, birth date or check character).
 *
 * <p>Masking keeps the separators and hides the same digits as the value objects: the middle 4 of a mobile number
 * ({@code 138****5678}, {@code 138-****-5678}) and characters 5 to 14 of an ID number ({@code 4301**********123X}).
 */
public final class PersonalNumbersInText {

    /** Characters that may join the digit groups of one number. */
    private static final String SEPARATORS = " \\-\\u00A0\\u3000";
    /**
     * A maximal chain of digit groups: not preceded by a digit (or a digit and a separator) and not followed by a
     * letter, a digit (or a separator and a digit). A letter may precede it (the G of a G-type 学籍号); whether a
     * mobile number may start there is decided below. A check character X may end a group.
     */
    private static final Pattern CHAIN = Pattern.compile(
            "(?<![0-9])(?<![0-9][" + SEPARATORS + "])"
                    + "[0-9]+[Xx]?(?:[" + SEPARATORS + "][0-9]+[Xx]?)*"
                    + "(?![0-9A-Za-z])(?![" + SEPARATORS + "][0-9])");
    private static final Pattern GROUP = Pattern.compile("[0-9]+[Xx]?");

    /** What kind of number a finding is. */
    public enum Kind { ID_NUMBER, MOBILE_NUMBER }

    /**
     * One number found in a text: its kind, where it is ({@code start} inclusive, {@code end} exclusive) and the text
     * there masked. The number itself is not kept.
     */
    public record Finding(Kind kind, int start, int end, String masked) {
    }

    private PersonalNumbersInText() {
    }

    /** {@code text} with every ID number and mobile number masked in place; {@code null} stays {@code null}. */
    public static String mask(String text) {
        List<Finding> findings = find(text);
        if (findings.isEmpty()) {
            return text;
        }
        StringBuilder masked = new StringBuilder(text.length());
        int last = 0;
        for (Finding finding : findings) {
            masked.append(text, last, finding.start()).append(finding.masked());
            last = finding.end();
        }
        return masked.append(text, last, text.length()).toString();
    }

    /** The ID numbers and mobile numbers in {@code text}, in order. */
    public static List<Finding> find(String text) {
        List<Finding> findings = new ArrayList<>();
        if (text == null || !hasElevenDigits(text)) {
            return findings;
        }
        Matcher chain = CHAIN.matcher(text);
        while (chain.find()) {
            findIn(text, chain.start(), chain.end(), findings);
        }
        return findings;
    }

    /** Tries every run of whole groups of one chain, from the left; a number found is not looked into again. */
    private static void findIn(String text, int chainStart, int chainEnd, List<Finding> findings) {
        List<int[]> groups = new ArrayList<>();
        Matcher group = GROUP.matcher(text).region(chainStart, chainEnd);
        while (group.find()) {
            groups.add(new int[] {group.start(), group.end()});
        }
        boolean gluedToLetter = chainStart > 0 && isAsciiLetter(text.charAt(chainStart - 1));
        int first = 0;
        while (first < groups.size()) {
            int next = first + 1;
            StringBuilder characters = new StringBuilder();
            for (int last = first; last < groups.size() && characters.length() <= 18; last++) {
                int[] g = groups.get(last);
                characters.append(text, g[0], g[1]);
                boolean endsWithCheckCharacter = Character.toUpperCase(text.charAt(g[1] - 1)) == 'X';
                int start = groups.get(first)[0];
                Finding finding = endsWithCheckCharacter
                        ? idNumber(text, start, g[1], characters)
                        : idNumberOrMobile(text, start, g[1], characters, first == 0 && gluedToLetter);
                if (finding != null) {
                    findings.add(finding);
                    next = last + 1;
                    break;
                }
                if (endsWithCheckCharacter) {
                    break; // an X ends whatever number it belongs to
                }
            }
            first = next;
        }
    }

    private static Finding idNumberOrMobile(String text, int start, int end, CharSequence digits,
                                            boolean gluedToLetter) {
        Finding id = idNumber(text, start, end, digits);
        if (id != null || gluedToLetter) {
            return id; // eleven digits glued to letters are part of a word or a hash, not a phone
        }
        int prefix = switch (digits.length()) {
            case 11 -> 0;
            case 13 -> startsWith(digits, "86") ? 2 : -1;
            case 15 -> startsWith(digits, "0086") ? 4 : -1;
            default -> -1;
        };
        if (prefix < 0 || digits.charAt(prefix) != '1' || digits.charAt(prefix + 1) < '3') {
            return null;
        }
        return new Finding(Kind.MOBILE_NUMBER, start, end, maskDigits(text, start, end, prefix + 3, prefix + 7));
    }

    private static Finding idNumber(String text, int start, int end, CharSequence characters) {
        if (characters.length() != 18 || !isIdNumber(characters.toString())) {
            return null;
        }
        return new Finding(Kind.ID_NUMBER, start, end, maskDigits(text, start, end, 4, 14).toUpperCase());
    }

    /** A real 居民身份证号: known province, a real birth date, and the check character. */
    private static boolean isIdNumber(String candidate) {
        for (int i = 0; i < 17; i++) {
            if (candidate.charAt(i) < '0' || candidate.charAt(i) > '9') {
                return false;
            }
        }
        if (Character.toUpperCase(candidate.charAt(17)) != IdNumber.checkCharacter(candidate.substring(0, 17))) {
            return false; // the cheap test first: most 18-digit numbers fail here
        }
        try {
            new IdNumber(candidate);
            return true;
        } catch (InvalidValueException notAnIdNumber) {
            return false;
        }
    }

    /** {@code text[start, end)} with its digits number {@code from} (inclusive) to {@code to} (exclusive) as '*'. */
    private static String maskDigits(String text, int start, int end, int from, int to) {
        StringBuilder masked = new StringBuilder(end - start);
        int digit = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            boolean isDigit = c >= '0' && c <= '9';
            masked.append(isDigit && digit >= from && digit < to ? '*' : c);
            if (isDigit) {
                digit++;
            }
        }
        return masked.toString();
    }

    private static boolean startsWith(CharSequence digits, String prefix) {
        return digits.length() >= prefix.length() && digits.subSequence(0, prefix.length()).toString().equals(prefix);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** A cheap pre-check: most texts hold fewer than eleven digits, the fewest any of these numbers has. */
    private static boolean hasElevenDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits >= 11) {
                return true;
            }
        }
        return false;
    }
}
