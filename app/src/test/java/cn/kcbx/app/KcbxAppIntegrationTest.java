package cn.kcbx.app;

import cn.kcbx.access.account.Account;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.embeddedmongo.StoreRestore;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher end to end. On its embedded default: store, case service and query service in this JVM on free ports
 * and a temporary data directory; a case identified through the case service shows up on the query service's
 * timeline, and after shutdown the store's file is there and holds the event. With an explicit
 * {@code spring.data.mongodb.uri} (the MongoDB {@link TestMongo} picked): the same, and no embedded store.
 */
class KcbxAppIntegrationTest {

    private static final String IDENTIFY = """
            {"source": "VILLAGE_SURVEY", "identifiedOn": "2025-10-09",
             "student": {"name": "李小明", "idNumber": "430122201305143876", "sex": "MALE"},
             "household": {"village": "430122100201", "address": "示例村三组"},
             "lastSchool": {"schoolName": "示例镇中心小学", "grade": "GRADE_6"},
             "priorityCategories": [{"category": "LEFT_BEHIND_CHILD", "since": "2024-03-01",
                                     "sourceRegister": "民政留守儿童名册"}],
             "suspectedReasons": {"primary": "LEARNING_DIFFICULTY", "others": ["FAMILY_OR_GUARDIANSHIP"]}}""";
    /** A second fictional student (valid check digit). */
    private static final String SECOND_STUDENT = "430122201403072151";
    private static final Actor USER = new Actor("demo-village-01", Actor.Role.VILLAGE, "430122100201");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    /** The Authorization header of {@link #USER}, signed in at the case service. */
    private String authorization;

    @TempDir
    Path dataDirectory;

    @Test
    void identifiedCaseReachesTheTimelineAndTheStoreFileSurvivesShutdown() throws Exception {
        Path dataFile;
        try (KcbxApp app = KcbxApp.start("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                                         "--kcbx.embedded-mongo.port=0",
                                         "--case-service.server.port=0",
                                         "--query-service.server.port=0",
                                         "--kcbx.security.initial-admin.username=first-admin",
                                         "--kcbx.security.initial-admin.password=Launch2026admin",
                                         "--kcbx.security.initial-admin.unit=430122")) {
            assertThat(app.store()).isPresent();
            // As ./run.sh starts it: no lookup key configured, so one is generated next to the data file.
            assertThat(dataDirectory.resolve(KcbxApp.STUDENT_LOOKUP_KEY_FILE_NAME)).exists();
            // So is the key phones seal offline registrations for.
            assertThat(dataDirectory.resolve(IntakeSealingKey.DEFAULT_FILE_NAME)).exists();
            assertThat(app.caseServicePort()).isNotEqualTo(app.queryServicePort());
            dataFile = app.store().orElseThrow().dataFile();

            identifyAndAwaitTimeline(app);
            tokensOfOneServiceAreValidOnTheOther(app);
        }

        assertThat(dataFile).startsWith(dataDirectory.toAbsolutePath()).exists();
        // The checkpoint signing key was generated at the first start, beside the data file, not inside MongoDB.
        assertThat(dataDirectory.resolve("kcbx-integrity-signing.key")).exists();
        assertThat(Files.size(dataFile)).isPositive();
        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.start(dataFile, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(reopened.connectionString("kcbx"))) {
            assertThat(client.getDatabase("kcbx").getCollection("events").countDocuments()).isPositive();
        }
    }

    /**
     * What a restore means: a backup taken while the product runs, restored with it stopped, brings back the events and
     * the read side of that moment together (no rebuild, nothing of the read side ahead of the events); a case
     * identified after the backup is gone from both sides, and its student can be identified again.
     */
    @Test
    void aRestoredBackupBringsBackTheEventsAndTheReadSideOfOneMoment() throws Exception {
        Path backupDirectory = dataDirectory.resolve("backups");
        String[] args = {"--kcbx.embedded-mongo.data-directory=" + dataDirectory.resolve("data"),
                         "--kcbx.embedded-mongo.port=0", "--case-service.server.port=0", "--query-service.server.port=0",
                         "--kcbx.embedded-mongo.backup.directory=" + backupDirectory};
        String kept;
        String lost;
        Path backup;
        try (KcbxApp app = KcbxApp.start(args)) {
            kept = identifyAndAwaitTimeline(app, IDENTIFY, "before-backup");
            backup = app.backups().orElseThrow().backUpNow();
            lost = identifyAndAwaitTimeline(app, IDENTIFY.replace("430122201305143876", SECOND_STUDENT)
                                                         .replace("李小明", "王小红"), "after-backup");
        }
        assertThat(backup).startsWith(backupDirectory);
        assertThat(StoreRestore.restore(backup, dataDirectory.resolve("data/kcbx-mongo.mv.db"))).exists();

        try (KcbxApp app = KcbxApp.start(args)) {
            authorization = null;
            authorization(app);
            assertThat(awaitTimeline(app.queryServiceUrl() + "/api/cases/" + kept + "/timeline").path("entries"))
                    .hasSize(1);
            assertThat(send(app.caseServiceUrl() + "/api/cases/" + lost + "/events", authorization(app)).statusCode())
                    .isEqualTo(404);
            assertThat(send(app.queryServiceUrl() + "/api/cases/" + lost + "/timeline", authorization(app))
                               .statusCode()).isEqualTo(404);
            // The store forgot the second student's open case and its request id: both may come again.
            identifyAndAwaitTimeline(app, IDENTIFY.replace("430122201305143876", SECOND_STUDENT)
                                                  .replace("李小明", "王小红"), "after-backup");
        }
    }

