package cn.kcbx.privacy;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * The students' data keys, kept apart from the events: collection {@code student_keys} holds one document per key
 * (a random id, the keyed hash of the student, the AES-256 data key wrapped by the {@link MasterKey}), and
 * {@code student_key_cases} maps each case to the key of its student. Destroying a key (erasure) removes the wrapped
 * key and the student hash; the document stays as a record that the key existed and when it was destroyed.
 *
 * <p>A student has at most one live key: {@code student} is unique (and sparse, since destroyed keys lose it), so
 * finding a student's key is a unique-index lookup, which the embedded server serves without a collection scan (it
 * has no other indexes), and two processes identifying the same student at once end up with one key.
 *
 * <p>Unwrapped keys are cached for a short while, so reading the event stream costs no extra query per event. A
 * process other than the one that erased a key may read with it for up to {@link #KEY_CACHE_TTL} longer; the read side
 * blanks its own copies on the {@code PersonalDataErased} event anyway.
 */
public class StudentKeys {

    public static final String KEYS_COLLECTION = "student_keys";
    public static final String CASES_COLLECTION = "student_key_cases";
    static final Duration KEY_CACHE_TTL = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(StudentKeys.class);

    private static final String STUDENT = "student";
    private static final String WRAPPED_KEY = "wrappedKey";
    private static final String ERASED_AT = "erasedAt";
    private static final String KEY_ID = "keyId";
    private static final String STUDENT_INDEX = "student_unique";
    /** The non-unique index of stores written before the student's key became unique (a scan on the embedded server). */
    private static final String LEGACY_STUDENT_INDEX = "student";
    private static final int INDEX_NOT_FOUND = 27;

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
        createUniqueStudentIndex();
        cases.createIndex(Indexes.ascending(KEY_ID), new IndexOptions().name("keyId"));
    }

    private void createUniqueStudentIndex() {
        boolean uniqueIndexExists = false;
        for (Document index : keys.listIndexes()) {
            String name = index.getString("name");
            if (LEGACY_STUDENT_INDEX.equals(name)) {
                dropLegacyIndex();
            }
            uniqueIndexExists |= STUDENT_INDEX.equals(name);
        }
        if (!uniqueIndexExists) {
            // Resolved first rather than after a failed build: the embedded server keeps a half-built index.
            keepOldestLiveKeyPerStudent();
            keys.createIndex(Indexes.ascending(STUDENT),
                             new IndexOptions().name(STUDENT_INDEX).unique(true).sparse(true));
        }
    }

    private void dropLegacyIndex() {
        try {
            keys.dropIndex(LEGACY_STUDENT_INDEX);
        } catch (MongoCommandException e) {
            // The other service, starting at the same time on the same store, dropped it first.
            if (e.getErrorCode() != INDEX_NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * An older store may hold two live keys of one student (two identifications at the same moment). The oldest
     * stays the student's key for new cases; the others keep encrypting their own cases (found through
     * {@code student_key_cases}) but are no longer found by student. Nothing is decrypted or re-encrypted.
     */
    private void keepOldestLiveKeyPerStudent() {
        Map<String, String> oldestKeyOfStudent = new HashMap<>();
        List<String> later = new ArrayList<>();
        for (Document key : keys.find(Filters.exists(STUDENT)).sort(Sorts.ascending("createdAt", "_id"))) {
            if (oldestKeyOfStudent.putIfAbsent(key.getString(STUDENT), key.getString("_id")) != null) {
                later.add(key.getString("_id"));
            }
        }
        for (String keyId : later) {
            keys.updateOne(eq("_id", keyId), Updates.unset(STUDENT));
        }
        if (!later.isEmpty()) {
            log.warn("student_keys: {} later live keys of students who already had one; the oldest stays each "
                             + "student's key", later.size());
        }
    }

    private static boolean isDuplicateKey(MongoWriteException e) {
        return e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
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
        String keyId = liveKeyOfStudent(masterKey.lookupHash(studentKey));
        cases.replaceOne(eq("_id", caseId), new Document("_id", caseId).append(KEY_ID, keyId),
                         new ReplaceOptions().upsert(true));
        caseKeyIds.put(caseId, keyId);
        return keyId;
    }

    private String liveKeyOfStudent(String studentHash) {
        Document existing = keys.find(eq(STUDENT, studentHash)).first();
        if (existing != null) {
            return existing.getString("_id");
        }
        String keyId = UUID.randomUUID().toString();
        SecretKey dataKey = newDataKey();
        byte[] wrapped = Aes.encrypt(masterKey.wrappingKey(), dataKey.getEncoded(), "data-key:" + keyId);
        try {
            keys.insertOne(new Document("_id", keyId).append(STUDENT, studentHash)
                                                      .append(WRAPPED_KEY, Base64.getEncoder().encodeToString(wrapped))
                                                      .append("createdAt", Date.from(clock.instant()))
                                                      .append(ERASED_AT, null));
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // Another process created the student's key a moment ago: use that one.
            return keys.find(eq(STUDENT, studentHash)).first().getString("_id");
        }
        keyCache.put(keyId, new CachedKey(dataKey, clock.instant().plus(KEY_CACHE_TTL)));
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

    /**
     * Loads, in one query, the data keys not cached yet: a read that opens the sealed values of many cases (a county's
     * ledger) then costs one query rather than one per student.
     */
    public void preload(Collection<String> keyIds) {
        Instant now = clock.instant();
        List<String> missing = new ArrayList<>();
        for (String keyId : new LinkedHashSet<>(keyIds)) {
            CachedKey cached = keyCache.get(keyId);
            if (cached == null || (cached.key() != null && !cached.until().isAfter(now))) {
                missing.add(keyId);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        for (Document document : keys.find(Filters.in("_id", missing))) {
            String keyId = document.getString("_id");
            found.add(keyId);
            String wrapped = document.getString(WRAPPED_KEY);
            if (wrapped == null) {
                keyCache.put(keyId, new CachedKey(null, Instant.MAX));
            } else {
                byte[] raw = Aes.decrypt(masterKey.wrappingKey(), Base64.getDecoder().decode(wrapped),
                                         "data-key:" + keyId);
                keyCache.put(keyId, new CachedKey(new SecretKeySpec(raw, "AES"), now.plus(KEY_CACHE_TTL)));
            }
        }
        missing.stream().filter(keyId -> !found.contains(keyId))
               .forEach(keyId -> keyCache.put(keyId, new CachedKey(null, Instant.MAX)));
    }

    /**
     * Loads, in one query each, the key ids of these cases not known yet and then their data keys not cached: a
     * projection rebuild that seals the files of thousands of cases per batch then costs two queries per batch rather
     * than one or two per case (the data keys expire from the cache after {@link #KEY_CACHE_TTL}).
     */
    public void preloadCases(Collection<String> caseIds) {
        List<String> unknown = new ArrayList<>();
        for (String caseId : new LinkedHashSet<>(caseIds)) {
            if (!caseKeyIds.containsKey(caseId)) {
                unknown.add(caseId);
            }
        }
        if (!unknown.isEmpty()) {
            for (Document mapping : cases.find(Filters.in("_id", unknown))) {
                caseKeyIds.put(mapping.getString("_id"), mapping.getString(KEY_ID));
            }
        }
        List<String> keyIds = new ArrayList<>();
        for (String caseId : caseIds) {
            String keyId = caseKeyIds.get(caseId);
            if (keyId != null) {
                keyIds.add(keyId);
            }
        }
        if (!keyIds.isEmpty()) {
            preload(keyIds);
        }
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
