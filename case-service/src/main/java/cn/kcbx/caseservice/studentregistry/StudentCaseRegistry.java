package cn.kcbx.caseservice.studentregistry;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.caseservice.command.ConflictException;
import cn.kcbx.caseservice.config.CaseServiceProperties;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open case per student, enforced set-wide without transactions. Each student (keyed by an HMAC of the ID number
 * or student number, never the number itself) has one claim document naming the case that holds it. Claiming is an
 * insert or a compare-and-set on the claim's version, so two concurrent identifications of the same child cannot both
 * win. Whether the holding case is still open is read from its events, the only truth: a claim is never released,
 * it is taken over once its case is closed (or was never stored) and the claim has been quiet for a grace period.
 */
public class StudentCaseRegistry {

    private static final Logger log = LoggerFactory.getLogger(StudentCaseRegistry.class);
    private static final String CASE_ID = "caseId";
    private static final String VERSION = "version";
    private static final String CLAIMED_AT = "claimedAt";

    private final MongoCollection<Document> claims;
    private final Function<String, CaseOpenness> caseOpenness;
    private final Clock clock;
    private final Duration gracePeriod;
    private final SecretKeySpec keySpec;

    public StudentCaseRegistry(MongoCollection<Document> claims, Function<String, CaseOpenness> caseOpenness,
                               Clock clock, CaseServiceProperties properties) {
        this.claims = claims;
        this.caseOpenness = caseOpenness;
        this.clock = clock;
        this.gracePeriod = properties.claimGracePeriod();
        this.keySpec = new SecretKeySpec(properties.studentKeySecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        if (CaseServiceProperties.DEVELOPMENT_SECRET.equals(properties.studentKeySecret())) {
            log.warn("kcbx.case.student-key-secret is not set: using the development key. Set it in production.");
        }
    }

    /** Makes {@code caseId} the one open case of the student, or explains why it cannot be. */
    public void claim(String studentKey, String caseId) {
        String key = lookupKey(studentKey);
        for (int attempt = 0; attempt < 5; attempt++) {
            Document claim = claims.find(eq("_id", key)).first();
            if (claim == null) {
                if (insert(key, caseId)) {
                    return;
                }
                continue;
            }
            String holder = claim.getString(CASE_ID);
            if (!holder.equals(caseId)) {
                CaseOpenness holderState = caseOpenness.apply(holder);
                if (holderState == CaseOpenness.OPEN) {
                    throw new ConflictException("DUPLICATE_OPEN_CASE",
                            "该学生已有未结案件（案件编号 " + holder + "），请在原案件上继续办理，不要重复登记", false);
                }
                if (isRecent(claim)) {
                    throw new ConflictException("STUDENT_CLAIM_IN_PROGRESS",
                            "该学生的案件正在另一处登记或重新开案，请稍后再试", true);
                }
            }
            if (compareAndSet(key, claim, caseId)) {
                return;
            }
        }
        throw new ConflictException("STUDENT_CLAIM_IN_PROGRESS", "该学生的案件正在另一处登记或重新开案，请稍后再试", true);
    }

    /** Gives a claim back after the command it was taken for failed, so the student can be registered at once. */
    public void releaseFailed(String studentKey, String caseId) {
        if (caseOpenness.apply(caseId) == CaseOpenness.NO_SUCH_CASE) {
            claims.deleteOne(and(eq("_id", lookupKey(studentKey)), eq(CASE_ID, caseId)));
        }
    }

    private boolean insert(String key, String caseId) {
        try {
            claims.insertOne(new Document("_id", key).append(CASE_ID, caseId).append(VERSION, 1L)
                                                     .append(CLAIMED_AT, clock.instant().toString()));
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
        return claims.updateOne(and(eq("_id", key), eq(VERSION, version)),
                                Updates.combine(Updates.set(CASE_ID, caseId),
                                                Updates.set(CLAIMED_AT, clock.instant().toString()),
                                                Updates.set(VERSION, version + 1)))
                     .getModifiedCount() == 1;
    }

    private boolean isRecent(Document claim) {
        Instant claimedAt = Instant.parse(claim.getString(CLAIMED_AT));
        return claimedAt.plus(gracePeriod).isAfter(clock.instant());
    }

    String lookupKey(String studentKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(keySpec);
            return HexFormat.of().formatHex(mac.doFinal(studentKey.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
