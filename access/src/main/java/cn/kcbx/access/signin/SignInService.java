package cn.kcbx.access.signin;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.AccountStore;
import cn.kcbx.access.account.PasswordPolicy;
import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.actor.Actor;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Signs users in and out with their password. Wrong passwords count; after {@code max-failed-attempts} in a row the
 * account locks for {@code lock-duration}. An unknown user name gets the same answer as a wrong password, after the
 * same slow hash check, so that neither the answer nor its timing tells which names exist.
 */
public class SignInService {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter UNLOCK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final AccountStore accounts;
    private final SignInSessions sessions;
    private final PasswordEncoder passwordEncoder;
    private final AccessLog accessLog;
    private final AccessClock clock;
    private final SecurityProperties properties;
    /** A hash to check against when there is no account, so that an unknown name takes as long as a known one. */
    private final String decoyHash;

    public SignInService(AccountStore accounts, SignInSessions sessions, PasswordEncoder passwordEncoder,
                         AccessLog accessLog, AccessClock clock, SecurityProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.passwordEncoder = passwordEncoder;
        this.accessLog = accessLog;
        this.clock = clock;
        this.properties = properties;
        this.decoyHash = passwordEncoder.encode(AccountService.oneTimePassword());
    }

    public SignInSessions.Issued signIn(String username, String password, String origin) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new AccessProblem(400, "CREDENTIALS_REQUIRED", username == null || username.isBlank()
                    ? "username" : "password", "请填写用户名和密码");
        }
        var now = clock.now();
        Optional<Account> found = accounts.find(username);
        if (found.isEmpty()) {
            passwordEncoder.matches(password, decoyHash);
            accessLog.record(username, null, null, AccessAction.SIGN_IN_FAILED, null, "unknown user name", origin);
            throw badCredentials();
        }
        Account account = found.get();
        if (account.lockedAt(now)) {
            passwordEncoder.matches(password, decoyHash);
            log(account, AccessAction.SIGN_IN_FAILED, "account locked", origin);
            throw locked(account);
        }
        if (!passwordEncoder.matches(password, account.passwordHash())) {
            Account counted = accounts.countFailure(username).orElse(account);
            if (counted.failedAttempts() >= properties.maxFailedAttempts()) {
                Account lockedAccount = accounts.lock(username, now.plus(properties.lockDuration())).orElse(counted);
                log(lockedAccount, AccessAction.ACCOUNT_LOCKED,
                    counted.failedAttempts() + " wrong passwords, locked until " + lockedAccount.lockedUntil(), origin);
                throw locked(lockedAccount);
            }
            log(account, AccessAction.SIGN_IN_FAILED, "wrong password (" + counted.failedAttempts() + ")", origin);
            throw badCredentials();
        }
        if (!account.enabled()) {
            log(account, AccessAction.SIGN_IN_FAILED, "account disabled", origin);
            throw new AccessProblem(401, "ACCOUNT_DISABLED", null, "账号已停用，请联系系统管理员");
        }
        if (account.failedAttempts() > 0 || account.lockedUntil() != null) {
            accounts.clearFailures(username);
        }
        SignInSessions.Issued issued = sessions.create(account, now, properties.sessionLifetime(), origin);
        log(account, AccessAction.SIGNED_IN, account.mustChangePassword() ? "must change password" : null, origin);
        return issued;
    }

    /** The user of a live session token (and the session marked as used), or empty. */
    public Optional<SignedInUser> authenticate(String token) {
        return sessions.use(token, clock.now(), properties.sessionIdleTimeout());
    }

    public void signOut(SignedInUser user, String origin) {
        if (user.sessionId() != null && sessions.end(user.sessionId())) {
            accessLog.record(user.actor(), AccessAction.SIGNED_OUT, null, null, origin);
        }
    }

    /** Changes the user's own password; the user's other sessions end, this one no longer needs a change. */
    public SignedInUser changePassword(SignedInUser user, String currentPassword, String newPassword, String origin) {
        if (user.viaIdentityProvider()) {
            throw new AccessProblem(409, "PASSWORD_MANAGED_BY_IDENTITY_PROVIDER", null,
                                    "您通过统一身份认证登录，请在统一身份认证平台修改密码");
        }
        Actor actor = user.actor();
        Account account = accounts.find(actor.userId()).orElseThrow(
                () -> new AccessProblem(401, "UNAUTHENTICATED", null, "账号不存在，请重新登录"));
        if (currentPassword == null || !passwordEncoder.matches(currentPassword, account.passwordHash())) {
            // Counts like a wrong sign-in, so that a stolen token cannot be used to guess the password.
            Account counted = accounts.countFailure(actor.userId()).orElse(account);
            if (counted.failedAttempts() >= properties.maxFailedAttempts()) {
                Account lockedAccount = accounts.lock(actor.userId(), clock.now().plus(properties.lockDuration()))
                                                .orElse(counted);
                sessions.endAllOf(actor.userId());
                log(lockedAccount, AccessAction.ACCOUNT_LOCKED, counted.failedAttempts()
                        + " wrong current passwords at password change, sessions ended", origin);
                throw locked(lockedAccount);
            }
            log(account, AccessAction.SIGN_IN_FAILED, "wrong current password at password change", origin);
            throw new AccessProblem(400, "WRONG_CURRENT_PASSWORD", "currentPassword", "当前密码不正确");
        }
        PasswordPolicy.check(actor.userId(), newPassword, "newPassword");
        if (newPassword.equals(currentPassword)) {
            throw new AccessProblem(400, "PASSWORD_UNCHANGED", "newPassword", "新密码不能与当前密码相同");
        }
        accounts.setPassword(actor.userId(), passwordEncoder.encode(newPassword), false);
        sessions.passwordChanged(actor.userId(), user.sessionId());
        log(account, AccessAction.PASSWORD_CHANGED, null, origin);
        return new SignedInUser(actor, user.displayName(), false, user.sessionId(), user.expiresAt());
    }

    private void log(Account account, AccessAction action, String detail, String origin) {
        accessLog.record(account.actor(), action, null, detail, origin);
    }

    private static AccessProblem badCredentials() {
        return new AccessProblem(401, "BAD_CREDENTIALS", null, "用户名或密码不正确");
    }

    private AccessProblem locked(Account account) {
        String until = UNLOCK_TIME.format(account.lockedUntil().atZone(CHINA));
        return new AccessProblem(423, "ACCOUNT_LOCKED", null,
                                 "密码连续输错 " + properties.maxFailedAttempts() + " 次，账号已锁定，将于 " + until
                                         + "（北京时间）自动解锁；如需提前解锁请联系系统管理员");
    }
}
