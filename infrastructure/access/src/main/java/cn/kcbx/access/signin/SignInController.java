package cn.kcbx.access.signin;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.UnauthenticatedException;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/**
 * Sign-in with user name and password, sign-out, who am I, and changing one's own password. Both services answer
 * these, on the same sessions: a token from one is valid on the other.
 */
@RestController
@RequestMapping("/api/auth")
public class SignInController {

    private final SignInService signIn;
    private final AccountService accounts;
    private final SignInFailures failures;

    public SignInController(SignInService signIn, AccountService accounts, ObjectProvider<MeterRegistry> meters) {
        this.signIn = signIn;
        this.accounts = accounts;
        this.failures = new SignInFailures(meters.getIfAvailable());
    }

    public record SignInRequest(String username, String password) {
    }

    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /**
     * The signed-in user as the client shows it; {@code unitName} from the unit directory (null when not listed);
     * {@code county} the 6-digit code of the account's county (a school's code names none; null when unknown).
     */
    public record UserView(String userId, String displayName, Actor.Role role, String roleLabel, String unit,
                           String unitName, String county, boolean mustChangePassword) {
    }

    private UserView view(SignedInUser user) {
        Actor actor = user.actor();
        Optional<Account> account = accounts.find(actor.userId());
        return new UserView(actor.userId(), user.displayName(), actor.role(), actor.role().label(), actor.unitCode(),
                            account.map(accounts::unitName).orElse(null), account.map(Account::county).orElse(null),
                            user.mustChangePassword());
    }

    /** The bearer token, when the sign-in ends at the latest (ISO instant), and the user. */
    public record SignInResponse(String token, String expiresAt, UserView user) {
    }

    @PostMapping("/sign-in")
    public SignInResponse signIn(@RequestBody SignInRequest request, HttpServletRequest http) {
        SignInSessions.Issued issued;
        try {
            issued = signIn.signIn(request.username(), request.password(), http.getRemoteAddr());
        } catch (AccessProblem refused) {
            failures.refused(refused.code());
            throw refused;
        }
        return new SignInResponse(issued.token(), issued.user().expiresAt().toString(), view(issued.user()));
    }

    @PostMapping("/sign-out")
    public ResponseEntity<Void> signOut(HttpServletRequest http) {
        signIn.signOut(user(), http.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/me")
    public UserView me() {
        return view(user());
    }

    @PostMapping("/password")
    public UserView changePassword(@RequestBody PasswordChange request, HttpServletRequest http) {
        return view(signIn.changePassword(user(), request.currentPassword(), request.newPassword(),
                                                 http.getRemoteAddr()));
    }

    private static SignedInUser user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedInUser user) {
            return user;
        }
        throw new UnauthenticatedException(null, "未登录：请先登录");
    }
}
