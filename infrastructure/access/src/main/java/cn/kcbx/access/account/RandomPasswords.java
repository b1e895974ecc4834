package cn.kcbx.access.account;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Passwords nobody types: 256 random bits, for accounts the system itself signs in (the demo loader's actors). A slow
 * hash protects guessable passwords; these cannot be guessed, so the cheapest BCrypt cost is enough and keeps
 * creating many such accounts fast. The service's encoder verifies these hashes like any other.
 */
public final class RandomPasswords {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final PasswordEncoder ENCODER =
            new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));

    private RandomPasswords() {
    }

    /** 43 URL-safe characters, with letters and digits (so that it passes the password policy). */
    public static String generate() {
        while (true) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            if (password.chars().anyMatch(Character::isDigit) && password.chars().anyMatch(Character::isLetter)) {
                return password;
            }
        }
    }

    /** The encoder for such passwords only. */
    public static PasswordEncoder encoder() {
        return ENCODER;
    }
}
