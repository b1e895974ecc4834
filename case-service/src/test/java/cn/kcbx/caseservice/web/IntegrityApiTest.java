package cn.kcbx.caseservice.web;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;
import cn.kcbx.eventstore.IntegrityCheckpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integrity API: county and admin users sign checkpoints and verify the whole event history; an event or a case
 * removed or edited directly in MongoDB is reported with its case and sequence; every run is in the access log.
 * Each test that tampers with the shared test database puts the original documents back before it ends.
 */
class IntegrityApiTest extends ApiTestBase {

    static final String CHECKPOINTS = "/api/integrity/checkpoints";
    static final String VERIFICATION = "/api/integrity/verification";
    static final Actor ADMIN = new Actor("sys-admin-01", "ADMIN", "430181");

    private static final Path KEY_DIRECTORY = temporaryDirectory();

    @DynamicPropertySource
    static void signingKey(DynamicPropertyRegistry registry) {
        registry.add("kcbx.integrity.signing-key-file", () -> KEY_DIRECTORY.resolve("signing.key").toString());
    }

    @Autowired
    MongoDatabaseFactory databaseFactory;

    @Autowired
    AccessLog accessLog;

    private MongoCollection<Document> events() {
        return databaseFactory.getMongoDatabase().getCollection("events");
    }

    @Test
    void withoutAUser_401_andOnlyCountyOrAdminMayCheckOrSign() {
        for (String path : List.of(CHECKPOINTS, VERIFICATION)) {
            assertThat(api.post(path, null, null).status()).isEqualTo(401);
            for (Actor actor : List.of(Actor.VILLAGE, Actor.SCHOOL, Actor.TOWN)) {
                assertError(api.post(path, null, actor), 403, "FORBIDDEN", null);
            }
        }
        assertThat(accessLog.find(Actor.TOWN.userId(), null, null, null, 100))
                .extracting(AccessEntry::action)
                .doesNotContain(AccessAction.INTEGRITY_VERIFIED, AccessAction.CHECKPOINT_SIGNED);
    }

    @Test
    void aCountyUserSignsACheckpointAndVerifiesACleanHistory_andBothRunsAreLogged() {
        String caseId = persuadingCase(IDENTIFIED_ON);

        Response checkpoint = api.post(CHECKPOINTS, null, Actor.COUNTY);
        assertThat(checkpoint.status()).as("%s", checkpoint).isEqualTo(200);
        assertThat(checkpoint.body().path("number").asLong()).isPositive();
        assertThat(checkpoint.body().path("caseCount").asLong()).isPositive();
        assertThat(checkpoint.body().path("algorithm").asText()).isEqualTo("Ed25519");
        assertThat(checkpoint.body().path("signature").asText()).isNotBlank();
        assertThat(checkpoint.body().path("rootHash").asText()).hasSize(64);
        assertThat(checkpoint.body().has("entriesId")).isFalse();
        assertThat(Files.exists(KEY_DIRECTORY.resolve("signing.key"))).isTrue();
        accepted(caseId, "/visits", ApiData.visit("2026-09-20"));

        Response verification = api.post(VERIFICATION, null, Actor.COUNTY);

        assertThat(verification.status()).as("%s", verification).isEqualTo(200);
        JsonNode report = verification.body();
        assertThat(report.path("ok").asBoolean()).as("%s", report).isTrue();
        assertThat(report.path("checkedEvents").asLong()).isGreaterThanOrEqualTo(4);
        assertThat(report.path("checkedCases").asLong()).isPositive();
        assertThat(report.path("checkpointsChecked").asLong()).isPositive();
        assertThat(report.hasNonNull("firstBrokenLink")).isFalse();
        assertThat(report.path("brokenLinkCount").asLong(-1)).isZero();
        assertThat(accessLog.find(Actor.COUNTY.userId(), null, null, null, 1000))
                .extracting(AccessEntry::action)
                .contains(AccessAction.CHECKPOINT_SIGNED, AccessAction.INTEGRITY_VERIFIED);
    }

