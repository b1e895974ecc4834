package cn.kcbx.access.account;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.AccessProblem;
import cn.kcbx.kernel.actor.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Optional;

/**
 * The server's step that makes a system administrator ({@code kcbx.security.add-admin.*}) once the first exists: the
 * account API never makes one ({@link AccountAdministration}). At start-up, the named administrator is created if no
 * account has that name, with a password that must be changed at the first sign-in, and the access log records
 * {@code ADMINISTRATOR_CREATED} with the host and operating-system user. Starting again with the same settings changes
 * nothing; settings that cannot be carried out stop the service, rather than let it start without the step.
 */
public class AddedAdmin {

    private static final Logger log = LoggerFactory.getLogger(AddedAdmin.class);
    static final String SETTINGS = "kcbx.security.add-admin";

    public enum Outcome { CREATED, EXISTS, NOT_CONFIGURED }

    private final AddAdminProperties settings;
    private final AccountStore store;
    private final AccountService accounts;
    private final PasswordEncoder passwordEncoder;
    private final AccessClock clock;

    public AddedAdmin(AddAdminProperties settings, AccountStore store, AccountService accounts,
                      PasswordEncoder passwordEncoder, AccessClock clock) {
        this.settings = settings;
        this.store = store;
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
        this.clock = clock;
    }

    /**
     * Creates the administrator if configured and not there yet.
     *
     * @throws IllegalStateException when the settings are incomplete, the password is too weak, the unit is no county,
     *                               or the user name belongs to an account that is not this administrator
     */
    public Outcome ensure() {
        if (!settings.configured()) {
            return Outcome.NOT_CONFIGURED;
        }
        String username = settings.username().strip();
        try {
            AccountService.checkUsername(username);
            RoleUnits.check(Actor.Role.ADMIN, settings.unit());
        } catch (AccessProblem problem) {
            throw unusable(problem);
        }
        Optional<Account> existing = store.find(username);
        if (existing.isPresent()) {
            return alreadyThere(existing.get());
        }
        String password = ServerStep.password(SETTINGS, settings.password(), settings.passwordFile());
        try {
            PasswordPolicy.check(username, password, "password");
        } catch (AccessProblem problem) {
            throw unusable(problem);
        }
        String displayName = settings.displayName() == null ? "系统管理员" : settings.displayName();
        Account admin = new Account(username, displayName, Actor.Role.ADMIN, settings.unit(), settings.unit(), true,
                                    passwordEncoder.encode(password), true, clock.now(), AccountService.SYSTEM,
                                    false);
        if (!accounts.insertAsSystem(admin, ServerStep.origin(SETTINGS))) {
            // The other service of the same store created it a moment ago (both start together in one process).
            return alreadyThere(store.find(username).orElseThrow());
        }
        log.info("Created system administrator '{}' for county {} ({}); the password must be changed at the first "
                         + "sign-in. Remove the {}.* settings now.", username, settings.unit(), SETTINGS, SETTINGS);
        return Outcome.CREATED;
    }

    private Outcome alreadyThere(Account account) {
        if (account.role() != Actor.Role.ADMIN || !account.unit().equals(settings.unit())) {
            throw new IllegalStateException(SETTINGS + ".username '" + account.username() + "' is taken by a "
                    + account.role() + " account of unit " + account.unit() + "; choose another user name (an "
                    + "existing account is never turned into an administrator)");
        }
        log.info("System administrator '{}' of county {} exists; the {}.* settings can be removed.",
                 account.username(), account.unit(), SETTINGS);
        return Outcome.EXISTS;
    }

    private static IllegalStateException unusable(AccessProblem problem) {
        return new IllegalStateException(SETTINGS + " is not usable: " + problem.code() + " " + problem.getMessage());
    }
}
