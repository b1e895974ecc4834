package cn.kcbx.access;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Sign-in settings ({@code kcbx.security.*}).
 *
 * @param sessionLifetime     absolute lifetime of a sign-in (default 8 h): after it the user signs in again
 * @param sessionIdleTimeout  a sign-in unused this long ends (default 30 min)
 * @param maxFailedAttempts   wrong passwords in a row before the account locks (default 5)
 * @param lockDuration        how long a locked account stays locked (default 15 min)
 * @param bcryptStrength      BCrypt cost of new password hashes, 4–31 (default 10; tests use 4 to run fast)
 * @param initialAdmin        the first system administrator, created on an empty account store
 * @param oidc                sign-in through a county's identity provider (OpenID Connect bearer tokens)
 */
@ConfigurationProperties("kcbx.security")
public record SecurityProperties(Duration sessionLifetime, Duration sessionIdleTimeout, Integer maxFailedAttempts,
                                 Duration lockDuration, Integer bcryptStrength, InitialAdmin initialAdmin,
                                 Oidc oidc) {

    public SecurityProperties {
        sessionLifetime = sessionLifetime == null ? Duration.ofHours(8) : sessionLifetime;
        sessionIdleTimeout = sessionIdleTimeout == null ? Duration.ofMinutes(30) : sessionIdleTimeout;
        maxFailedAttempts = maxFailedAttempts == null ? 5 : maxFailedAttempts;
        lockDuration = lockDuration == null ? Duration.ofMinutes(15) : lockDuration;
        bcryptStrength = bcryptStrength == null ? 10 : bcryptStrength;
        initialAdmin = initialAdmin == null ? new InitialAdmin(null, null, null, null, null) : initialAdmin;
        oidc = oidc == null ? new Oidc(false, null, null, null, null) : oidc;
        if (sessionLifetime.isNegative() || sessionLifetime.isZero()
                || sessionIdleTimeout.isNegative() || sessionIdleTimeout.isZero()) {
            throw new IllegalArgumentException("kcbx.security.session-lifetime and session-idle-timeout must be > 0");
        }
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException("kcbx.security.max-failed-attempts must be >= 1");
        }
        if (bcryptStrength < 4 || bcryptStrength > 31) {
            throw new IllegalArgumentException("kcbx.security.bcrypt-strength must be 4–31, was " + bcryptStrength);
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
