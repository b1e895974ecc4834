package cn.kcbx.access.security;

import cn.kcbx.access.oidc.OidcTokens;
import cn.kcbx.access.signin.SignInService;
import cn.kcbx.access.signin.SignedInUser;
import cn.kcbx.web.ApiError;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Reads {@code Authorization: Bearer <token>}: a sign-in token of this product (looked up in
 * {@code sign_in_sessions}) or, when OIDC is on, a JWT of the county's identity provider. A request without a valid
 * token goes on unauthenticated; the authorization rules then answer 401 wherever a sign-in is needed, so that even
 * a stale token does not stand in the way of signing in again.
 *
 * <p>A user who must change the password may only reach {@code /api/auth/**} until it is changed (403
 * {@code PASSWORD_CHANGE_REQUIRED}).
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "bearer ";

    private final SignInService signIn;
    private final OidcTokens oidc;

    BearerTokenFilter(SignInService signIn, OidcTokens oidc) {
        this.signIn = signIn;
        this.oidc = oidc;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            Optional<SignedInUser> user = authenticate(header);
            if (user.isEmpty()) {
                request.setAttribute(ApiErrorResponses.TOKEN_REFUSED, Boolean.TRUE);
            } else {
                if (user.get().mustChangePassword() && !ApiErrorResponses.PathOf.request(request)
                                                                                 .startsWith("/api/auth/")) {
                    ApiErrorResponses.write(response, new ApiError(403, "PASSWORD_CHANGE_REQUIRED", null,
                            "请先修改密码（POST /api/auth/password）：管理员设置的初始密码或重置密码须在首次登录后修改",
                            false));
                    return;
                }
                SecurityContext context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
                context.setAuthentication(new SignedInAuthentication(user.get()));
                SecurityContextHolder.getContextHolderStrategy().setContext(context);
            }
        }
        chain.doFilter(request, response);
    }

    private Optional<SignedInUser> authenticate(String header) {
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).strip();
        if (OidcTokens.looksLikeJwt(token)) {
            return oidc == null ? Optional.empty() : oidc.authenticate(token);
        }
        // Our tokens are 43 URL-safe Base64 characters; anything else is not worth a database round trip.
        if (token.length() != 43 || !token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
            return Optional.empty();
        }
        return signIn.authenticate(token);
    }
}
