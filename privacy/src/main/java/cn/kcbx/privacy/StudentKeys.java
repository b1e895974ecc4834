package cn.kcbx.privacy;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * The students' data keys, kept apart from the events: collection {@code student_keys} holds one document per key
 * (a random id, the keyed hash of the student, the AES-256 data key wrapped by the {@link MasterKey}), and
 * {@code student_key_cases} maps each case to the key of its student. Destroying a key (erasure) removes the wrapped
 * key and the student hash; the document stays as a record that the key existed and when it was destroyed.
 *
 * <p>Unwrapped keys are cached for a short while, so reading the event stream costs no extra query per event. A
 * process other than the one that erased a key may read with it for up to {@link #KEY_CACHE_TTL} longer; the read side
 * blanks its own copies on the {@code PersonalDataErased} event anyway.
 */
public class StudentKeys {

    public static final String KEYS_COLLECTION = "student_keys";
    public static final String CASES_COLLECTION = "student_key_cases";
    static final Duration KEY_CACHE_TTL = Duration.ofSeconds(30);

    private static final String STUDENT = "student";
    private static final String WRAPPED_KEY = "wrappedKey";
    private static final String ERASED_AT = "erasedAt";
    private static final String KEY_ID = "keyId";

    private final MongoCollection<Document> keys;
    private final MongoCollection<Document> cases;
    private final MasterKey masterKey;
    private final Clock clock;
    private final Map<String, CachedKey> keyCache = new ConcurrentHashMap<>();
    private final Map<String, String> caseKeyIds = new ConcurrentHashMap<>();

    private record CachedKey(SecretKey key, Instant until) {
    }

    public StudentKeys(MongoDatabase database, MasterKey masterKey, Clock clock) {
        this.keys = database.getCollection(KEYS_COLLECTION);
        this.cases = database.getCollection(CASES_COLLECTION);
        this.masterKey = masterKey;
        this.clock = clock;
        keys.createIndex(Indexes.ascending(STUDENT), new IndexOptions().name("student"));
        cases.createIndex(Indexes.ascending(KEY_ID), new IndexOptions().name("keyId"));
    }

    /**
     * The data key of the student of a newly identified case, created if the student has none (or only a destroyed
     * one), and the case mapped to it. Several cases of one student (a new case after an earlier one was closed)
     * share the student's key.
     */
    public String keyIdForCase(String caseId, String studentKey) {
        String known = caseKeyIds.get(caseId);
        if (known != null) {
            return known;
        }
        String hash = masterKey.lookupHash(studentKey);
        Document existing = keys.find(and(eq(STUDENT, hash), eq(ERASED_AT, null))).first();
        String keyId;
        if (existing != null) {
            keyId = existing.getString("_id");
        } else {
            keyId = UUID.randomUUID().toString();
            SecretKey dataKey = newDataKey();
            byte[] wrapped = Aes.encrypt(masterKey.wrappingKey(), dataKey.getEncoded(), "data-key:" + keyId);
            keys.insertOne(new Document("_id", keyId).append(STUDENT, hash)
                                                      .append(WRAPPED_KEY, Base64.getEncoder().encodeToString(wrapped))
                                                      .append("createdAt", Date.from(clock.instant()))
                                                      .append(ERASED_AT, null));
            keyCache.put(keyId, new CachedKey(dataKey, clock.instant().plus(KEY_CACHE_TTL)));
        }
        cases.replaceOne(eq("_id", caseId), new Document("_id", caseId).append(KEY_ID, keyId),
                         new ReplaceOptions().upsert(true));
        caseKeyIds.put(caseId, keyId);
        return keyId;
    }

    /** The key id of a case's student; empty for a case stored before encryption existed. */
    public Optional<String> keyIdOfCase(String caseId) {
        String known = caseKeyIds.get(caseId);
        if (known != null) {
            return Optional.of(known);
        }
        Document mapping = cases.find(eq("_id", caseId)).first();
        if (mapping == null) {
            return Optional.empty();
        }
        String keyId = mapping.getString(KEY_ID);
        caseKeyIds.put(caseId, keyId); // a case never changes student
        return Optional.of(keyId);
    }

    /** The data key, or empty once it has been destroyed. */
    public Optional<SecretKey> dataKey(String keyId) {
        CachedKey cached = keyCache.get(keyId);
        Instant now = clock.instant();
        if (cached != null && (cached.key() == null || cached.until().isAfter(now))) {
            return Optional.ofNullable(cached.key());
        }
        Document document = keys.find(eq("_id", keyId)).first();
        String wrapped = document == null ? null : document.getString(WRAPPED_KEY);
        if (wrapped == null) {
            keyCache.put(keyId, new CachedKey(null, Instant.MAX)); // destroyed keys never come back
            return Optional.empty();
        }
        byte[] raw = Aes.decrypt(masterKey.wrappingKey(), Base64.getDecoder().decode(wrapped), "data-key:" + keyId);
        SecretKey key = new SecretKeySpec(raw, "AES");
        keyCache.put(keyId, new CachedKey(key, now.plus(KEY_CACHE_TTL)));
        return Optional.of(key);
    }

    public boolean isDestroyed(String keyId) {
        return dataKey(keyId).isEmpty();
    }

    /** Every case whose personal data the key encrypts. */
    public List<String> casesOfKey(String keyId) {
        List<String> caseIds = new ArrayList<>();
        for (Document mapping : cases.find(eq(KEY_ID, keyId))) {
            caseIds.add(mapping.getString("_id"));
        }
        return caseIds;
    }

    /**
     * Destroys the key: the wrapped key and the student hash are removed, so neither the data nor the link to the
     * student can be recovered from this store. Idempotent.
     */
    public void destroy(String keyId) {
        keys.updateOne(and(eq("_id", keyId), eq(ERASED_AT, null)),
                       Updates.combine(Updates.unset(WRAPPED_KEY), Updates.unset(STUDENT),
                                       Updates.set(ERASED_AT, Date.from(clock.instant()))));
        keyCache.put(keyId, new CachedKey(null, Instant.MAX));
    }

    private static SecretKey newDataKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES is not available", e);
        }
    }
}
