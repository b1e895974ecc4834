package cn.kcbx.access.account;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.SecurityProperties;
import cn.kcbx.kernel.actor.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The first system administrator, from {@code kcbx.security.initial-admin.*}: created only while no ADMIN account
 * exists, with a password that must pass the policy and must be changed at the first sign-in. Nothing ships with a
 * default password; a service that starts with no account at all and nothing configured says how to create one.
 */
public class InitialAdmin {

    private static final Logger log = LoggerFactory.getLogger(InitialAdmin.class);

    public enum Outcome { CREATED, ADMIN_EXISTS, NOT_CONFIGURED }

    private final SecurityProperties.InitialAdmin settings;
    private final AccountStore store;
    private final AccountService accounts;
    private final PasswordEncoder passwordEncoder;
    private final AccessClock clock;

    public InitialAdmin(SecurityProperties.InitialAdmin settings, AccountStore store, AccountService accounts,
                        PasswordEncoder passwordEncoder, AccessClock clock) {
        this.settings = settings;
        this.store = store;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /**
     * Creates the administrator if configured and needed.
     *
     * @throws IllegalStateException when the settings are incomplete or the password is too weak: the service does
     *                               not start, rather than start with an administrator nobody meant to create
     */
    public Outcome ensure() {
        if (!settings.configured()) {
            if (store.isEmpty()) {
                log.warn("No account exists yet (尚无任何账号). To create the first system administrator, start with "
                                 + "--kcbx.security.initial-admin.username=<name> "
                                 + "--kcbx.security.initial-admin.unit=<6-digit county code> and "
                                 + "--kcbx.security.initial-admin.password-file=<file holding a password of 10+ "
                                 + "characters with letters and digits> (or .password); the administrator changes it "
                                 + "at the first sign-in.");
            }
            return Outcome.NOT_CONFIGURED;
        }
        if (store.anyWithRole(Actor.Role.ADMIN)) {
            return Outcome.ADMIN_EXISTS;
        }
        String username = settings.username().strip();
        String password = password();
        try {
            RoleUnits.check(Actor.Role.ADMIN, settings.unit());
            PasswordPolicy.check(username, password, "password");
        } catch (AccessProblem problem) {
            throw new IllegalStateException("kcbx.security.initial-admin is not usable: " + problem.code() + " "
                                                    + problem.getMessage());
        }
        String displayName = settings.displayName() == null ? "系统管理员" : settings.displayName();
        Account admin = new Account(username, displayName, Actor.Role.ADMIN, settings.unit(), settings.unit(), true,
                                    passwordEncoder.encode(password), true, clock.now(), AccountService.SYSTEM,
                                    false);
        if (accounts.insertAsSystem(admin, ServerStep.origin("kcbx.security.initial-admin"))) {
            log.info("Created the first system administrator '{}' (unit {}); the password must be changed at the first "
                             + "sign-in.", username, settings.unit());
            return Outcome.CREATED;
        }
        // The other service of the same store created it a moment ago (both start together in one process).
        return Outcome.ADMIN_EXISTS;
    }

    private String password() {
        return ServerStep.password("kcbx.security.initial-admin", settings.password(), settings.passwordFile());
    }
}
