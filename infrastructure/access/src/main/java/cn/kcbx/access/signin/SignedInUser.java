package cn.kcbx.access.signin;

import cn.kcbx.kernel.actor.Actor;

import java.time.Instant;

/**
 * Who sent the request, as the bearer token proves it.
 *
 * @param sessionId          the token's SHA-256 hash (its session), or null for an identity provider's token
 * @param mustChangePassword only the sign-in endpoints are open until the password is changed
 * @param expiresAt          when the sign-in ends at the latest
 */
public record SignedInUser(Actor actor, String displayName, boolean mustChangePassword, String sessionId,
                           Instant expiresAt) {

    public boolean viaIdentityProvider() {
        return sessionId == null;
    }
}
