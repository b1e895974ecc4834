package cn.kcbx.access.security;

import cn.kcbx.access.signin.SignedInUser;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.web.CurrentUser;
import cn.kcbx.web.UnauthenticatedException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;

/** The acting user is the signed-in account (or the identity provider's user), as the bearer token proved. */
public final class SignedInCurrentUser implements CurrentUser {

    @Override
    public Actor require() {
        return signedIn().map(SignedInUser::actor).orElseThrow(
                () -> new UnauthenticatedException(null, "未登录：请先登录，再在请求头带上 Authorization: Bearer <令牌>"));
    }

    /** The signed-in user of this request, if any. */
    public static Optional<SignedInUser> signedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof SignedInAuthentication signedIn) {
            return Optional.of(signedIn.getPrincipal());
        }
        return Optional.empty();
    }
}
