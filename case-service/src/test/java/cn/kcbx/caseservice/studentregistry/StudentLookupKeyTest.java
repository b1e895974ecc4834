package cn.kcbx.caseservice.studentregistry;

import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack: the duplicate-case registry keyed students by an HMAC of the ID number under a key published with the
 * code, so trying every ID number of a county recovered one in 2.3 s. Now there is no default key: it is generated
 * at the first start next to the embedded store's data file (owner-only), a service on a MongoDB of its own does not
 * start without one, and claims made under the published key are moved to the new key at start.
 */
class StudentLookupKeyTest {

    /** A fictional ID number with a valid check character. */
    private static final String ID_NUMBER = "430122201305143876";
    private static MongoDatabase database;

    @TempDir
    Path dataDirectory;

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("lookupkey"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void an_id_number_cannot_be_recovered_from_the_registry_with_the_published_development_key() throws Exception {
        byte[] key = StudentLookupKey.resolve(null, null, embedded());

        StudentCaseRegistry registry = registry(claims(), key);
        MongoCollection<Document> claims = registryCollection;
        assertThat(registry.claim(ID_NUMBER, UUID.randomUUID().toString()).claimed()).isTrue();

        String underPublishedKey = registry(claims, StudentLookupKey.PUBLISHED_DEVELOPMENT_KEY
                .getBytes(StandardCharsets.UTF_8)).lookupKey(ID_NUMBER);
        assertThat(claims.find(new Document("_id", underPublishedKey)).first()).isNull();
        assertThat(claims.countDocuments()).isEqualTo(1);
    }

    @Test
    void the_key_is_generated_once_next_to_the_data_file_readable_by_its_owner_only() throws Exception {
        byte[] first = StudentLookupKey.resolve(null, null, embedded());
        byte[] again = StudentLookupKey.resolve(null, null, embedded());

        Path file = dataDirectory.resolve(StudentLookupKey.DEFAULT_FILE_NAME);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(first).hasSize(32).isEqualTo(again)
                         .isNotEqualTo(StudentLookupKey.PUBLISHED_DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(StudentLookupKey.resolve(file, null, production())).isEqualTo(first);
    }

    @Test
    void a_service_on_its_own_mongodb_does_not_start_without_a_key_nor_with_the_published_one() {
        assertThatThrownBy(() -> StudentLookupKey.resolve(null, null, production()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("kcbx.case.student-key-file");
        assertThatThrownBy(() -> StudentLookupKey.resolve(
                null, StudentLookupKey.PUBLISHED_DEVELOPMENT_KEY, production()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("published");
        assertThatThrownBy(() -> StudentLookupKey.resolve(
                dataDirectory.resolve("missing.key"), null, production()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
    }

    @Test
    void claims_made_under_the_published_key_move_to_the_new_key_and_still_block_a_second_open_case() {
        MongoCollection<Document> claims = claims();
        String openCase = UUID.randomUUID().toString();
        registry(claims, StudentLookupKey.PUBLISHED_DEVELOPMENT_KEY.getBytes(StandardCharsets.UTF_8))
                .claim(ID_NUMBER, openCase);
        byte[] newKey = StudentLookupKey.resolve(null, null, embedded());
        StudentCaseRegistry registry = registry(claims, newKey);

        assertThat(registry.rekeyClaims(caseId -> Optional.of(ID_NUMBER))).isEqualTo(1);
        assertThat(registry.rekeyClaims(caseId -> Optional.of(ID_NUMBER))).as("once only").isZero();

        assertThat(claims.find().into(new java.util.ArrayList<>())).singleElement()
                .satisfies(claim -> assertThat(claim.getString("_id")).isEqualTo(registry.lookupKey(ID_NUMBER)));
        StudentCaseRegistry.Claim second = registry.claim(ID_NUMBER, UUID.randomUUID().toString());
        assertThat(second.outcome()).isEqualTo(StudentCaseRegistry.Claim.Outcome.HELD_BY_OPEN_CASE);
        assertThat(second.holderCaseId()).isEqualTo(openCase);
    }

    private MongoCollection<Document> registryCollection;

    private MongoCollection<Document> claims() {
        registryCollection = database.getCollection("claims_" + UUID.randomUUID().toString().substring(0, 8));
        return registryCollection;
    }

    private static StudentCaseRegistry registry(MongoCollection<Document> claims, byte[] key) {
        return new StudentCaseRegistry(claims, caseId -> CaseOpenness.OPEN, Clock.systemUTC(), Duration.ZERO, key);
    }

    private MockEnvironment embedded() {
        return new MockEnvironment().withProperty("kcbx.embedded-mongo.data-directory", dataDirectory.toString());
    }

    private MockEnvironment production() {
        return embedded().withProperty("spring.data.mongodb.uri", "mongodb://db1,db2,db3/kcbx?replicaSet=rs0");
    }
}
