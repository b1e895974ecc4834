package cn.kcbx.access.account;

import cn.kcbx.access.AccessProblem;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * At least 10 characters with letters and digits, at most 64 characters and 72 bytes (BCrypt reads no more: a
 * Chinese character takes 3), not the user name, and not a common or published password (the demo password
 * included): a word everybody tries first, with digits or symbols around it, is refused.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 64;
    /** BCrypt's limit: it refuses longer input. */
    public static final int MAX_BYTES = 72;
    public static final String DESCRIPTION = "密码须为 10–64 位且不超过 72 字节（一个汉字占 3 字节），同时包含字母和数字，"
            + "不能包含用户名，也不能是常见密码或公开的演示密码（如 password12、Qingxi2026）";

    /**
     * What a common password is made of, in lower case, once the digits and symbols around it are taken off and
     * look-alike digits read as letters (p@ssw0rd): the words tried first, keyboard runs, and the product's and the
     * demo county's names, whose demo password is published.
     */
    private static final Set<String> COMMON_WORDS = Set.of(
            "password", "passwd", "pass", "passw", "pwd", "admin", "administrator", "root", "user", "test", "guest",
            "welcome", "letmein", "login", "changeme", "secret", "iloveyou", "woaini", "hello", "monkey", "dragon",
            "sunshine", "princess", "football", "baseball", "master", "shadow", "superman", "batman", "trustno",
            "qwerty", "qwertyu", "qwertyui", "qwertyuiop", "asdf", "asdfg", "asdfgh", "asdfghjkl", "zxcv", "zxcvb",
            "zxcvbn", "zxcvbnm", "qaz", "qazwsx", "qazwsxedc", "wsx", "abc", "abcd", "abcde", "abcdef", "abcdefg",
            "abcdefgh", "abcdefghij", "china", "beijing", "shanghai", "qq", "aa", "aaa", "a", "q", "x", "z",
            "kcbx", "kongchuobaoxue", "qingxi", "qingxixian", "demo", "default");

    private PasswordPolicy() {
    }

    /** Throws a 400 {@code WEAK_PASSWORD} naming {@code field} unless the password passes. */
    public static void check(String username, String password, String field) {
        checkShape(username, password, field);
        if (isCommon(password)) {
            throw weak(field);
        }
    }

    /**
     * Only the shape (length, bytes, letters and digits, not the user name), for passwords the system sets for its
     * own accounts: random ones, and the published demo password of the demo accounts, which exist only while the
     * demo is on.
     */
    public static void checkShape(String username, String password, String field) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH
                || tooManyBytes(password)
                || password.chars().noneMatch(Character::isLetter) || password.chars().noneMatch(Character::isDigit)
                || password.chars().anyMatch(Character::isISOControl)
                || containsUsername(username, password)) {
            throw weak(field);
        }
    }

    /** More than BCrypt can check (it would refuse it with an error). */
    public static boolean tooManyBytes(String password) {
        return password.length() > MAX_BYTES || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    static boolean isCommon(String password) {
        String lower = password.toLowerCase(Locale.ROOT);
        if (lower.codePoints().distinct().count() < 5) {
            return true; // aaaaa11111
        }
        return COMMON_WORDS.contains(letters(lower)) || COMMON_WORDS.contains(letters(readLookAlikes(trimmed(lower))));
    }

    /** Without the digits and symbols before and after the letters: "2026p@ssw0rd!!" → "p@ssw0rd". */
    private static String trimmed(String password) {
        int start = 0;
        int end = password.length();
        while (start < end && !Character.isLetter(password.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(password.charAt(end - 1))) {
            end--;
        }
        return password.substring(start, end);
    }

    private static String readLookAlikes(String password) {
        StringBuilder read = new StringBuilder(password.length());
        for (char c : password.toCharArray()) {
            read.append(switch (c) {
                case '0' -> 'o';
                case '1', '!', '|' -> 'i';
                case '3' -> 'e';
                case '4', '@' -> 'a';
                case '5', '$' -> 's';
                case '7' -> 't';
                default -> c;
            });
        }
        return read.toString();
    }

    private static String letters(String password) {
        StringBuilder letters = new StringBuilder(password.length());
        password.codePoints().filter(Character::isLetter).forEach(letters::appendCodePoint);
        return letters.toString();
    }

    private static AccessProblem weak(String field) {
        return new AccessProblem(400, "WEAK_PASSWORD", field, DESCRIPTION);
    }

    /** The user name itself, or (for names of 4 characters or more) the name inside the password. */
    private static boolean containsUsername(String username, String password) {
        if (username == null || username.isBlank()) {
            return false;
        }
        String name = username.toLowerCase(Locale.ROOT);
        String lower = password.toLowerCase(Locale.ROOT);
        return lower.equals(name) || (name.length() >= 4 && lower.contains(name));
    }
}
