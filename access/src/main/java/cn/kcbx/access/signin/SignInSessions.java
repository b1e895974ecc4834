package cn.kcbx.access.signin;

import cn.kcbx.access.account.Account;
import cn.kcbx.kernel.actor.Actor;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The {@code sign_in_sessions} collection. A token is 256 random bits, URL-safe Base64; only its SHA-256 hash is
 * stored, so a copy of the database signs nobody in. Both services read the same collection, so a token issued by one
 * is valid on the other. A session ends at its absolute expiry, after the idle timeout without a request, at sign-out,
 * or when an administrator disables the account or resets its password.
 */
public class SignInSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> sessions;

    public SignInSessions(MongoCollection<Document> sessions) {
        this.sessions = sessions;
        sessions.createIndex(Indexes.ascending("userId"));
        // A real MongoDB deletes ended sessions a day after their absolute expiry; they are refused before that anyway.
        sessions.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(1L, TimeUnit.DAYS));
    }

    /** A new token and its session. */
    public record Issued(String token, SignedInUser user) {
    }

    public Issued create(Account account, Instant now, Duration lifetime, String origin) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String id = hash(token);
        Instant expiresAt = now.plus(lifetime);
        sessions.insertOne(new Document("_id", id)
                                   .append("userId", account.username())
                                   .append("role", account.role().name())
                                   .append("unit", account.unit())
                                   .append("displayName", account.displayName())
                                   .append("mustChangePassword", account.mustChangePassword())
                                   .append("issuedAt", Date.from(now))
                                   .append("expiresAt", Date.from(expiresAt))
                                   .append("lastSeenAt", Date.from(now))
                                   .append("origin", origin));
        return new Issued(token, new SignedInUser(account.actor(), account.displayName(),
                                                  account.mustChangePassword(), id, expiresAt));
    }

    /**
     * The live session of the token, marked as used now; empty when the token is unknown, signed out, past its
     * absolute expiry or idle for longer than {@code idleTimeout}. One atomic round trip checks and touches.
     */
    public Optional<SignedInUser> use(String token, Instant now, Duration idleTimeout) {
        Document session = sessions.findOneAndUpdate(
                Filters.and(Filters.eq("_id", hash(token)), Filters.gt("expiresAt", Date.from(now)),
                            Filters.gt("lastSeenAt", Date.from(now.minus(idleTimeout)))),
                Updates.set("lastSeenAt", Date.from(now)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (session == null) {
            return Optional.empty();
        }
        Actor actor = new Actor(session.getString("userId"), Actor.Role.valueOf(session.getString("role")),
                                session.getString("unit"));
        return Optional.of(new SignedInUser(actor, session.getString("displayName"),
                                            session.getBoolean("mustChangePassword", false), session.getString("_id"),
                                            session.getDate("expiresAt").toInstant()));
    }

    /** Ends one session; false when it had already ended. */
    public boolean end(String sessionId) {
        return sessions.deleteOne(Filters.eq("_id", sessionId)).getDeletedCount() > 0;
    }

    /** Ends every session of the user (account disabled, password reset, role or unit changed). */
    public long endAllOf(String userId) {
        return sessions.deleteMany(Filters.eq("userId", userId)).getDeletedCount();
    }

    /** After the user changed the password: ends every other session and frees this one. */
    public void passwordChanged(String userId, String keptSessionId) {
        sessions.deleteMany(Filters.and(Filters.eq("userId", userId), Filters.ne("_id", keptSessionId)));
        sessions.updateOne(Filters.eq("_id", keptSessionId), Updates.set("mustChangePassword", false));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                                         .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
