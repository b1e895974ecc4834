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

import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signs users in and out with their password.
 *
 * <p>Nothing locks an account. Wrong passwords slow down the client address that sent them ({@link SignInThrottle}):
 * per user name from that address, and per address over all names; the owner signing in from elsewhere is not slowed
 * down. Each attempt is counted before its password is checked, so concurrent guesses get no more checks than
 * sequential ones. An unknown user name is counted, checked against a decoy hash and answered exactly like a wrong
 * password, so that neither the answer nor its timing tells which names exist.
 *
 * <p>What a sign-in may cost is bounded before any hashing ({@link SignInGate}): oversized input is refused, one
 * address may have only a few sign-ins in progress, and the service runs only a few hash checks at a time.
 */
public class SignInService {

    /** How often counters nobody remembers any more are deleted (the embedded store has no expiring index). */
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

    private final AccountStore accounts;
    private final SignInSessions sessions;
    private final SignInThrottle throttle;
    private final SignInGate gate;
    private final PasswordEncoder passwordEncoder;
    private final AccessLog accessLog;
    private final AccessClock clock;
    private final SecurityProperties properties;
    /** A hash to check against when there is no account, so that an unknown name takes as long as a known one. */
    private final String decoyHash;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.MIN);

    public SignInService(AccountStore accounts, SignInSessions sessions, SignInThrottle throttle, SignInGate gate,
                         PasswordEncoder passwordEncoder, AccessLog accessLog, AccessClock clock,
                         SecurityProperties properties) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.throttle = throttle;
        this.gate = gate;
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
        // Before anything is counted, stored or hashed: no account has a longer name or password.
        if (username.length() > AccountService.MAX_USERNAME) {
            throw new AccessProblem(400, "USERNAME_TOO_LONG", "username",
                                    "用户名最多 " + AccountService.MAX_USERNAME + " 个字符，请检查后重新输入");
        }
        if (PasswordPolicy.tooManyBytes(password)) {
            throw new AccessProblem(400, "PASSWORD_TOO_LONG", "password",
                                    "密码最长 " + PasswordPolicy.MAX_BYTES + " 字节（一个汉字占 3 字节），请检查后重新输入");
        }
        String address = ClientAddress.of(origin);
        try (SignInGate.Pass ignored = gate.enter(address)) {
            Instant now = clock.now();
            purgeNowAndThen(now);
            // Refusals first, which count nothing and write nothing; then the counts, before the check.
            throttle.refuseKnownWait(address, now);
            throttle.refuseWaitingName(username, address, now);
            SignInThrottle.Claim byAddress = throttle.claimForAddress(address, now);
            SignInThrottle.Claim byName;
            try {
                byName = throttle.claimForName(username, address, now);
            } catch (SignInThrottle.Refused refused) {
                throttle.giveBack(byAddress);
                throw refused;
            }
            Optional<Account> found = accounts.find(username);
            String hash = found.map(Account::passwordHash).orElse(decoyHash);
            boolean right;
            try {
                right = gate.hashCheck(() -> passwordEncoder.matches(password, hash)) && found.isPresent();
            } catch (SignInGate.Busy busy) {
                throttle.giveBack(byName); // nothing was checked
                throttle.giveBack(byAddress);
                throw busy;
            }
            if (!right) {
                wrongPassword(username, found, List.of(byAddress, byName), origin);
                throw badCredentials();
            }
            throttle.nameSucceeded(byName);
            throttle.giveBack(byAddress);
            Account account = found.get();
            if (!account.enabled()) {
                log(account, AccessAction.SIGN_IN_FAILED, "account disabled", origin);
                throw new AccessProblem(401, "ACCOUNT_DISABLED", null, "账号已停用，请联系系统管理员");
            }
            SignInSessions.Issued issued = sessions.create(account, now, properties.sessionLifetime(), origin);
            log(account, AccessAction.SIGNED_IN, account.mustChangePassword() ? "must change password" : null,
                origin);
            return issued;
        } catch (SignInThrottle.Refused refused) {
            throw throttled(refused.until());
        } catch (SignInGate.Busy busy) {
            throw busy(busy);
        }
    }

    /** The user of a live session token (and the session marked as used), or empty. */
    public Optional<SignedInUser> authenticate(String token) {
        return sessions.use(token, clock.now(), properties.sessionIdleTimeout());
    }

    /**
     * Which of these users are still signed in, without counting as their use: for answers that outlive their
     * request (a live stream). A session user is while the session stands; an identity provider's user until the
     * token expires.
     */
    public Set<SignedInUser> stillSignedIn(Collection<SignedInUser> users) {
        Instant now = clock.now();
        Set<String> sessionIds = new HashSet<>();
        users.stream().filter(user -> !user.viaIdentityProvider()).forEach(user -> sessionIds.add(user.sessionId()));
        Set<String> live = sessions.live(sessionIds, now, properties.sessionIdleTimeout());
        Set<SignedInUser> still = new HashSet<>();
        for (SignedInUser user : users) {
            boolean stands = user.viaIdentityProvider() ? user.expiresAt() == null || user.expiresAt().isAfter(now)
                    : live.contains(user.sessionId());
            if (stands) {
                still.add(user);
            }
        }
        return still;
    }

    public void signOut(SignedInUser user, String origin) {
        if (user.sessionId() != null && sessions.end(user.sessionId())) {
            accessLog.record(user.actor(), AccessAction.SIGNED_OUT, null, null, origin);
        }
    }

    /**
     * Changes the user's own password; the user's other sessions end, this one no longer needs a change. A wrong
     * current password counts like a wrong sign-in from the address, so that a stolen token cannot be used to guess
     * the password; when the allowance is used up, every session of the user ends.
     */
    public SignedInUser changePassword(SignedInUser user, String currentPassword, String newPassword, String origin) {
        if (user.viaIdentityProvider()) {
            throw new AccessProblem(409, "PASSWORD_MANAGED_BY_IDENTITY_PROVIDER", null,
                                    "您通过统一身份认证登录，请在统一身份认证平台修改密码");
        }
        Actor actor = user.actor();
        Account account = accounts.find(actor.userId()).orElseThrow(
                () -> new AccessProblem(401, "UNAUTHENTICATED", null, "账号不存在，请重新登录"));
        String address = ClientAddress.of(origin);
        try (SignInGate.Pass ignored = gate.enter(address)) {
            Instant now = clock.now();
            SignInThrottle.Claim byName = throttle.claimForName(actor.userId(), address, now);
            boolean right;
            try {
                right = currentPassword != null && !PasswordPolicy.tooManyBytes(currentPassword)
                        && gate.hashCheck(() -> passwordEncoder.matches(currentPassword, account.passwordHash()));
            } catch (SignInGate.Busy busy) {
                throttle.giveBack(byName); // nothing was checked
                throw busy;
            }
            if (!right) {
                if (byName.startsBackOff()) {
                    sessions.endAllOf(actor.userId());
                    log(account, AccessAction.SIGN_IN_THROTTLED, "wrong current passwords at password change from "
                            + address + ", sessions ended, slowed down until " + byName.blockedUntil(), origin);
                    throw new AccessProblem(429, "SIGN_IN_THROTTLED", "currentPassword",
                                            "当前密码多次输错，为安全起见已退出登录；请" + waitText(byName.blockedUntil())
                                                    + "后重新登录", retryAfter(byName.blockedUntil()));
                }
                log(account, AccessAction.SIGN_IN_FAILED, "wrong current password at password change", origin);
                throw new AccessProblem(400, "WRONG_CURRENT_PASSWORD", "currentPassword", "当前密码不正确");
            }
            throttle.nameSucceeded(byName);
        } catch (SignInThrottle.Refused refused) {
            throw throttled(refused.until());
        } catch (SignInGate.Busy busy) {
            throw busy(busy);
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

    /** Logs the failure, and the start of a back-off once per counter, never once per refused attempt. */
    private void wrongPassword(String username, Optional<Account> found, List<SignInThrottle.Claim> claims,
                               String origin) {
        if (found.isPresent()) {
            log(found.get(), AccessAction.SIGN_IN_FAILED, "wrong password", origin);
        } else {
            accessLog.record(username, null, null, AccessAction.SIGN_IN_FAILED, null, "unknown user name", origin);
        }
        for (SignInThrottle.Claim claim : claims) {
            if (claim.startsBackOff()) {
                accessLog.record(username, found.map(a -> a.role().name()).orElse(null),
                                 found.map(Account::unit).orElse(null), AccessAction.SIGN_IN_THROTTLED, null,
                                 claim.failures() + " wrong passwords (" + claim.key() + "), slowed down until "
                                         + claim.blockedUntil(), origin);
            }
        }
    }

    private void purgeNowAndThen(Instant now) {
        Instant last = lastPurge.get();
        if (last.plus(PURGE_INTERVAL).isBefore(now) && lastPurge.compareAndSet(last, now)) {
            throttle.purgeForgotten(now);
        }
    }

    private void log(Account account, AccessAction action, String detail, String origin) {
        accessLog.record(account.actor(), action, null, detail, origin);
    }

    private static AccessProblem badCredentials() {
        return new AccessProblem(401, "BAD_CREDENTIALS", null, "用户名或密码不正确");
    }

    /** The same answer for every name, known or not: only the wait differs with what this address did. */
    private AccessProblem throttled(Instant until) {
        return new AccessProblem(429, "SIGN_IN_THROTTLED", null,
                                 "登录失败次数过多，请" + waitText(until) + "后再试；如忘记密码请联系系统管理员重置",
                                 retryAfter(until));
    }

    private static AccessProblem busy(SignInGate.Busy busy) {
        if (busy.wholeService()) {
            return new AccessProblem(503, "SIGN_IN_BUSY", null, "正在登录的人较多，请稍后再试", 2);
        }
        return new AccessProblem(429, "SIGN_IN_THROTTLED", null, "同一地址同时发起的登录过多，请稍后再试", 1);
    }

    private long retryAfter(Instant until) {
        long millis = Duration.between(clock.now(), until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private String waitText(Instant until) {
        long seconds = retryAfter(until);
        return seconds < 120 ? " " + seconds + " 秒" : " " + ((seconds + 59) / 60) + " 分钟";
    }
}
