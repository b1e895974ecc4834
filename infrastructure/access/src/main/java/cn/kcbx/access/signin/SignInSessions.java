package cn.kcbx.access.signin;

import cn.kcbx.access.account.Account;
import cn.kcbx.kernel.actor.Actor;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code sign_in_sessions} collection. A token is 256 random bits, URL-safe Base64; only its SHA-256 hash is
 * stored, so a copy of the database signs nobody in. Each session is sealed with the session key ({@link SessionSeal},
 * a file outside MongoDB), so that writing or editing a document signs nobody in either. Both services read the same
 * collection and key, so a token issued by one is valid on the other. A session ends at its absolute expiry, after
 * the idle timeout without a request, at sign-out, or when an administrator disables the account, resets its
 * password or changes its role or unit.
 */
public class SignInSessions {

    private static final Logger log = LoggerFactory.getLogger(SignInSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final MongoCollection<Document> sessions;
    /**
     * The same collection for marking a session as used, with {@code w: 1}: every request of a signed-in user does it,
     * and it need not wait for the disk. A mark that a crash takes back only makes the session look idle since its
     * mark before, so it ends sooner, never later; sign-in, sign-out and every ending stay durable.
     */
    private final MongoCollection<Document> marksOfUse;
    private final SessionSeal seal;

    public SignInSessions(MongoCollection<Document> sessions, SessionSeal seal) {
        this.sessions = sessions;
        this.marksOfUse = sessions.withWriteConcern(WriteConcern.W1);
        this.seal = seal;
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
        // Stored to the millisecond, so sealed to the millisecond.
        Instant expiresAt = now.plus(lifetime).truncatedTo(ChronoUnit.MILLIS);
        SessionSeal.Grant grant = new SessionSeal.Grant(id, account.username(), account.role().name(), account.unit(),
                                                        account.displayName(), account.mustChangePassword(),
                                                        expiresAt);
        sessions.insertOne(new Document("_id", id)
                                   .append("userId", grant.userId())
                                   .append("role", grant.role())
                                   .append("unit", grant.unit())
                                   .append("displayName", grant.displayName())
                                   .append("mustChangePassword", grant.mustChangePassword())
                                   .append("issuedAt", Date.from(now))
                                   .append("expiresAt", Date.from(expiresAt))
                                   .append("lastSeenAt", Date.from(now))
                                   .append("origin", origin)
                                   .append("seal", seal.seal(grant)));
        return new Issued(token, new SignedInUser(account.actor(), account.displayName(),
                                                  account.mustChangePassword(), id, expiresAt));
    }

    /**
     * The live session of the token, marked as used now; empty when the token is unknown, signed out, past its
     * absolute expiry, idle for longer than {@code idleTimeout}, or its document is not sealed by this service. One
     * atomic round trip checks and touches.
     */
    public Optional<SignedInUser> use(String token, Instant now, Duration idleTimeout) {
        Document session = marksOfUse.findOneAndUpdate(
                Filters.and(Filters.eq("_id", hash(token)), Filters.gt("expiresAt", Date.from(now)),
                            Filters.gt("lastSeenAt", Date.from(now.minus(idleTimeout)))),
                Updates.set("lastSeenAt", Date.from(now)),
                new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        return session == null ? Optional.empty() : sealed(session);
    }

    /**
     * Which of these sessions still stand (not ended, expired or idle, and sealed), without marking them as used: for
     * answers that outlive their request, such as a live stream.
     */
    public Set<String> live(Collection<String> sessionIds, Instant now, Duration idleTimeout) {
        Set<String> live = new HashSet<>();
        if (sessionIds.isEmpty()) {
            return live;
        }
        for (Document session : sessions.find(Filters.and(
                Filters.in("_id", Set.copyOf(sessionIds)), Filters.gt("expiresAt", Date.from(now)),
                Filters.gt("lastSeenAt", Date.from(now.minus(idleTimeout)))))) {
            sealed(session).ifPresent(user -> live.add(user.sessionId()));
        }
        return live;
    }

    /** Ends one session; false when it had already ended. */
    public boolean end(String sessionId) {
        return sessions.deleteOne(Filters.eq("_id", sessionId)).getDeletedCount() > 0;
    }

    /** Ends every session of the user (account disabled, password reset, role or unit changed). */
    public long endAllOf(String userId) {
        return sessions.deleteMany(Filters.eq("userId", userId)).getDeletedCount();
    }

    /** After the user changed the password: ends every other session and frees this one (sealed anew). */
    public void passwordChanged(String userId, String keptSessionId) {
        sessions.deleteMany(Filters.and(Filters.eq("userId", userId), Filters.ne("_id", keptSessionId)));
        Document kept = sessions.find(Filters.eq("_id", keptSessionId)).first();
        if (kept == null || sealed(kept).isEmpty()) {
            return;
        }
        SessionSeal.Grant freed = grantOf(kept, false);
        sessions.updateOne(Filters.and(Filters.eq("_id", keptSessionId), Filters.eq("seal", kept.getString("seal"))),
                           Updates.combine(Updates.set("mustChangePassword", false),
                                           Updates.set("seal", seal.seal(freed))));
    }

    private Optional<SignedInUser> sealed(Document session) {
        SessionSeal.Grant grant = grantOf(session, Boolean.TRUE.equals(session.get("mustChangePassword")));
        if (!seal.verifies(text(session, "seal"), grant)) {
            // Not written by a service with this key: forged, copied, edited, or from before sessions were sealed.
            log.warn("Refused a sign-in session whose seal does not match (user '{}'): the document was not written "
                             + "by this service with its session key", grant.userId());
            return Optional.empty();
        }
        Actor actor = new Actor(grant.userId(), Actor.Role.valueOf(grant.role()), grant.unit());
        return Optional.of(new SignedInUser(actor, grant.displayName(), grant.mustChangePassword(), grant.sessionId(),
                                            grant.expiresAt()));
    }

    /** Read leniently: a document of the wrong shape is refused by its seal, not by an exception. */
    private static SessionSeal.Grant grantOf(Document session, boolean mustChangePassword) {
        return new SessionSeal.Grant(text(session, "_id"), text(session, "userId"), text(session, "role"),
                                     text(session, "unit"), text(session, "displayName"), mustChangePassword,
                                     session.get("expiresAt") instanceof Date expiresAt ? expiresAt.toInstant()
                                             : Instant.EPOCH);
    }

    private static String text(Document session, String field) {
        return session.get(field) instanceof String value ? value : null;
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
