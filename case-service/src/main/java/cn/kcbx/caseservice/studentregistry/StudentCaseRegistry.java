package cn.kcbx.caseservice.studentregistry;

import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.embeddedmongo.WritesBeforeCommit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

/**
 * One open case per student, enforced set-wide without transactions. Each student (keyed by an HMAC of the ID number
 * or student number, never the number itself) has one claim document naming the case that holds it. Claiming is an
 * insert or a compare-and-set on the claim's version, so two concurrent identifications of the same child cannot both
 * win. Whether the holding case is still open is read from its events, the only truth: a claim is never released,
 * it is taken over once its case is closed (or was never stored) and the claim has been quiet for a grace period.
 */
public class StudentCaseRegistry {

    private static final String CASE_ID = "caseId";
    private static final String VERSION = "version";
    private static final String CLAIMED_AT = "claimedAt";
    /** A fingerprint of the key a claim's id was computed with: claims under an earlier key are re-keyed at start. */
    private static final String KEY_CHECK = "keyCheck";

    private final MongoCollection<Document> claims;
    /** The same collection, for taking a claim: the case's durable commit follows ({@link WritesBeforeCommit}). */
    private final MongoCollection<Document> claimsBeforeCommit;
    private final Function<String, CaseOpenness> caseOpenness;
    private final Clock clock;
    private final Duration gracePeriod;
    private final SecretKeySpec keySpec;
    private final String keyCheck;

    /**
     * @param gracePeriod how long a fresh claim counts as "being registered": it must exceed the longest time an
     *                    identification takes, or two concurrent ones may both win (zero disables the protection)
     * @param key         the HMAC key turning ID numbers into lookup keys (see {@link StudentLookupKey})
     */
    public StudentCaseRegistry(MongoCollection<Document> claims, Function<String, CaseOpenness> caseOpenness,
                               Clock clock, Duration gracePeriod, byte[] key) {
        this(claims, caseOpenness, clock, gracePeriod, key, false);
    }

    /**
     * @param storeInThisProcess whether the embedded store runs in this process: then taking a claim needs no sync of
     *                           its own, the case's commit makes it durable ({@link WritesBeforeCommit})
     */
    public StudentCaseRegistry(MongoCollection<Document> claims, Function<String, CaseOpenness> caseOpenness,
                               Clock clock, Duration gracePeriod, byte[] key, boolean storeInThisProcess) {
        this.claims = claims;
        this.claimsBeforeCommit = WritesBeforeCommit.of(claims, storeInThisProcess);
        this.caseOpenness = caseOpenness;
        this.clock = clock;
        this.gracePeriod = gracePeriod;
        this.keySpec = new SecretKeySpec(key, "HmacSHA256");
        this.keyCheck = hmac("kcbx-claim-key-check").substring(0, 16);
    }