    @Test
    void anEventEditedInMongoDb_isReportedAsThatEvent_andNoCheckpointIsSignedOverIt() {
        String caseId = persuadingCase(IDENTIFIED_ON);
        Document commit = events().find(eq("aggregateId", caseId)).into(new ArrayList<>()).stream()
                                  .filter(c -> c.get("firstSequence", Number.class).longValue() == 1).findFirst()
                                  .orElseThrow();
        Object position = commit.get("_id");
        String payload = commit.getList("events", Document.class).get(0).getString("payload");
        assertThat(payload).contains("2026-09-11"); // the confirmation date: what a forger would move
        events().updateOne(eq("_id", position), set("events.0.payload", payload.replace("2026-09-11", "2026-09-12")));
        try {
            Response verification = api.post(VERIFICATION, null, ADMIN);

            assertThat(verification.status()).isEqualTo(200);
            JsonNode link = verification.body().path("firstBrokenLink");
            assertThat(verification.body().path("ok").asBoolean()).isFalse();
            assertThat(link.path("kind").asText()).isEqualTo("EVENT_ALTERED");
            assertThat(link.path("caseId").asText()).isEqualTo(caseId);
            assertThat(link.path("sequence").asLong()).isEqualTo(1);
            assertThat(link.path("position").asLong()).isEqualTo(((Number) position).longValue());
            assertThat(link.path("expectedHash").asText()).hasSize(64);
            assertThat(link.path("actualHash").asText()).hasSize(64).isNotEqualTo(link.path("expectedHash").asText());
            assertThat(link.path("message").asText()).containsPattern("\\p{IsHan}");

            assertError(api.post(CHECKPOINTS, null, ADMIN), 409, "INTEGRITY_BROKEN", null);
            assertThat(accessLog.find(ADMIN.userId(), caseId, null, null, 100)).extracting(AccessEntry::action)
                    .contains(AccessAction.INTEGRITY_VERIFIED, AccessAction.CHECKPOINT_SIGNED);
        } finally {
            events().replaceOne(eq("_id", position), commit);
        }
        assertThat(api.post(VERIFICATION, null, ADMIN).body().path("ok").asBoolean()).isTrue();
    }

    @Test
    void aCaseDeletedFromMongoDbAfterACheckpoint_isReportedMissing() {
        String caseId = persuadingCase(IDENTIFIED_ON);
        assertThat(api.post(CHECKPOINTS, null, Actor.COUNTY).status()).isEqualTo(200);
        List<Document> commits = events().find(eq("aggregateId", caseId)).into(new ArrayList<>());
        events().deleteMany(eq("aggregateId", caseId));
        try {
            JsonNode report = api.post(VERIFICATION, null, Actor.COUNTY).body();

            assertThat(report.path("ok").asBoolean()).isFalse();
            JsonNode link = report.path("firstBrokenLink");
            assertThat(link.path("kind").asText()).isEqualTo("CASE_MISSING");
            assertThat(link.path("caseId").asText()).isEqualTo(caseId);
            assertThat(link.path("sequence").asLong()).isEqualTo(2);
            assertThat(link.path("message").asText()).contains("整个案件被删除");
        } finally {
            events().insertMany(commits);
        }
        assertThat(api.post(VERIFICATION, null, Actor.COUNTY).body().path("ok").asBoolean()).isTrue();
    }

    @Test
    void the_newest_checkpoint_deleted_in_mongodb_is_reported_and_no_checkpoint_is_signed_over_the_gap()
            throws IOException {
        persuadingCase(IDENTIFIED_ON);
        assertThat(api.post(CHECKPOINTS, null, Actor.COUNTY).status()).isEqualTo(200);
        persuadingCase(IDENTIFIED_ON); // something new, so that the next checkpoint is a new one
        Response newest = api.post(CHECKPOINTS, null, Actor.COUNTY);
        assertThat(newest.status()).as("%s", newest).isEqualTo(200);
        long number = newest.body().path("number").asLong();
        assertThat(number).isGreaterThanOrEqualTo(2);
        MongoCollection<Document> headers = databaseFactory.getMongoDatabase()
                                                           .getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION);
        Document header = headers.find(eq("_id", number)).first();
        headers.deleteOne(eq("_id", number));
        try {
            JsonNode report = api.post(VERIFICATION, null, Actor.COUNTY).body();

            assertThat(report.path("ok").asBoolean()).as("%s", report).isFalse();
            JsonNode link = report.path("firstBrokenLink");
            assertThat(link.path("kind").asText()).isEqualTo("CHECKPOINT_MISSING");
            assertThat(link.path("checkpoint").asLong()).isEqualTo(number);
            assertThat(link.path("message").asText()).contains("校验点被删除").contains("第 " + number + " 号");
            assertError(api.post(CHECKPOINTS, null, Actor.COUNTY), 409, "INTEGRITY_BROKEN", null);
            assertThat(headers.find(eq("_id", number)).first()).as("nothing signed over the gap").isNull();
        } finally {
            headers.insertOne(header);
        }
        assertThat(api.post(VERIFICATION, null, Actor.COUNTY).body().path("ok").asBoolean()).isTrue();
        // What gave the deletion away: the head recorded beside the key, outside MongoDB.
        assertThat(Files.readString(KEY_DIRECTORY.resolve("kcbx-integrity-checkpoint.head")))
                .contains("number=" + number + "\n");
    }

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("kcbx-integrity-test");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
