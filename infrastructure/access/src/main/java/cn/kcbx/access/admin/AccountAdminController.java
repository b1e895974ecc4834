package cn.kcbx.access.admin;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.CurrentUser;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Account administration, for system administrators only (the filter chain answers 403 to anyone else, and every
 * method checks again). What an administrator may do to which account (its county only, never its own role or unit,
 * never an administrator) is {@link cn.kcbx.access.account.AccountAdministration}'s rule, which the
 * {@link AccountService} applies to every call below. Every change is in the access log.
 */
@RestController
@RequestMapping("/api/admin/accounts")
public class AccountAdminController {

    private final AccountService accounts;
    private final CurrentUser currentUser;
    public AccountAdminController(AccountService accounts, CurrentUser currentUser) {
        this.accounts = accounts;
        this.currentUser = currentUser;
    }

    /** A new account; without a password, a one-time password is generated and answered once. */
    public record NewAccountRequest(String username, String displayName, String role, String unit,
                                    String password) {
    }

    public record ProfileRequest(String displayName, String role, String unit) {
    }

    public record PasswordResetRequest(String password) {
    }

    /**
     * An account as administrators see it (county: whose administrators manage it): never the password hash.
     * {@code slowedDownUntil}: wrong passwords for this name from some address make that address wait until then (the
     * owner elsewhere is not slowed down).
     */
    public record AccountView(String username, String displayName, Actor.Role role, String roleLabel, String unit,
                              String unitName, String county, boolean enabled, boolean slowedDown, String slowedDownUntil,
                              boolean mustChangePassword, boolean demo, String createdAt, String createdBy) {

        static AccountView of(Account account, String unitName, Optional<Instant> slowedUntil) {
            return new AccountView(account.username(), account.displayName(), account.role(), account.role().label(),
                                   account.unit(), unitName, account.county(), account.enabled(), slowedUntil.isPresent(),
                                   slowedUntil.map(Instant::toString).orElse(null), account.mustChangePassword(),
                                   account.demo(), account.createdAt().toString(), account.createdBy());
        }
    }

    /** The account and, when the service generated it, the one-time password (shown only in this answer). */
    public record AccountWithPassword(AccountView account, String oneTimePassword) {
    }

    @GetMapping
    public List<AccountView> list() {
        return accounts.list(currentUser.requireAdmin()).stream().map(this::view).toList();
    }

    @GetMapping("/{username}")
    public AccountView get(@PathVariable String username) {
        return view(accounts.view(username, currentUser.requireAdmin()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public AccountWithPassword create(@RequestBody NewAccountRequest request, HttpServletRequest http) {
        Actor admin = currentUser.requireAdmin();
        AccountService.WithPassword created = accounts.create(
                new AccountService.NewAccount(request.username(), request.displayName(), role(request.role()),
                                              request.unit(), request.password()), admin, http.getRemoteAddr());
        return new AccountWithPassword(view(created.account()), created.oneTimePassword());
    }

    @PutMapping("/{username}")
    public AccountView changeProfile(@PathVariable String username, @RequestBody ProfileRequest request,
                                     HttpServletRequest http) {
        Actor admin = currentUser.requireAdmin();
        return view(accounts.changeProfile(username, request.displayName(), role(request.role()),
                                                     request.unit(), admin, http.getRemoteAddr()));
    }

    @PostMapping("/{username}/enable")
    public AccountView enable(@PathVariable String username, HttpServletRequest http) {
        return view(accounts.setEnabled(username, true, currentUser.requireAdmin(), http.getRemoteAddr()));
    }

    @PostMapping("/{username}/disable")
    public AccountView disable(@PathVariable String username, HttpServletRequest http) {
        return view(accounts.setEnabled(username, false, currentUser.requireAdmin(), http.getRemoteAddr()));
    }

    /** Lifts the sign-in back-off of the user name from every address. */
    @PostMapping("/{username}/unlock")
    public AccountView unlock(@PathVariable String username, HttpServletRequest http) {
        return view(accounts.unlock(username, currentUser.requireAdmin(), http.getRemoteAddr()));
    }

    /** Sets the given password, or a generated one-time password; either must be changed at the next sign-in. */
    @PostMapping("/{username}/password-reset")
    public AccountWithPassword resetPassword(@PathVariable String username,
                                             @RequestBody(required = false) PasswordResetRequest request,
                                             HttpServletRequest http) {
        Actor admin = currentUser.requireAdmin();
        AccountService.WithPassword reset = accounts.resetPassword(username, request == null ? null
                : request.password(), admin, http.getRemoteAddr());
        return new AccountWithPassword(view(reset.account()), reset.oneTimePassword());
    }

    private AccountView view(Account account) {
        return AccountView.of(account, accounts.unitName(account), accounts.slowedUntil(account.username()));
    }

    private static Actor.Role role(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String normalised = value.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(Actor.Role.values()).filter(role -> role.name().equals(normalised)).findFirst()
                     .orElseThrow(() -> new AccessProblem(400, "INVALID_ROLE", "role",
                             "角色不正确：应为 VILLAGE（村级）、SCHOOL（学校）、TOWN（乡镇）、COUNTY（县级）或 ADMIN（系统管理员）"));
    }
}