    /**
     * Moves the claims made under another key (the development key earlier versions used by default) to this key,
     * so a student's open case keeps blocking a second one, and no lookup key under a published key stays behind.
     * A claim whose case no longer has its student's identity (erased, or never stored) is removed: nothing open
     * holds it.
     *
     * @param studentKeyOfCase the ID number (or student number) of a case's student, empty when unknown
     * @return how many claims were re-keyed or removed
     */
    public int rekeyClaims(Function<String, Optional<String>> studentKeyOfCase) {
        int changed = 0;
        for (Document claim : claims.find(ne(KEY_CHECK, keyCheck)).into(new ArrayList<>())) {
            String oldId = claim.getString("_id");
            Optional<String> studentKey = studentKeyOfCase.apply(claim.getString(CASE_ID));
            if (studentKey.isEmpty()) {
                claims.deleteOne(eq("_id", oldId));
            } else {
                String newId = lookupKey(studentKey.get());
                if (newId.equals(oldId)) {
                    claims.updateOne(eq("_id", oldId), Updates.set(KEY_CHECK, keyCheck));
                } else {
                    Document moved = new Document(claim).append("_id", newId).append(KEY_CHECK, keyCheck);
                    try {
                        claims.insertOne(moved);
                    } catch (MongoWriteException e) {
                        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                            throw e;
                        }
                        // Claimed under the new key meanwhile: that claim is the newer truth.
                    }
                    claims.deleteOne(eq("_id", oldId));
                }
            }
            changed++;
        }
        return changed;
    }

    /** What a claim came to. */
    public record Claim(Outcome outcome, String holderCaseId) {

        public enum Outcome {
            /** The case now holds the student. */
            CLAIMED,
            /** Another case of the student is open. */
            HELD_BY_OPEN_CASE,
            /** Another case is being registered or reopened for the student right now; retry shortly. */
            IN_PROGRESS
        }

        public boolean claimed() {
            return outcome == Outcome.CLAIMED;
        }
    }

    /** Makes {@code caseId} the one open case of the student, unless another case holds the student. */
    public Claim claim(String studentKey, String caseId) {
        String key = lookupKey(studentKey);
        // Most students have no claim yet: the insert comes first, and the claim is read only when one exists.
        if (insert(key, caseId)) {
            return new Claim(Claim.Outcome.CLAIMED, caseId);
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Document claim = claims.find(eq("_id", key)).first();
            if (claim == null) {
                if (insert(key, caseId)) {
                    return new Claim(Claim.Outcome.CLAIMED, caseId);
                }
                continue;
            }
            String holder = claim.getString(CASE_ID);
            if (!holder.equals(caseId)) {
                CaseOpenness holderState = caseOpenness.apply(holder);
                if (holderState == CaseOpenness.OPEN) {
                    return new Claim(Claim.Outcome.HELD_BY_OPEN_CASE, holder);
                }
                if (isRecent(claim)) {
                    return new Claim(Claim.Outcome.IN_PROGRESS, holder);
                }
            }
            if (compareAndSet(key, claim, caseId)) {
                return new Claim(Claim.Outcome.CLAIMED, caseId);
            }
        }
        return new Claim(Claim.Outcome.IN_PROGRESS, null);
    }

    /**
     * Forgets an erased student: the claim is a keyed hash of the ID number, so it is personal data too and goes with
     * the erasure (only while one of the erased cases holds it; a new identification simply claims afresh).
     */
    public void forget(String studentKey, Collection<String> erasedCases) {
        claims.deleteOne(and(eq("_id", lookupKey(studentKey)), in(CASE_ID, erasedCases)));
    }

    /** Gives a claim back after the command it was taken for failed, so the student can be registered at once. */
    public void releaseFailed(String studentKey, String caseId) {
        if (caseOpenness.apply(caseId) == CaseOpenness.NO_SUCH_CASE) {
            claims.deleteOne(and(eq("_id", lookupKey(studentKey)), eq(CASE_ID, caseId)));
        }
    }

    private boolean insert(String key, String caseId) {
        try {
            claimsBeforeCommit.insertOne(new Document("_id", key).append(CASE_ID, caseId).append(VERSION, 1L)
                                                     .append(CLAIMED_AT, clock.instant().toString())
                                                     .append(KEY_CHECK, keyCheck));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private boolean compareAndSet(String key, Document claim, String caseId) {
        long version = claim.get(VERSION, Number.class).longValue();
        return claimsBeforeCommit.updateOne(and(eq("_id", key), eq(VERSION, version)),
                                Updates.combine(Updates.set(CASE_ID, caseId), Updates.set(KEY_CHECK, keyCheck),
                                                Updates.set(CLAIMED_AT, clock.instant().toString()),
                                                Updates.set(VERSION, version + 1)))
                     .getModifiedCount() == 1;
    }

    private boolean isRecent(Document claim) {
        Instant claimedAt = Instant.parse(claim.getString(CLAIMED_AT));
        return claimedAt.plus(gracePeriod).isAfter(clock.instant());
    }

    /** The student's lookup key: an HMAC of the number, so that nothing derived from it reveals the number. */
    public String lookupKey(String studentKey) {
        return hmac(studentKey);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keySpec);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
