package cn.kcbx.privacy;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoDatabase;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Personal fields are encrypted inside the serialized JSON, read back with the key, and read as absent without it. */
class PersonalDataSerializerTest {

    static final String ID_NUMBER = idNumber("43992120130514387");
    static final String NAME = "林小禾";
    static final String ADDRESS = "青禾村三组 12 号";
    static final String PHONE = "13800000101";

    private static MongoDatabase database;
    private static StudentKeys keys;
    private static PersonalDataSerializer serializer;

    @BeforeAll
    static void setUp() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("privacy"));
        keys = new StudentKeys(database, MasterKey.random(), Clock.systemUTC());
        serializer = new PersonalDataSerializer(
                JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization().build(),
                PersonalPaths.withKernelEvents(List.of()), keys, new CaseKeyChooser(keys));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void theStoredJson_holdsNoNameIdNumberAddressOrPhone_andReadsBackWhole() {
        String caseId = UUID.randomUUID().toString();
        CaseIdentified identified = identified(caseId, ID_NUMBER);
        TrioAssigned trio = trio(caseId);

        String identifiedJson = serializer.serialize(identified, String.class).getData();
        String trioJson = serializer.serialize(trio, String.class).getData();

        assertThat(identifiedJson).doesNotContain(NAME, ID_NUMBER, ID_NUMBER.substring(0, 14), ADDRESS)
                                  .contains(PersonalDataSerializer.PREFIX, "439921100201", "LEARNING_DIFFICULTY",
                                            "2026-03-10");
        // The business date is not personal: reports count by it, so it stays in the clear.
        assertThat(trioJson).doesNotContain(PHONE, "周晓梅").contains("\"assignedOn\":\"2026-03-22\"");
        assertThat(read(identifiedJson, CaseIdentified.class)).isEqualTo(identified);
        assertThat(read(trioJson, TrioAssigned.class)).isEqualTo(trio);
    }

    @Test
    void afterTheKeyIsDestroyed_personalFieldsReadAsAbsent_andEverythingElseStays() {
        String caseId = UUID.randomUUID().toString();
        CaseIdentified identified = identified(caseId, idNumber("43992120120601123"));
        String identifiedJson = serializer.serialize(identified, String.class).getData();
        String trioJson = serializer.serialize(trio(caseId), String.class).getData();
        String visitJson = serializer.serialize(visit(caseId), String.class).getData();

        String keyId = keys.keyIdOfCase(caseId).orElseThrow();
        keys.destroy(keyId);

        CaseIdentified erased = read(identifiedJson, CaseIdentified.class);
        assertThat(erased.student()).isNull();
        assertThat(erased.household().address()).isNull();
        assertThat(erased.household().village()).isEqualTo(identified.household().village());
        assertThat(erased.identifiedOn()).isEqualTo(identified.identifiedOn());
        assertThat(erased.suspectedReasons().primary()).isEqualTo(DropoutReason.LEARNING_DIFFICULTY);
        assertThat(erased.suspectedReasons().note()).isNull();
        assertThat(erased.priorityCategories()).isEqualTo(identified.priorityCategories());
        TrioAssigned trio = read(trioJson, TrioAssigned.class);
        assertThat(trio.teacher()).isNull();
        assertThat(trio.guardian()).isNull();
        assertThat(trio.assignedOn()).isEqualTo(LocalDate.of(2026, 3, 22));
        VisitLogged visit = read(visitJson, VisitLogged.class);
        assertThat(visit.notes()).isNull();
        assertThat(visit.otherParticipants()).isEmpty();
        assertThat(visit.outcome()).isEqualTo(VisitOutcome.UNDECIDED);

        Document key = database.getCollection(StudentKeys.KEYS_COLLECTION).find(new Document("_id", keyId)).first();
        assertThat(key).isNotNull();
        assertThat(key.keySet()).doesNotContain("wrappedKey", "student").contains("erasedAt");
        // A later write for the erased case stores nothing personal (a snapshot, for example).
        assertThat(serializer.serialize(trio(caseId), String.class).getData()).doesNotContain("周晓梅", "kcbx:enc");
    }

    @Test
    void aNewCaseOfTheSameStudent_sharesTheKey_andAfterErasureGetsANewOne() {
        String id = idNumber("43992120110911456");
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        serializer.serialize(identified(first, id), String.class);
        serializer.serialize(identified(second, id), String.class);
        String keyId = keys.keyIdOfCase(first).orElseThrow();
        assertThat(keys.keyIdOfCase(second)).contains(keyId);
        assertThat(keys.casesOfKey(keyId)).containsExactlyInAnyOrder(first, second);
        assertThat(keyId).doesNotContain(id.substring(6, 14));

        keys.destroy(keyId);
        String third = UUID.randomUUID().toString();
        String thirdJson = serializer.serialize(identified(third, id), String.class).getData();
        assertThat(keys.keyIdOfCase(third)).isPresent().get().isNotEqualTo(keyId);
        assertThat(read(thirdJson, CaseIdentified.class).student().name()).isEqualTo(NAME);
    }

    @Test
    void aChangedCiphertext_failsLoudly_insteadOfReadingAsErased() {
        String caseId = UUID.randomUUID().toString();
        String json = serializer.serialize(identified(caseId, idNumber("43992120140202321")), String.class).getData();
        int at = json.indexOf(PersonalDataSerializer.PREFIX) + PersonalDataSerializer.PREFIX.length() + 40;
        char flipped = json.charAt(at) == 'A' ? 'B' : 'A';
        String tampered = json.substring(0, at) + flipped + json.substring(at + 1);

        assertThatThrownBy(() -> read(tampered, CaseIdentified.class)).hasMessageContaining("does not authenticate");
    }

    @Test
    void theEmbeddedDefaultMasterKey_isGeneratedOnce_readableByItsOwnerOnly(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("data").resolve("kcbx-master.key");
        MasterKey.load(file, true);
        String content = Files.readString(file);
        MasterKey.load(file, true);

        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> MasterKey.load(directory.resolve("missing.key"), false))
                .hasMessageContaining("does not exist");
    }

    private static <T> T read(String json, Class<T> type) {
        SerializedObject<String> stored = new SimpleSerializedObject<>(json, String.class, type.getName(), null);
        return serializer.deserialize(stored);
    }

    static String idNumber(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }

    static CaseIdentified identified(String caseId, String idNumber) {
        return new CaseIdentified(caseId, IdentificationSource.VILLAGE_SURVEY, "村干部 林大木 报告", LocalDate.of(2026, 3, 10),
                                  new StudentIdentity(NAME, new IdNumber(idNumber), null, null, null),
                                  new HouseholdLocation(new DivisionCode("439921100201"), ADDRESS),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6),
                                  List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD,
                                                                    LocalDate.of(2024, 9, 1), null)),
                                  new SuspectedReasons(DropoutReason.LEARNING_DIFFICULTY, Set.of(), "祖父无力管教"));
    }

    static TrioAssigned trio(String caseId) {
        return new TrioAssigned(caseId, LocalDate.of(2026, 3, 22), new Helper("周晓梅", "青禾乡中心小学 班主任", new MobileNumber(PHONE)),
                                new Helper("林大木", "青禾村 村委会主任", new MobileNumber("13900000202")),
                                new Helper("林青山", "祖父", new MobileNumber("13700000303")));
    }

    static VisitLogged visit(String caseId) {
        return new VisitLogged(caseId, UUID.randomUUID().toString(), 1, LocalDate.of(2026, 3, 25), Set.of(),
                               List.of("驻村工作队 陈思远"), VisitMethod.HOME_VISIT, VisitOutcome.UNDECIDED,
                               "父亲电话 13612345678", "再访", null);
    }
}
