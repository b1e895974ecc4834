package cn.kcbx.privacy;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three steps of a master key rotation (deploy/README.md, "Rotating the master key") on one store: every data key
 * stays readable at every step, the student hashes stay the same, erasures stay erased, and a process without a key
 * that wraps some data key refuses to start.
 */
class MasterKeyRotationTest {

    private static final int STUDENTS = 40;

    private final MasterKey oldKey = MasterKey.random();
    private final MasterKey newKey = MasterKey.random();
    /** The installation's lookup key: the one the old master key derives, kept in its own file from now on. */
    private final LookupKey lookupKey = oldKey.derivedLookupKey();
    private final MongoDatabase database =
            TestMongo.get().client().getDatabase(TestMongo.get().newDatabaseName("key-rotation"));
    private final MongoCollection<Document> stored = database.getCollection(StudentKeys.KEYS_COLLECTION);

    @AfterEach
    void drop() {
        database.drop();
    }

    private StudentKeys process(MasterKey current, List<MasterKey> next, List<MasterKey> previous) {
        return new StudentKeys(database, new MasterKeys(current, next, previous), lookupKey, Clock.systemUTC());
    }

    private StudentKeys beforeRotation() {
        return process(oldKey, List.of(), List.of());
    }

    private StudentKeys step1() {
        return process(oldKey, List.of(newKey), List.of());
    }

    private StudentKeys step2() {
        return process(newKey, List.of(), List.of(oldKey));
    }

    private StudentKeys step3() {
        return process(newKey, List.of(), List.of());
    }

    /** Identifies {@link #STUDENTS} students, one case each; answers each key's id and data key. */
    private Map<String, SecretKey> identifyStudents(StudentKeys keys) {
        Map<String, SecretKey> dataKeys = new LinkedHashMap<>();
        for (int student = 0; student < STUDENTS; student++) {
            String keyId = keys.keyIdForCase("case-" + student, "student-" + student);
            dataKeys.put(keyId, keys.dataKey(keyId).orElseThrow());
        }
        return dataKeys;
    }

    private Document keyDocument(String keyId) {
        return stored.find(Filters.eq("_id", keyId)).first();
    }

    @Test
    void everyStep_readsTheKeysOfEveryOther_andStep2WrapsNewKeysWithTheNewMasterKey() {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        String wrappedInStep1 = step1().keyIdForCase("case-s1", "student-s1");
        String wrappedInStep2 = step2().keyIdForCase("case-s2", "student-s2");

        assertThat(keyDocument(wrappedInStep1).getString("wrappedBy")).isEqualTo(oldKey.id());
        assertThat(keyDocument(wrappedInStep2).getString("wrappedBy")).isEqualTo(newKey.id());
        // A process still before the rotation would fail on the key step 2 wrapped: that is why step 1 comes first.
        StudentKeys inStep1 = step1();
        assertThat(inStep1.dataKey(wrappedInStep2)).isPresent();
        StudentKeys inStep2 = step2();
        before.forEach((keyId, dataKey) -> assertThat(inStep2.dataKey(keyId)).contains(dataKey));
        assertThat(inStep2.dataKey(wrappedInStep1)).isPresent();
    }

    @Test
    void theRewrap_movesEveryKeyToTheNewMasterKey_isIdempotent_andThenTheOldKeyCanGo() {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        StudentKeys inStep2 = step2();
        assertThat(inStep2.countNotWrappedByCurrentMasterKey()).isEqualTo(STUDENTS);

        assertThat(inStep2.rewrapToCurrentMasterKey()).isEqualTo(new StudentKeys.Rewrap(STUDENTS, 0));
        assertThat(inStep2.rewrapToCurrentMasterKey()).isEqualTo(new StudentKeys.Rewrap(0, 0));

        assertThat(stored.distinct("wrappedBy", String.class)).containsExactly(newKey.id());
        StudentKeys inStep3 = step3();
        before.forEach((keyId, dataKey) -> assertThat(inStep3.dataKey(keyId)).contains(dataKey));
    }

    @Test
    void theStudentHashes_doNotChange_soAStudentFindsTheSameDataKeyAfterTheRotation() {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        StudentKeys inStep2 = step2();
        inStep2.rewrapToCurrentMasterKey();
        StudentKeys inStep3 = step3();

        List<String> keyIds = new ArrayList<>(before.keySet());
        for (int student = 0; student < STUDENTS; student++) {
            assertThat(inStep3.keyIdForCase("later-case-" + student, "student-" + student))
                    .isEqualTo(keyIds.get(student));
        }
        assertThat(stored.countDocuments()).isEqualTo(STUDENTS);
    }

