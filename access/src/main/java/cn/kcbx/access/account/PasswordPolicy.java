package cn.kcbx.access.account;

import cn.kcbx.access.AccessProblem;
import java.util.Locale;

/** At least 10 characters with letters and digits, at most 64 (BCrypt reads 72 bytes), and not the user name. */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 64;
    public static final String DESCRIPTION = "密码须为 10–64 位，同时包含字母和数字，且不能与用户名相同";

    private PasswordPolicy() {
    }

    /** Throws a 400 {@code WEAK_PASSWORD} naming {@code field} unless the password passes. */
    public static void check(String username, String password, String field) {
        if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH
                || password.chars().noneMatch(Character::isLetter) || password.chars().noneMatch(Character::isDigit)
                || password.chars().anyMatch(Character::isISOControl)
                || containsUsername(username, password)) {
            throw new AccessProblem(400, "WEAK_PASSWORD", field, DESCRIPTION);
        }
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
