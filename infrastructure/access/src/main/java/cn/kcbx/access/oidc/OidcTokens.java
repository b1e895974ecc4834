package cn.kcbx.access.oidc;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.account.RoleUnits;
import cn.kcbx.access.signin.SignedInUser;
import cn.kcbx.kernel.actor.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.util.Locale;
import java.util.Optional;

/**
 * Bearer JWTs of a county's OpenID Connect identity provider ({@code kcbx.security.oidc.enabled=true}). The
 * {@link JwtDecoder} (Spring's, from {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri}) checks signature, issuer and expiry; the configured claims name the user, role and unit,
 * which must fit together as for a local account. Such users have no local account and no password here.
 */
public class OidcTokens {

    private static final Logger log = LoggerFactory.getLogger(OidcTokens.class);

    private final JwtDecoder decoder;
    private final SecurityProperties.Oidc claims;

    public OidcTokens(JwtDecoder decoder, SecurityProperties.Oidc claims) {
        this.decoder = decoder;
        this.claims = claims;
    }

    /** header.payload.signature */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    public Optional<SignedInUser> authenticate(String token) {
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            log.info("Identity provider token refused: {}", e.getClass().getSimpleName());
            return Optional.empty();
        }
        String username = jwt.getClaimAsString(claims.usernameClaim());
        String role = jwt.getClaimAsString(claims.roleClaim());
        String unit = jwt.getClaimAsString(claims.unitClaim());
        if (username == null || username.isBlank() || role == null || unit == null) {
            log.info("Identity provider token refused: claim {}, {} or {} missing", claims.usernameClaim(),
                     claims.roleClaim(), claims.unitClaim());
            return Optional.empty();
        }
        Actor.Role parsed;
        try {
            parsed = Actor.Role.valueOf(role.strip().toUpperCase(Locale.ROOT));
            RoleUnits.check(parsed, unit);
        } catch (IllegalArgumentException | AccessProblem e) {
            log.info("Identity provider token refused for user {}: role {} and unit {} do not fit", username, role,
                     unit);
            return Optional.empty();
        }
        String displayName = jwt.getClaimAsString(claims.displayNameClaim());
        return Optional.of(new SignedInUser(new Actor(username, parsed, unit),
                                            displayName == null ? username : displayName, false, null,
                                            jwt.getExpiresAt()));
    }
}
