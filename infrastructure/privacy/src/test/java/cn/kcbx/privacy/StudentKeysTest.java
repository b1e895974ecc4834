package cn.kcbx.privacy;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.KeyGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** One live data key per student, found by a unique-index lookup; older stores are brought to that shape. */
class StudentKeysTest {

    private final MasterKey masterKey = MasterKey.random();
    private final MongoDatabase database =
            TestMongo.get().client().getDatabase(TestMongo.get().newDatabaseName("student-keys"));

    @AfterEach
    void drop() {
        database.drop();
    }

    @Test
    void aStudentsCases_shareOneKey_untilItIsDestroyed_thenANewCaseGetsANewKey() {
        StudentKeys keys = new StudentKeys(database, masterKey, Clock.systemUTC());

        String first = keys.keyIdForCase("case-1", "student-a");
        assertThat(keys.keyIdForCase("case-2", "student-a")).isEqualTo(first);
        assertThat(keys.keyIdForCase("case-3", "student-b")).isNotEqualTo(first);
        assertThat(keys.casesOfKey(first)).containsExactlyInAnyOrder("case-1", "case-2");

        keys.destroy(first);

        assertThat(keys.dataKey(first)).isEmpty();
        String afterErasure = keys.keyIdForCase("case-4", "student-a");
        assertThat(afterErasure).isNotEqualTo(first);
        assertThat(keys.dataKey(afterErasure)).isPresent();
        assertThat(keys.keyIdOfCase("case-1")).contains(first);
    }

    @Test
    void theStudentLookup_isAUniqueIndex() {
        new StudentKeys(database, masterKey, Clock.systemUTC());

        Document index = studentIndexes().get(0);
        assertThat(studentIndexes()).hasSize(1);
        assertThat(index.getBoolean("unique")).isTrue();
        assertThat(index.getBoolean("sparse")).isTrue();
    }

    @Test
    void servicesIdentifyingTheSameStudentsAtOnce_endWithOneLiveKeyPerStudent() throws Exception {
        List<StudentKeys> services = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            services.add(new StudentKeys(database, masterKey, Clock.systemUTC()));
        }
        Map<String, Set<String>> keysOfStudent = new ConcurrentHashMap<>();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                StudentKeys service = services.get(t);
                int thread = t;
                work.add(threads.submit(() -> {
                    for (int student = 0; student < 50; student++) {
                        String keyId = service.keyIdForCase("case-" + thread + "-" + student, "student-" + student);
                        keysOfStudent.computeIfAbsent("student-" + student, s -> ConcurrentHashMap.newKeySet())
                                     .add(keyId);
                    }
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(keysOfStudent).hasSize(50);
        assertThat(keysOfStudent.values()).allSatisfy(keyIds -> assertThat(keyIds).hasSize(1));
        assertThat(database.getCollection(StudentKeys.KEYS_COLLECTION).countDocuments()).isEqualTo(50);
    }

    @Test
    void anOlderStore_withTwoLiveKeysOfOneStudent_keepsBoth_andTheOldestServesNewCases() throws Exception {
        MongoCollection<Document> stored = database.getCollection(StudentKeys.KEYS_COLLECTION);
        stored.createIndex(Indexes.ascending("student"), new IndexOptions().name("student"));
        String student = masterKey.derivedLookupKey().hash("student-a");
        stored.insertOne(legacyKey("older", student, Instant.parse("2026-09-01T08:00:00Z")));
        stored.insertOne(legacyKey("newer", student, Instant.parse("2026-09-01T08:00:01Z")));
        stored.insertOne(legacyKey("other", masterKey.derivedLookupKey().hash("student-b"), Instant.parse("2026-09-02T08:00:00Z")));

        StudentKeys keys = new StudentKeys(database, masterKey, Clock.systemUTC());

        assertThat(studentIndexes()).singleElement().satisfies(index -> assertThat(index.getBoolean("unique")).isTrue());
        assertThat(keys.keyIdForCase("case-new", "student-a")).isEqualTo("older");
        assertThat(keys.keyIdForCase("case-b", "student-b")).isEqualTo("other");
        assertThat(keys.dataKey("newer")).as("the later key still decrypts its own cases").isPresent();
        assertThat(keys.dataKey("older")).isPresent();
        assertThat(stored.countDocuments()).isEqualTo(3);
    }

    @Test
    void preloadingMoreCasesThanOneQueryAsksFor_loadsEveryCasesKey() {
        StudentKeys writer = new StudentKeys(database, masterKey, Clock.systemUTC());
        List<String> caseIds = new ArrayList<>();
        for (int student = 0; student < 1_200; student++) {
            writer.keyIdForCase("case-" + student, "student-" + student);
            caseIds.add("case-" + student);
        }
        StudentKeys reader = new StudentKeys(database, masterKey, Clock.systemUTC());

        reader.preloadCases(caseIds);
        // Gone from the store: what the reader still answers, it loaded in the preload.
        database.getCollection(StudentKeys.KEYS_COLLECTION).deleteMany(new Document());
        database.getCollection(StudentKeys.CASES_COLLECTION).deleteMany(new Document());

        assertThat(caseIds).allSatisfy(caseId -> {
            assertThat(reader.keyIdOfCase(caseId)).isPresent();
            assertThat(reader.dataKey(reader.keyIdOfCase(caseId).orElseThrow())).isPresent();
        });
    }

    private List<Document> studentIndexes() {
        List<Document> indexes = new ArrayList<>();
        for (Document index : database.getCollection(StudentKeys.KEYS_COLLECTION).listIndexes()) {
            if (index.get("key", Document.class).containsKey("student")) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    private Document legacyKey(String keyId, String studentHash, Instant createdAt) throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        byte[] wrapped = Aes.encrypt(masterKey.wrappingKey(), generator.generateKey().getEncoded(), "data-key:" + keyId);
        return new Document("_id", keyId).append("student", studentHash)
                                         .append("wrappedKey", Base64.getEncoder().encodeToString(wrapped))
                                         .append("createdAt", Date.from(createdAt))
                                         .append("erasedAt", null);
    }
}
