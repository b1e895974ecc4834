package cn.kcbx.access.account;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.signin.SignInSessions;
import cn.kcbx.access.signin.SignInThrottle;
import cn.kcbx.kernel.actor.Actor;

import org.springframework.security.crypto.password.PasswordEncoder;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates and changes accounts. Every change is a line of the access log (who, when, from where, what) and ends the
 * account's sessions where it should (disabled, password reset, role or unit changed). What an administrator may do is
 * {@link AccountAdministration}'s one rule, asked here before every read or write on an administrator's behalf.
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
    private final AccountUnits units;
    private final SignInSessions sessions;
    private final SignInThrottle throttle;
    private final PasswordEncoder passwordEncoder;
    private final AccessLog accessLog;
    private final AccessClock clock;

    public AccountService(AccountStore store, SignInSessions sessions, SignInThrottle throttle,
                          PasswordEncoder passwordEncoder, AccessLog accessLog, AccessClock clock) {
        this(store, sessions, throttle, passwordEncoder, accessLog, clock, AccountUnits.ANY);
    }

    public AccountService(AccountStore store, SignInSessions sessions, SignInThrottle throttle,
                          PasswordEncoder passwordEncoder, AccessLog accessLog, AccessClock clock, AccountUnits units) {
        this.units = units;
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

    /** Every account, for the system itself; what an administrator sees is {@link #list(Actor)}. */
    public List<Account> list() {
        return store.list();
    }

    /** The accounts the administrator oversees: those of the county it administers. */
    public List<Account> list(Actor administrator) {
        AccountAdministration.administeredCounty(administrator);
        return store.list().stream().filter(account -> AccountAdministration.oversees(administrator, account))
                    .toList();
    }

    /** One account, as an administrator sees it: 404 when unknown, 403 when outside its county. */
    public Account view(String username, Actor administrator) {
        return target(username, administrator, AccountAdministration.Operation.VIEW, null, null);
    }

    /** The name of the account's unit in its county's unit directory, or null when the directory does not list it. */
    public String unitName(Account account) {
        return units.nameOf(account.county(), account.unit());
    }

    public Optional<Account> find(String username) {
        return store.find(username);
    }

    /** Creates an account that must change its password at the first sign-in. */
    public WithPassword create(NewAccount request, Actor by, String origin) {
        checkUsername(request.username());
        RoleUnits.check(request.role(), request.unit());
        AccountAdministration.Placement placement = placement(request.role(), request.unit(), by);
        allowed(by, AccountAdministration.Operation.CREATE, request.username(), null, placement, origin);
        units.requireKnown(request.role(), request.unit(), placement.county());
        String displayName = displayName(request.displayName(), request.username());
        String oneTime = request.password() == null ? oneTimePassword() : null;
        String password = oneTime == null ? request.password() : oneTime;
        PasswordPolicy.check(request.username(), password, "password");
        Account account = new Account(request.username(), displayName, request.role(), request.unit(),
                                      placement.county(), true, passwordEncoder.encode(password), true, clock.now(),
                                      by.userId(), false);
        if (!store.insert(account)) {
            throw new AccessProblem(409, "USERNAME_TAKEN", "username", "用户名“" + request.username() + "”已被使用");
        }
        log(by, AccessAction.ACCOUNT_CREATED, account, origin);
        return new WithPassword(account, oneTime);
    }

    public Account setEnabled(String username, boolean enabled, Actor by, String origin) {
        target(username, by, enabled ? AccountAdministration.Operation.ENABLE
                : AccountAdministration.Operation.DISABLE, null, origin);
        Account account = store.setEnabled(username, enabled).orElseThrow(() -> notFound(username));
        if (!enabled) {
            sessions.endAllOf(username);
        }
        log(by, enabled ? AccessAction.ACCOUNT_ENABLED : AccessAction.ACCOUNT_DISABLED, account, origin);
        return account;
    }

    /** Sets a new password (given, or a generated one-time password) that must be changed at the next sign-in. */
    public WithPassword resetPassword(String username, String password, Actor by, String origin) {
        Account existing = target(username, by, AccountAdministration.Operation.RESET_PASSWORD, null, origin);
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
        target(username, by, AccountAdministration.Operation.UNLOCK, null, origin);
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
        AccountAdministration.Placement placement = placement(role, unit, by);
        Account existing = target(username, by, AccountAdministration.Operation.CHANGE_PROFILE, placement, origin);
        units.requireKnown(role, unit, placement.county());
        Account account = store.setProfile(username, displayName(displayName, existing.displayName()), role, unit,
                                           placement.county())
                               .orElseThrow(() -> notFound(username));
        sessions.endAllOf(username);
        log(by, AccessAction.ACCOUNT_CHANGED, account, origin);
        return account;
    }

    /**
     * Creates the account of a user the system itself signs in (demo accounts, the demo loader's actors, tests), or
     * brings an existing one to this role, unit and password. No password change is required. The hash comes from
     * {@code encoder}, so that a long random password can use a cheap hash. A school account gets no county: use
     * {@link #provision(Actor, String, String, String, PasswordEncoder, String)} for one a county's administrator
     * manages.
     */
    public Account provision(Actor actor, String displayName, String password, PasswordEncoder encoder,
                             String origin) {
        return provision(actor, null, displayName, password, encoder, origin);
    }

    /** As {@link #provision(Actor, String, String, PasswordEncoder, String)}; a school account in {@code county}. */
    public Account provision(Actor actor, String schoolCounty, String displayName, String password,
                             PasswordEncoder encoder, String origin) {
        PasswordPolicy.check(actor.userId(), password, "password");
        return provision(actor, schoolCounty, displayName, password, encoder, origin, false);
    }

    /**
     * A demo account (only while {@code kcbx.demo.enabled}): like {@link #provision}, but with the published demo
     * password, which the policy refuses for every other account, and flagged as a demo account. Its user can still
     * only change it to a password that passes the policy.
     */
    public Account provisionDemo(Actor actor, String schoolCounty, String displayName, String demoPassword,
                                 PasswordEncoder encoder, String origin) {
        PasswordPolicy.checkShape(actor.userId(), demoPassword, "password");
        return provision(actor, schoolCounty, displayName, demoPassword, encoder, origin, true);
    }

    private Account provision(Actor actor, String schoolCounty, String displayName, String password,
                              PasswordEncoder encoder, String origin, boolean demo) {
        checkUsername(actor.userId());
        RoleUnits.check(actor.role(), actor.unitCode());
        String county = RoleUnits.countyOf(actor.role(), actor.unitCode()).orElse(schoolCounty);
        String hash = encoder.encode(password);
        Account account = new Account(actor.userId(), displayName(displayName, actor.userId()), actor.role(),
                                      actor.unitCode(), county, true, hash, false, clock.now(), SYSTEM, demo);
        Actor system = systemActor(actor.unitCode());
        if (store.insert(account)) {
            log(system, created(account), account, origin);
            return account;
        }
        Account existing = store.find(actor.userId()).orElseThrow(() -> notFound(actor.userId()));
        if (existing.role() != actor.role() || !existing.unit().equals(actor.unitCode())
                || !Objects.equals(existing.county(), county)) {
            store.setProfile(actor.userId(), account.displayName(), actor.role(), actor.unitCode(), county);
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
        log(systemActor(account.unit()), created(account), account, origin);
        return true;
    }

    /**
     * Older school accounts have no county (none was kept before administrators were bound to theirs): each gets the
     * county of the administrator that created it, so that this county's administrators keep managing it. School
     * accounts the system made (demo, tests) stay without one. Safe to run again and from both services at once.
     *
     * @return how many accounts got a county
     */
    public int assignCountiesToOlderSchoolAccounts(String origin) {
        int assigned = 0;
        for (Account account : store.list()) {
            if (account.role() != Actor.Role.SCHOOL || account.county() != null || account.createdBy() == null) {
                continue;
            }
            Optional<String> county = store.find(account.createdBy())
                                           .filter(creator -> creator.role() == Actor.Role.ADMIN)
                                           .map(Account::county);
            if (county.isPresent() && store.assignMissingCounty(account.username(), county.get())) {
                log(systemActor(county.get()), AccessAction.ACCOUNT_CHANGED,
                    store.find(account.username()).orElseThrow(), origin);
                assigned++;
            }
        }
        return assigned;
    }

    /** An administrator is a step of its own in the access log, so that an audit finds every one made. */
    private static AccessAction created(Account account) {
        return account.role() == Actor.Role.ADMIN ? AccessAction.ADMINISTRATOR_CREATED : AccessAction.ACCOUNT_CREATED;
    }

    /**
     * The account an administrator acts on, once {@link AccountAdministration} allows the operation; {@code origin}
     * null for a read, whose refusal is not logged.
     */
    private Account target(String username, Actor by, AccountAdministration.Operation operation,
                           AccountAdministration.Placement after, String origin) {
        AccountAdministration.administeredCounty(by);
        Account account = store.find(username).orElseThrow(() -> notFound(username));
        if (origin == null) {
            AccountAdministration.check(by, operation, account, after);
        } else {
            allowed(by, operation, username, account, after, origin);
        }
        return account;
    }

    /**
     * Asks {@link AccountAdministration}; a refused change is a line of the access log too, since an administrator
     * reaching beyond its county or for its own role is what an audit looks for.
     */
    private void allowed(Actor by, AccountAdministration.Operation operation, String username, Account target,
                         AccountAdministration.Placement after, String origin) {
        try {
            AccountAdministration.check(by, operation, target, after);
        } catch (AccessProblem refused) {
            String wanted = after == null ? "" : " wanted role=" + after.role() + " unit=" + after.unit()
                    + " county=" + after.county();
            accessLog.record(by, AccessAction.ACCOUNT_ADMINISTRATION_REFUSED, null,
                             "account=" + username + " operation=" + operation + wanted + " refused=" + refused.code(),
                             origin);
            throw refused;
        }
    }

    /**
     * Where an administrator puts an account: a school, whose code names no county, in the administrator's own county
     * (the only one it administers); every other role in the county of its unit.
     */
    private static AccountAdministration.Placement placement(Actor.Role role, String unit, Actor by) {
        String county = RoleUnits.countyOf(role, unit)
                                 .orElseGet(() -> AccountAdministration.administeredCounty(by));
        return new AccountAdministration.Placement(role, unit, county);
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
                                 + " county=" + account.county() + " enabled=" + account.enabled(), origin);
    }

    static void checkUsername(String username) {
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