    @Test
    void anExplicitMongoUriIsUsedAndNoEmbeddedStoreStarts() throws Exception {
        String database = TestMongo.get().newDatabaseName("app");
        try (KcbxApp app = KcbxApp.start("--spring.data.mongodb.uri=" + TestMongo.get().connectionString(database),
                                         "--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                                         "--case-service.server.port=0",
                                         "--query-service.server.port=0",
                                         "--kcbx.case.student-key-secret=launcher-test-only")) {
            assertThat(app.store()).isEmpty();
            identifyAndAwaitTimeline(app);
            assertThat(TestMongo.get().client().getDatabase(database).getCollection("events").countDocuments())
                    .isPositive();
        }
        try (var files = Files.list(dataDirectory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aPortForBothServicesIsRefused() {
        assertThatThrownBy(() -> KcbxApp.start("--server.port=9090"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--case-service.server.port");
    }

    /**
     * Both services share the accounts and sessions: the first administrator exists once although both contexts
     * started with its settings, and a sign-in at the query service ends at the case service too.
     */
    private void tokensOfOneServiceAreValidOnTheOther(KcbxApp app) throws Exception {
        assertThat(app.caseService().getBean(AccountService.class).list())
                .filteredOn(account -> account.role() == Actor.Role.ADMIN).extracting(Account::username)
                .containsExactly("first-admin");
        String admin = "Bearer " + new SignedInActors(app.caseService(), app.queryServicePort())
                .signIn("first-admin", "Launch2026admin").path("token").asText();
        // Must change the password first, on either service.
        assertThat(send(app.caseServiceUrl() + "/api/cases/x/events", admin).statusCode()).isEqualTo(403);
        assertThat(send(app.caseServiceUrl() + "/api/auth/me", admin).statusCode()).isEqualTo(200);

        String village = authorization(app);
        assertThat(send(app.queryServiceUrl() + "/api/auth/me", village).statusCode()).isEqualTo(200);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(app.queryServiceUrl() + "/api/auth/sign-out"))
                                        .header("Authorization", village)
                                        .POST(HttpRequest.BodyPublishers.noBody()).build(),
                             HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(204);
        assertThat(send(app.caseServiceUrl() + "/api/auth/me", village).statusCode()).isEqualTo(401);
        assertThat(send(app.queryServiceUrl() + "/api/auth/me", village).statusCode()).isEqualTo(401);
        // Health and the API documentation stay public on both.
        for (String url : List.of(app.caseServiceUrl(), app.queryServiceUrl())) {
            assertThat(send(url + "/actuator/health", null).statusCode()).isEqualTo(200);
            assertThat(send(url + "/v3/api-docs", null).statusCode()).isEqualTo(200);
            assertThat(send(url + "/api/auth/me", null).statusCode()).isEqualTo(401);
        }
    }

    private HttpResponse<String> send(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signs {@link #USER} in at the case service (its account is created on first use); the token is kept. */
    private String authorization(KcbxApp app) {
        if (authorization == null) {
            authorization = new SignedInActors(app.caseService(), app.caseServicePort()).authorization(USER);
        }
        return authorization;
    }

    /** Identifies a case through the case service and waits for it on the query service's timeline. */
    private void identifyAndAwaitTimeline(KcbxApp app) throws Exception {
        identifyAndAwaitTimeline(app, IDENTIFY, "launcher-test-identify");
    }

    private String identifyAndAwaitTimeline(KcbxApp app, String body, String requestId) throws Exception {
        authorization = null;
        authorization(app);
        HttpResponse<String> identified = http.send(
                request(app.caseServiceUrl() + "/api/cases")
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", requestId)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(identified.statusCode()).as(identified.body()).isBetween(200, 201);
        String caseId = json.readTree(identified.body()).path("caseId").asText();
        assertThat(caseId).isNotBlank();

        JsonNode timeline = awaitTimeline(app.queryServiceUrl() + "/api/cases/" + caseId + "/timeline");
        assertThat(timeline.path("entries")).isNotEmpty();
        assertThat(timeline.path("entries").get(0).path("requestId").asText()).isEqualTo(requestId);
        assertThat(timeline.toString()).doesNotContain("430122201305143876"); // masked on the read side
        return caseId;
    }

    private JsonNode awaitTimeline(String url) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        HttpResponse<String> response;
        do {
            response = http.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return json.readTree(response.body());
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the case never reached the timeline; last answer " + response.statusCode() + " "
                + response.body());
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization);
    }
}
