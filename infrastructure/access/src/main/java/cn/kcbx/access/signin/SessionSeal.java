package cn.kcbx.access.signin;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC-SHA256 over what a session document grants (its id, which is the token's hash, and the user, role, unit,
 * shown name, password-change flag and expiry), keyed by the session key from a file outside MongoDB. Only the
 * service can write a session that it accepts: a document written into the store, copied under another token or
 * edited to another role fails the check, while ending a session still only takes deleting its document.
 */
public final class SessionSeal {

    private final SecretKeySpec key;

    public SessionSeal(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the session key has 256 bits");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** A key that lives only in memory (tests without a key file). */
    public static SessionSeal random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SessionSeal(key);
    }

    /** What a session grants, as sealed. */
    record Grant(String sessionId, String userId, String role, String unit, String displayName,
                 boolean mustChangePassword, Instant expiresAt) {
    }

    String seal(Grant grant) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Length-prefixed fields: no two different grants give the same input.
            for (String field : new String[]{"kcbx-session-v1", grant.sessionId(), grant.userId(), grant.role(),
                                             grant.unit(), grant.displayName(),
                                             Boolean.toString(grant.mustChangePassword()),
                                             Long.toString(grant.expiresAt().toEpochMilli())}) {
                byte[] bytes = field == null ? new byte[0] : field.getBytes(StandardCharsets.UTF_8);
                mac.update(((field == null ? -1 : bytes.length) + ":").getBytes(StandardCharsets.US_ASCII));
                mac.update(bytes);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    boolean verifies(String seal, Grant grant) {
        return seal != null && MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII),
                                                     seal(grant).getBytes(StandardCharsets.US_ASCII));
    }
}
