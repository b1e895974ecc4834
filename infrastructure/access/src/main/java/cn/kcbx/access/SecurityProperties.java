package cn.kcbx.access;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Sign-in settings ({@code kcbx.security.*}).
 *
 * @param sessionLifetime     absolute lifetime of a sign-in (default 8 h): after it the user signs in again
 * @param sessionIdleTimeout  a sign-in unused this long ends (default 30 min)
 * @param sessionKeyFile      the key file that seals sign-in sessions, outside MongoDB; both services must read the
 *                            same file. Default: {@code kcbx-session.key} next to the embedded store's data file;
 *                            required with a MongoDB of its own. Generated when missing (losing it only signs
 *                            everyone out)
 * @param bcryptStrength      BCrypt cost of new password hashes, 4–31 (default 10; tests use 4 to run fast)
 * @param throttle            how wrong passwords and concurrent sign-ins slow a client down
 * @param initialAdmin        the first system administrator, created on an empty account store
 * @param oidc                sign-in through a county's identity provider (OpenID Connect bearer tokens)
 */
@ConfigurationProperties("kcbx.security")
public record SecurityProperties(Duration sessionLifetime, Duration sessionIdleTimeout, Path sessionKeyFile,
                                 Integer bcryptStrength, Throttle throttle, InitialAdmin initialAdmin, Oidc oidc) {

    public SecurityProperties {
        sessionLifetime = sessionLifetime == null ? Duration.ofHours(8) : sessionLifetime;
        sessionIdleTimeout = sessionIdleTimeout == null ? Duration.ofMinutes(30) : sessionIdleTimeout;
        bcryptStrength = bcryptStrength == null ? 10 : bcryptStrength;
        throttle = throttle == null ? new Throttle(null, null, null, null, null, null, null, null) : throttle;
        initialAdmin = initialAdmin == null ? new InitialAdmin(null, null, null, null, null) : initialAdmin;
        oidc = oidc == null ? new Oidc(false, null, null, null, null) : oidc;
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()
                || sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("kcbx.security.session-lifetime and session-idle-timeout must be > 0");
        }
        if (bcryptStrength < 4 || bcryptStrength > 31) {
            throw new IllegalArgumentException("kcbx.security.bcrypt-strength must be 4–31, was " + bcryptStrength);
        }
    }

    /** Defaults everywhere (tests without Spring). */
    public static SecurityProperties defaults() {
        return new SecurityProperties(null, null, null, null, null, null, null);
    }

    /**
     * A throttle instead of a lockout ({@code kcbx.security.throttle.*}): wrong passwords slow down the client address
     * that sent them, never the account's owner elsewhere, and an unknown name is counted exactly like a known one.
     *
     * @param freeAttempts           wrong passwords for one user name from one address before back-off (default 5)
     * @param freeAttemptsPerAddress wrong passwords from one address, any user names, before back-off (default 30)
     * @param firstBackOff           the first wait after the free attempts (default 30 s), doubled by each further
     *                               wrong password up to
     * @param maxBackOff             the longest wait (default 15 min)
     * @param forgetAfter            wrong passwords are forgotten after this long without another (default 1 h)
     * @param concurrentPerAddress   sign-ins one address may have in progress at once; more are refused at once
     *                               (default 4)
     * @param concurrentHashChecks   password hash checks of the whole service at once (default half the processors,
     *                               at least 1), so that sign-ins never take all the processor time
     * @param hashCheckWait          how long a sign-in waits for a hash check slot before a 503 (default 5 s)
     */
    public record Throttle(Integer freeAttempts, Integer freeAttemptsPerAddress, Duration firstBackOff,
                           Duration maxBackOff, Duration forgetAfter, Integer concurrentPerAddress,
                           Integer concurrentHashChecks, Duration hashCheckWait) {

        public Throttle {
            freeAttempts = freeAttempts == null ? 5 : freeAttempts;
            freeAttemptsPerAddress = freeAttemptsPerAddress == null ? 30 : freeAttemptsPerAddress;
            firstBackOff = firstBackOff == null ? Duration.ofSeconds(30) : firstBackOff;
            maxBackOff = maxBackOff == null ? Duration.ofMinutes(15) : maxBackOff;
            forgetAfter = forgetAfter == null ? Duration.ofHours(1) : forgetAfter;
            concurrentPerAddress = concurrentPerAddress == null ? 4 : concurrentPerAddress;
            concurrentHashChecks = concurrentHashChecks == null
                    ? Math.max(1, Runtime.getRuntime().availableProcessors() / 2) : concurrentHashChecks;
            hashCheckWait = hashCheckWait == null ? Duration.ofSeconds(5) : hashCheckWait;
            if (freeAttempts < 1 || freeAttemptsPerAddress < 1 || concurrentPerAddress < 1
                    || concurrentHashChecks < 1) {
                throw new IllegalArgumentException("kcbx.security.throttle.free-attempts, free-attempts-per-address, "
                        + "concurrent-per-address and concurrent-hash-checks must be >= 1");
            }
            if (firstBackOff.isNegative() || firstBackOff.isZero() || maxBackOff.compareTo(firstBackOff) < 0
                    || forgetAfter.compareTo(maxBackOff) < 0 || hashCheckWait.isNegative()) {
                throw new IllegalArgumentException("kcbx.security.throttle: need 0 < first-back-off <= max-back-off "
                        + "<= forget-after, and hash-check-wait >= 0");
            }
        }
    }

    /**
     * The first system administrator ({@code kcbx.security.initial-admin.*}): created only while no ADMIN account
     * exists, and must change the password at the first sign-in. There is no default password.
     *
     * @param username     the administrator's user name
     * @param password     the first password (must pass the password policy); or
     * @param passwordFile a file holding it (first line), so that it stays out of the command line and environment
     * @param unit         the county code (6 digits) the administrator belongs to
     * @param displayName  shown name (default 系统管理员)
     */
    public record InitialAdmin(String username, String password, Path passwordFile, String unit, String displayName) {

        public boolean configured() {
            return username != null && !username.isBlank();
        }
    }

    /**
     * Bearer tokens of a county's OpenID Connect identity provider, checked by Spring's
     * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code jwk-set-uri}).
     *
     * @param enabled          accept such tokens (default false)
     * @param usernameClaim    the claim naming the user (default {@code preferred_username})
     * @param roleClaim        the claim holding the role VILLAGE/SCHOOL/TOWN/COUNTY/ADMIN (default {@code kcbx_role})
     * @param unitClaim        the claim holding the unit code (default {@code kcbx_unit})
     * @param displayNameClaim the claim holding the shown name (default {@code name})
     */
    public record Oidc(Boolean enabled, String usernameClaim, String roleClaim, String unitClaim,
                       String displayNameClaim) {

        public Oidc {
            enabled = enabled != null && enabled;
            usernameClaim = usernameClaim == null ? "preferred_username" : usernameClaim;
            roleClaim = roleClaim == null ? "kcbx_role" : roleClaim;
            unitClaim = unitClaim == null ? "kcbx_unit" : unitClaim;
            displayNameClaim = displayNameClaim == null ? "name" : displayNameClaim;
        }
    }
}