    @Test
    void twoProcessesRewrappingAtOnce_moveEachKeyOnce() throws Exception {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        List<StudentKeys> processes = List.of(step2(), step2());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<StudentKeys.Rewrap>> passes = new ArrayList<>();
            for (StudentKeys process : processes) {
                passes.add(threads.submit(() -> {
                    start.await();
                    return process.rewrapToCurrentMasterKey();
                }));
            }
            start.countDown();
            int moved = 0;
            for (Future<StudentKeys.Rewrap> pass : passes) {
                moved += pass.get().moved();
            }
            assertThat(moved).isEqualTo(STUDENTS);
        } finally {
            threads.shutdownNow();
        }

        StudentKeys inStep3 = step3();
        before.forEach((keyId, dataKey) -> assertThat(inStep3.dataKey(keyId)).contains(dataKey));
    }

    @Test
    void aKeyErasedWhileTheRewrapHoldsItsOldCopy_staysErased() {
        String keyId = beforeRotation().keyIdForCase("case-1", "student-1");
        StudentKeys rewrapper = step2();
        Document readByTheRewrapper = keyDocument(keyId);

        step2().destroy(keyId); // another process erases the student meanwhile
        assertThat(rewrapper.rewrapOne(readByTheRewrapper)).isFalse();

        Document after = keyDocument(keyId);
        assertThat(after.containsKey("wrappedKey")).isFalse();
        assertThat(after.get("erasedAt")).isNotNull();
        assertThat(step3().dataKey(keyId)).isEmpty();
        assertThat(rewrapper.rewrapToCurrentMasterKey()).isEqualTo(new StudentKeys.Rewrap(0, 0));
    }

    @Test
    void erasuresDuringTwoRewraps_stayErased_andTheRestMoves() throws Exception {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        List<String> keyIds = new ArrayList<>(before.keySet());
        List<String> erased = keyIds.subList(0, STUDENTS / 2);
        StudentKeys eraser = step2();
        List<StudentKeys> rewrappers = List.of(step2(), step2());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (StudentKeys rewrapper : rewrappers) {
                work.add(threads.submit(() -> {
                    start.await();
                    return rewrapper.rewrapToCurrentMasterKey();
                }));
            }
            work.add(threads.submit(() -> {
                start.await();
                erased.forEach(eraser::destroy);
                return null;
            }));
            start.countDown();
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            threads.shutdownNow();
        }

        StudentKeys inStep3 = step3();
        for (String keyId : keyIds) {
            if (erased.contains(keyId)) {
                assertThat(keyDocument(keyId).containsKey("wrappedKey")).as(keyId).isFalse();
                assertThat(inStep3.dataKey(keyId)).as(keyId).isEmpty();
            } else {
                assertThat(inStep3.dataKey(keyId)).contains(before.get(keyId));
            }
        }
    }

    @Test
    void aProcessWithoutTheMasterKeyOfSomeDataKeys_refusesToStart_sayingHowManyAndWhichKey() {
        identifyStudents(beforeRotation());

        assertThatThrownBy(this::step3).isInstanceOf(IllegalStateException.class)
                                       .hasMessageContaining(STUDENTS + " data keys")
                                       .hasMessageContaining("wrapped by master key(s) [" + oldKey.id() + "]")
                                       .hasMessageContaining("previous-master-key-files");
    }

    @Test
    void aKeyWrappedAfterTheProcessStarted_byAMasterKeyItLacks_failsLoudly_neverReadsAsErased() {
        StudentKeys inStep3 = step3();
        String keyId = beforeRotation().keyIdForCase("case-late", "student-late"); // a process left behind in step 0

        assertThatThrownBy(() -> inStep3.dataKey(keyId)).isInstanceOf(IllegalStateException.class)
                                                        .hasMessageContaining(oldKey.id());
    }

    @Test
    void keysWrappedBeforeRotationExisted_areNamedAtStart_andMovedLikeAnyOther() {
        Map<String, SecretKey> before = identifyStudents(beforeRotation());
        stored.updateMany(Filters.exists("wrappedKey"), Updates.unset("wrappedBy")); // as the previous version wrote them

        step1();
        assertThat(stored.distinct("wrappedBy", String.class)).containsExactly(oldKey.id());

        stored.updateMany(Filters.exists("wrappedKey"), Updates.unset("wrappedBy"));
        StudentKeys inStep2 = step2();
        assertThat(inStep2.rewrapToCurrentMasterKey().moved()).isEqualTo(STUDENTS);
        StudentKeys inStep3 = step3();
        before.forEach((keyId, dataKey) -> assertThat(inStep3.dataKey(keyId)).contains(dataKey));
    }

    @Test
    void anotherLookupKeyThanTheStoreWasHashedWith_refusesToStart() {
        identifyStudents(beforeRotation());

        // The mistake the lookup key file prevents: deriving it again from the new master key after the rotation.
        assertThatThrownBy(() -> new StudentKeys(database, MasterKeys.of(newKey), newKey.derivedLookupKey(),
                                                 Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the one this database's students were hashed with")
                .hasMessageContaining(lookupKey.id());
    }

    @Test
    void theLookupKeyFileWrittenAtStart_holdsExactlyTheOldDerivation_ownerOnly(@TempDir Path directory)
            throws Exception {
        Path masterFile = directory.resolve("kcbx-master.key");
        MasterKey master = MasterKey.load(masterFile, true);
        Path lookupFile = directory.resolve(PrivacyAutoConfiguration.LOOKUP_KEY_FILE_NAME);

        LookupKey loaded = PrivacyAutoConfiguration.lookupKey(lookupFile, MasterKeys.of(master));

        // The derivation MasterKey made before the split: HMAC-SHA256 under the raw master key of "student-key-lookup".
        byte[] raw = Base64.getDecoder().decode(Files.readString(masterFile, StandardCharsets.US_ASCII).strip());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(raw, "HmacSHA256"));
        byte[] expected = mac.doFinal("student-key-lookup".getBytes(StandardCharsets.UTF_8));
        assertThat(Base64.getDecoder().decode(Files.readString(lookupFile, StandardCharsets.US_ASCII).strip()))
                .isEqualTo(expected);
        assertThat(Files.getPosixFilePermissions(lookupFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Mac hash = Mac.getInstance("HmacSHA256");
        hash.init(new SecretKeySpec(expected, "HmacSHA256"));
        assertThat(loaded.hash("110101201001011234")).isEqualTo(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hash.doFinal("110101201001011234".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theExportCommand_writesTheSameFile_andLeavesAnotherKeyAlone(@TempDir Path directory) throws Exception {
        Path masterFile = directory.resolve("master.key");
        MasterKey master = MasterKey.load(masterFile, true);
        PrivacyAutoConfiguration.lookupKey(directory.resolve("by-the-service.key"), MasterKeys.of(master));

        assertThat(ExportLookupKey.export(masterFile, directory.resolve("exported.key"))).startsWith("wrote");
        assertThat(Files.readString(directory.resolve("exported.key")))
                .isEqualTo(Files.readString(directory.resolve("by-the-service.key")));
        assertThat(ExportLookupKey.export(masterFile, directory.resolve("exported.key"))).contains("already holds");
        Path other = directory.resolve("other.key");
        PrivacyAutoConfiguration.lookupKey(other, MasterKeys.of(MasterKey.random()));
        String otherContent = Files.readString(other);
        assertThatThrownBy(() -> ExportLookupKey.export(masterFile, other)).hasMessageContaining("another lookup key");
        assertThat(Files.readString(other)).isEqualTo(otherContent);
    }

    @Test
    void withoutALookupKeyFile_anUnwritableDirectoryStillDerives_butPreviousMasterKeysRefuse(@TempDir Path directory)
            throws Exception {
        Path notADirectory = Files.writeString(directory.resolve("read-only-mount"), "a file, so nothing goes below");
        Path lookupFile = notADirectory.resolve(PrivacyAutoConfiguration.LOOKUP_KEY_FILE_NAME);

        LookupKey derived = PrivacyAutoConfiguration.lookupKey(lookupFile, MasterKeys.of(oldKey));
        assertThat(derived.id()).isEqualTo(lookupKey.id());

        assertThatThrownBy(() -> PrivacyAutoConfiguration.lookupKey(directory.resolve("absent.key"),
                                                                     new MasterKeys(newKey, List.of(), List.of(oldKey))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be derived")
                .hasMessageContaining(ExportLookupKey.class.getName());
        assertThat(directory.resolve("absent.key")).doesNotExist();
    }
}
