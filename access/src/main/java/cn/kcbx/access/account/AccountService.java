package cn.kcbx.access.account;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.signin.SignInSessions;
import cn.kcbx.access.signin.SignInThrottle;
import cn.kcbx.kernel.actor.Actor;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Creates and changes accounts. Every change is a line of the access log (who, when, from where, what) and ends the
 * account's sessions where it should (disabled, password reset, role or unit changed).
 */
public class AccountService {

    /** Who acts when the system itself changes an account (first-run administrator, demo accounts). */
    public static final String SYSTEM = "system";

    /** Also the longest name sign-in accepts. */
    public static final int MAX_USERNAME = 64;
    public static final int MAX_DISPLAY_NAME = 50;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_USERNAME + "}");
    private static final String ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountStore store;
    private final SignInSessions sessions;
    private final SignInThrottle throttle;
    private final PasswordEncoder passwordEncoder;
    private final AccessLog accessLog;
    private final AccessClock clock;

    public AccountService(AccountStore store, SignInSessions sessions, SignInThrottle throttle,
                          PasswordEncoder passwordEncoder, AccessLog accessLog, AccessClock clock) {
        this.store = store;
        this.sessions = sessions;
        this.throttle = throttle;
        this.passwordEncoder = passwordEncoder;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /** What an administrator asks for; a null password means "generate a one-time password". */
    public record NewAccount(String username, String displayName, Actor.Role role, String unit, String password) {
    }

    /** The account after a creation or reset, with the generated one-time password (null when one was given). */
    public record WithPassword(Account account, String oneTimePassword) {
    }

    public List<Account> list() {
        return store.list();
    }

    public Optional<Account> find(String username) {
        return store.find(username);
    }

    /** Creates an account that must change its password at the first sign-in. */
    public WithPassword create(NewAccount request, Actor by, String origin) {
        checkUsername(request.username());
        RoleUnits.check(request.role(), request.unit());
        String displayName = displayName(request.displayName(), request.username());
        String oneTime = request.password() == null ? oneTimePassword() : null;
        String password = oneTime == null ? request.password() : oneTime;
        PasswordPolicy.check(request.username(), password, "password");
        Account account = new Account(request.username(), displayName, request.role(), request.unit(), true,
                                      passwordEncoder.encode(password), true, clock.now(), by.userId(), false);
        if (!store.insert(account)) {
            throw new AccessProblem(409, "USERNAME_TAKEN", "username", "用户名“" + request.username() + "”已被使用");
        }
        log(by, AccessAction.ACCOUNT_CREATED, account, origin);
        return new WithPassword(account, oneTime);
    }

    public Account setEnabled(String username, boolean enabled, Actor by, String origin) {
        if (!enabled && username.equals(by.userId())) {
            throw new AccessProblem(422, "CANNOT_DISABLE_SELF", "username", "不能停用自己的账号");
        }
        Account account = store.setEnabled(username, enabled).orElseThrow(() -> notFound(username));
        if (!enabled) {
            sessions.endAllOf(username);
        }
        log(by, enabled ? AccessAction.ACCOUNT_ENABLED : AccessAction.ACCOUNT_DISABLED, account, origin);
        return account;
    }

    /** Sets a new password (given, or a generated one-time password) that must be changed at the next sign-in. */
    public WithPassword resetPassword(String username, String password, Actor by, String origin) {
        Account existing = store.find(username).orElseThrow(() -> notFound(username));
        String oneTime = password == null ? oneTimePassword() : null;
        String newPassword = oneTime == null ? password : oneTime;
        PasswordPolicy.check(username, newPassword, "password");
        Account account = store.setPassword(existing.username(), passwordEncoder.encode(newPassword), true)
                               .orElseThrow(() -> notFound(username));
        sessions.endAllOf(username);
        log(by, AccessAction.PASSWORD_RESET, account, origin);
        return new WithPassword(account, oneTime);
    }

    /** Lifts the sign-in back-off of the account's user name from every address (a clerk who forgot, then knew). */
    public Account unlock(String username, Actor by, String origin) {
        Account account = store.find(username).orElseThrow(() -> notFound(username));
        throttle.clear(username);
        log(by, AccessAction.ACCOUNT_UNLOCKED, account, origin);
        return account;
    }

    /** When the latest sign-in back-off of the user name (from some address) ends, if one is running. */
    public Optional<Instant> slowedUntil(String username) {
        return throttle.slowedUntil(username, clock.now());
    }

    /** Changes the shown name, role or unit; the account's sessions end, since they carry the old role and unit. */
    public Account changeProfile(String username, String displayName, Actor.Role role, String unit, Actor by,
                                 String origin) {
        RoleUnits.check(role, unit);
        Account existing = store.find(username).orElseThrow(() -> notFound(username));
        Account account = store.setProfile(username, displayName(displayName, existing.displayName()), role, unit)
                               .orElseThrow(() -> notFound(username));
        sessions.endAllOf(username);
        log(by, AccessAction.ACCOUNT_CHANGED, account, origin);
        return account;
    }

    /**
     * Creates the account of a user the system itself signs in (demo accounts, the demo loader's actors, tests), or
     * brings an existing one to this role, unit and password. No password change is required. The hash comes from
     * {@code encoder}, so that a long random password can use a cheap hash.
     */
    public Account provision(Actor actor, String displayName, String password, PasswordEncoder encoder,
                             String origin) {
        PasswordPolicy.check(actor.userId(), password, "password");
        return provision(actor, displayName, password, encoder, origin, false);
    }

    /**
     * A demo account (only while {@code kcbx.demo.enabled}): like {@link #provision}, but with the published demo
     * password, which the policy refuses for every other account, and flagged as a demo account. Its user can still
     * only change it to a password that passes the policy.
     */
    public Account provisionDemo(Actor actor, String displayName, String demoPassword, PasswordEncoder encoder,
                                 String origin) {
        PasswordPolicy.checkShape(actor.userId(), demoPassword, "password");
        return provision(actor, displayName, demoPassword, encoder, origin, true);
    }

    private Account provision(Actor actor, String displayName, String password, PasswordEncoder encoder,
                              String origin, boolean demo) {
        checkUsername(actor.userId());
        RoleUnits.check(actor.role(), actor.unitCode());
        String hash = encoder.encode(password);
        Account account = new Account(actor.userId(), displayName(displayName, actor.userId()), actor.role(),
                                      actor.unitCode(), true, hash, false, clock.now(), SYSTEM, demo);
        Actor system = systemActor(actor.unitCode());
        if (store.insert(account)) {
            log(system, AccessAction.ACCOUNT_CREATED, account, origin);
            return account;
        }
        Account existing = store.find(actor.userId()).orElseThrow(() -> notFound(actor.userId()));
        if (existing.role() != actor.role() || !existing.unit().equals(actor.unitCode())) {
            store.setProfile(actor.userId(), account.displayName(), actor.role(), actor.unitCode());
            sessions.endAllOf(actor.userId());
        }
        store.setEnabled(actor.userId(), true);
        Account changed = store.setPassword(actor.userId(), hash, false).orElseThrow(() -> notFound(actor.userId()));
        log(system, AccessAction.ACCOUNT_CHANGED, changed, origin);
        return changed;
    }

    /** Inserts an account exactly as given (first-run administrator); false when the user name is taken. */
    boolean insertAsSystem(Account account, String origin) {
        if (!store.insert(account)) {
            return false;
        }
        log(systemActor(account.unit()), AccessAction.ACCOUNT_CREATED, account, origin);
        return true;
    }

    /** A one-time password: 16 characters without look-alikes (0/O, 1/l/I), always with letters and digits. */
    public static String oneTimePassword() {
        while (true) {
            StringBuilder password = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                password.append(ONE_TIME_ALPHABET.charAt(RANDOM.nextInt(ONE_TIME_ALPHABET.length())));
            }
            String candidate = password.toString();
            if (candidate.chars().anyMatch(Character::isDigit) && candidate.chars().anyMatch(Character::isLetter)) {
                return candidate;
            }
        }
    }

    private static Actor systemActor(String unit) {
        return new Actor(SYSTEM, Actor.Role.ADMIN, unit);
    }

    private void log(Actor by, AccessAction action, Account account, String origin) {
        // The detail names the account, its role and unit; never a password or hash.
        accessLog.record(by, action, null,
                         "account=" + account.username() + " role=" + account.role() + " unit=" + account.unit()
                                 + " enabled=" + account.enabled(), origin);
    }

    private static void checkUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new AccessProblem(400, "INVALID_USERNAME", "username", "用户名应为 1–64 位字母、数字或 . _ @ -");
        }
    }

    private static String displayName(String requested, String fallback) {
        if (requested == null || requested.isBlank()) {
            return fallback;
        }
        String name = requested.strip();
        if (name.codePointCount(0, name.length()) > MAX_DISPLAY_NAME) {
            throw new AccessProblem(400, "DISPLAY_NAME_TOO_LONG", "displayName", "姓名（显示名）不能超过 50 个字");
        }
        return name;
    }

    /** Names the account only when it could be one: the answer never echoes arbitrarily long input. */
    public static AccessProblem notFound(String username) {
        return new AccessProblem(404, "ACCOUNT_NOT_FOUND", "username",
                                 username != null && USERNAME.matcher(username).matches()
                                         ? "账号“" + username + "”不存在" : "账号不存在");
    }
}
