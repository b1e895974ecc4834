package cn.kcbx.privacy;

import cn.kcbx.embeddedmongo.WritesBeforeCommit;

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
    /** The {@link MasterKey#id()} of the master key that wrapped it; absent on keys wrapped before rotation existed. */
    private static final String WRAPPED_BY = "wrappedBy";
    /** What the store remembers of its keys: the id of the lookup key its student hashes were made with. */
    public static final String META_COLLECTION = "student_keys_meta";
    private static final String LOOKUP_KEY_DOCUMENT = "lookup-key";
    private static final String ERASED_AT = "erasedAt";
    private static final String KEY_ID = "keyId";
    private static final String STUDENT_INDEX = "student_unique";
    /** The non-unique index of stores written before the student's key became unique (a scan on the embedded server). */
    private static final String LEGACY_STUDENT_INDEX = "student";
    private static final int INDEX_NOT_FOUND = 27;
    /** Ids per {@code $in} query of {@link #findByIds}. */
    private static final int IDS_PER_QUERY = 1_000;
    private static final int BATCH_SIZE = 500;

    private final MongoCollection<Document> keys;
    private final MongoCollection<Document> cases;
    /** The same two collections, for the writes that the new case's durable commit follows ({@link WritesBeforeCommit}). */
    private final MongoCollection<Document> keysBeforeCommit;
    private final MongoCollection<Document> casesBeforeCommit;
    private final MasterKeys masterKeys;
    private final LookupKey lookupKey;
    private final Clock clock;
    private final Map<String, CachedKey> keyCache = new ConcurrentHashMap<>();
    private final Map<String, String> caseKeyIds = new ConcurrentHashMap<>();

    private record CachedKey(SecretKey key, Instant until) {
    }

    /** One master key, and the lookup key derived from it as before the two were separated (tests). */
    public StudentKeys(MongoDatabase database, MasterKey masterKey, Clock clock) {
        this(database, MasterKeys.of(masterKey), masterKey.derivedLookupKey(), clock);
    }

    /**
     * @throws IllegalStateException when the store's student hashes were made with another lookup key, or holds data
     *                               keys wrapped by a master key this process does not hold: never read on as if
     *                               those students had no personal data
     */
    public StudentKeys(MongoDatabase database, MasterKeys masterKeys, LookupKey lookupKey, Clock clock) {
        this(database, masterKeys, lookupKey, clock, false);
    }

    /**
     * @param storeInThisProcess whether the embedded store runs in this process: then a new data key and a case's
     *                           mapping to it need no sync of their own ({@link WritesBeforeCommit})
     */
    public StudentKeys(MongoDatabase database, MasterKeys masterKeys, LookupKey lookupKey, Clock clock,
                       boolean storeInThisProcess) {
        this.keys = database.getCollection(KEYS_COLLECTION);
        this.cases = database.getCollection(CASES_COLLECTION);
        this.keysBeforeCommit = WritesBeforeCommit.of(keys, storeInThisProcess);
        this.casesBeforeCommit = WritesBeforeCommit.of(cases, storeInThisProcess);
        this.masterKeys = masterKeys;
        this.lookupKey = lookupKey;
        this.clock = clock;
        checkLookupKey(database.getCollection(META_COLLECTION));
        createUniqueStudentIndex();
        cases.createIndex(Indexes.ascending(KEY_ID), new IndexOptions().name("keyId"));
        nameTheMasterKeyOfOlderKeys();
        refuseKeysWrappedByMissingMasterKeys();
    }

    /**
     * The first process remembers its lookup key's id in the store; a later one with another lookup key (derived from
     * a rotated master key, a file from another installation) refuses to start, since it would find no student's key
     * and give every student a new one.
     */
    private void checkLookupKey(MongoCollection<Document> meta) {
        Document remembered = meta.find(eq("_id", LOOKUP_KEY_DOCUMENT)).first();
        if (remembered == null) {
            try {
                meta.insertOne(new Document("_id", LOOKUP_KEY_DOCUMENT).append("id", lookupKey.id())
                                                                       .append("since", Date.from(clock.instant())));
                return;
            } catch (MongoWriteException e) {
                if (!isDuplicateKey(e)) {
                    throw e;
                }
                remembered = meta.find(eq("_id", LOOKUP_KEY_DOCUMENT)).first(); // another process, a moment ago
            }
        }
        String expected = remembered.getString("id");
        if (!lookupKey.id().equals(expected)) {
            throw new IllegalStateException("The personal data lookup key (id " + lookupKey.id() + ") is not the one "
                    + "this database's students were hashed with (id " + expected + "). Point "
                    + "kcbx.privacy.lookup-key-file at the installation's lookup key file (or, if it was never "
                    + "written, export it from the original master key: deploy/README.md, \"Rotating the master "
                    + "key\"). Starting would lose every student's data key.");
        }
    }

    /**
     * Keys wrapped before rotation existed do not name their master key. They were all wrapped by the installation's
     * one master key; which of the keys held that is, authentication tells (AES-GCM). Named in batches, once.
     */
    private void nameTheMasterKeyOfOlderKeys() {
        Map<String, List<String>> byMasterKey = new HashMap<>();
        int named = 0;
        for (Document document : keys.find(and(Filters.exists(WRAPPED_KEY), Filters.exists(WRAPPED_BY, false)))
                                      .batchSize(BATCH_SIZE)) {
            Optional<MasterKey> opener = masterKeyOpening(document);
            if (opener.isEmpty()) {
                continue; // counted and refused below
            }
            List<String> batch = byMasterKey.computeIfAbsent(opener.get().id(), id -> new ArrayList<>());
            batch.add(document.getString("_id"));
            if (batch.size() == BATCH_SIZE) {
                named += name(opener.get().id(), batch);
            }
        }
        for (Map.Entry<String, List<String>> batch : byMasterKey.entrySet()) {
            named += name(batch.getKey(), batch.getValue());
        }
        if (named > 0) {
            log.info("student_keys: named the master key of {} data keys wrapped before rotation existed", named);
        }
    }

    private int name(String masterKeyId, List<String> keyIds) {
        if (keyIds.isEmpty()) {
            return 0;
        }
        long named = keys.updateMany(and(Filters.in("_id", keyIds), Filters.exists(WRAPPED_BY, false)),
                                     Updates.set(WRAPPED_BY, masterKeyId)).getModifiedCount();
        keyIds.clear();
        return (int) named;
    }

    private Optional<MasterKey> masterKeyOpening(Document document) {
        byte[] wrapped = Base64.getDecoder().decode(document.getString(WRAPPED_KEY));
        for (MasterKey candidate : masterKeys.all()) {
            try {
                Aes.decrypt(candidate.wrappingKey(), wrapped, "data-key:" + document.getString("_id"));
                return Optional.of(candidate);
            } catch (Aes.TamperedDataException wrongKey) {
                // the next one
            }
        }
        return Optional.empty();
    }

    private void refuseKeysWrappedByMissingMasterKeys() {
        List<String> missing = new ArrayList<>();
        for (String masterKeyId : keys.distinct(WRAPPED_BY, Filters.exists(WRAPPED_KEY), String.class)) {
            if (masterKeys.byId(masterKeyId).isEmpty()) {
                missing.add(masterKeyId);
            }
        }
        long unnamed = keys.countDocuments(and(Filters.exists(WRAPPED_KEY), Filters.exists(WRAPPED_BY, false)));
        if (missing.isEmpty() && unnamed == 0) {
            return;
        }
        long count = missing.isEmpty() ? 0 : keys.countDocuments(and(Filters.exists(WRAPPED_KEY),
                                                                     Filters.in(WRAPPED_BY, missing)));
        throw new IllegalStateException("student_keys holds " + (count + unnamed) + " data keys that no master key of "
                + "this process unwraps: " + (missing.isEmpty() ? "" : count + " wrapped by master key(s) " + missing
                + (unnamed == 0 ? "" : ", ")) + (unnamed == 0 ? "" : unnamed + " from before rotation existed")
                + ". This process holds " + masterKeys.ids() + ". Add the missing key as "
                + "kcbx.privacy.previous-master-key-files (or next-master-key-file) and let the rotation finish "
                + "before dropping it (deploy/README.md, \"Rotating the master key\"); starting would read those "
                + "students' personal data as lost.");
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
        String keyId = liveKeyOfStudent(lookupKey.hash(studentKey));
        casesBeforeCommit.replaceOne(eq("_id", caseId), new Document("_id", caseId).append(KEY_ID, keyId),
                                     new ReplaceOptions().upsert(true));
        caseKeyIds.put(caseId, keyId);
        return keyId;
    }

    /**
     * The student's live key, created when there is none. Most identifications are of students without one, so the
     * insert comes first; the unique {@code student} index refuses it when the student has a key, which is then read.
     */
    private String liveKeyOfStudent(String studentHash) {
        String keyId = UUID.randomUUID().toString();
        SecretKey dataKey = newDataKey();
        MasterKey current = masterKeys.current();
        byte[] wrapped = Aes.encrypt(current.wrappingKey(), dataKey.getEncoded(), "data-key:" + keyId);
        try {
            keysBeforeCommit.insertOne(new Document("_id", keyId).append(STUDENT, studentHash)
                                                      .append(WRAPPED_KEY, Base64.getEncoder().encodeToString(wrapped))
                                                      .append(WRAPPED_BY, current.id())
                                                      .append("createdAt", Date.from(clock.instant()))
                                                      .append(ERASED_AT, null));
        } catch (MongoWriteException e) {
            if (!isDuplicateKey(e)) {
                throw e;
            }
            // The student has a key (from an earlier case, or another process created it a moment ago): use it.
            Document existing = keys.find(eq(STUDENT, studentHash)).first();
            if (existing == null) {
                throw new IllegalStateException("student_keys refused a second key of a student and holds none", e);
            }
            return existing.getString("_id");
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
        SecretKey key = unwrap(document);
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
        for (Document document : findByIds(keys, missing)) {
            String keyId = document.getString("_id");
            found.add(keyId);
            String wrapped = document.getString(WRAPPED_KEY);
            if (wrapped == null) {
                keyCache.put(keyId, new CachedKey(null, Instant.MAX));
            } else {
                keyCache.put(keyId, new CachedKey(unwrap(document), now.plus(KEY_CACHE_TTL)));
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
            for (Document mapping : findByIds(cases, unknown)) {
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

    /**
     * The documents with these ids, {@value #IDS_PER_QUERY} ids per query: a rebuild's last flush asks for 100,000
     * cases at once, and a store that checks each candidate against the whole {@code $in} list (the embedded one does)
     * would take quadratic time over one list that long.
     */
    private static List<Document> findByIds(MongoCollection<Document> collection, List<String> ids) {
        List<Document> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            collection.find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY))))
                      .into(found);
        }
        return found;
    }

    /**
     * The data key in a live key document, unwrapped by the master key it names (or, from before rotation existed, the
     * one of those held that authenticates it).
     *
     * @throws IllegalStateException when this process does not hold that master key, or none authenticates it
     */
    private SecretKey unwrap(Document document) {
        String keyId = document.getString("_id");
        String masterKeyId = document.getString(WRAPPED_BY);
        MasterKey masterKey;
        if (masterKeyId == null) {
            masterKey = masterKeyOpening(document).orElseThrow(() -> new Aes.TamperedDataException(
                    "Data key " + keyId + " does not authenticate under any master key of this process "
                            + masterKeys.ids() + ": changed in the store, or a master key is missing", null));
        } else {
            masterKey = masterKeys.byId(masterKeyId).orElseThrow(() -> new IllegalStateException(
                    "Data key " + keyId + " is wrapped by master key " + masterKeyId + ", which this process does "
                            + "not hold " + masterKeys.ids() + ": add it as kcbx.privacy.next-master-key-file or "
                            + "previous-master-key-files (deploy/README.md, \"Rotating the master key\")"));
        }
        byte[] raw = Aes.decrypt(masterKey.wrappingKey(), Base64.getDecoder().decode(document.getString(WRAPPED_KEY)),
                                 "data-key:" + keyId);
        return new SecretKeySpec(raw, "AES");
    }

    /** What one pass of {@link #rewrapToCurrentMasterKey()} did. */
    public record Rewrap(int moved, long left) {
    }

    /**
     * Wraps every live data key that the current master key does not wrap with the current one: step 2 of a rotation.
     * Each key moves by a single-document update conditional on the wrapped key it read, so a key erased or moved by
     * another process meanwhile is left as it is (an erasure is never undone), and a second pass, or a second process,
     * finds nothing to do. Keys wrapped by a master key this process does not hold stay, and are counted in
     * {@code left}.
     */
    public Rewrap rewrapToCurrentMasterKey() {
        int moved = 0;
        for (Document document : keys.find(notWrappedByCurrent()).sort(Sorts.ascending("_id"))
                                      .batchSize(BATCH_SIZE)) {
            if (rewrapOne(document)) {
                moved++;
            }
        }
        return new Rewrap(moved, countNotWrappedByCurrentMasterKey());
    }

    /**
     * Wraps the data key of this key document, as read, with the current master key, unless the stored document has
     * changed since (erased, or moved by another process): true when it moved.
     */
    boolean rewrapOne(Document document) {
        String keyId = document.getString("_id");
        String wrapped = document.getString(WRAPPED_KEY);
        String masterKeyId = document.getString(WRAPPED_BY);
        if (wrapped == null || (masterKeyId != null && masterKeys.byId(masterKeyId).isEmpty())) {
            return false;
        }
        SecretKey dataKey;
        try {
            dataKey = unwrap(document);
        } catch (IllegalStateException e) {
            log.warn("student_keys: data key {} cannot be moved to the current master key: {}", keyId, e.getMessage());
            return false;
        }
        MasterKey current = masterKeys.current();
        byte[] rewrapped = Aes.encrypt(current.wrappingKey(), dataKey.getEncoded(), "data-key:" + keyId);
        return keys.updateOne(and(eq("_id", keyId), eq(WRAPPED_KEY, wrapped)),
                              Updates.combine(Updates.set(WRAPPED_KEY, Base64.getEncoder().encodeToString(rewrapped)),
                                              Updates.set(WRAPPED_BY, current.id())))
                   .getModifiedCount() == 1;
    }

    /** Live data keys that a master key other than the current one wraps: 0 once a rotation is complete. */
    public long countNotWrappedByCurrentMasterKey() {
        return keys.countDocuments(notWrappedByCurrent());
    }

    private org.bson.conversions.Bson notWrappedByCurrent() {
        return and(Filters.exists(WRAPPED_KEY), Filters.ne(WRAPPED_BY, masterKeys.current().id()));
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
                       Updates.combine(Updates.unset(WRAPPED_KEY), Updates.unset(WRAPPED_BY), Updates.unset(STUDENT),
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
