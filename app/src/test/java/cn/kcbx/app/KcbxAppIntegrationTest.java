package cn.kcbx.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.testsupport.TestMongo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final List<String> USER = List.of("X-User-Id", "demo-village-01", "X-User-Role", "VILLAGE",
                                                     "X-User-Unit", "430122100201");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void identifiedCaseReachesTheTimelineAndTheStoreFileSurvivesShutdown() throws Exception {
        Path dataFile;
        try (KcbxApp app = KcbxApp.start("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                                         "--kcbx.embedded-mongo.port=0",
                                         "--case-service.server.port=0",
                                         "--query-service.server.port=0",
                                         "--kcbx.case.student-key-secret=launcher-test-only")) {
            assertThat(app.store()).isPresent();
            assertThat(app.caseServicePort()).isNotEqualTo(app.queryServicePort());
            dataFile = app.store().orElseThrow().dataFile();

            identifyAndAwaitTimeline(app);
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

    /** Identifies a case through the case service and waits for it on the query service's timeline. */
    private void identifyAndAwaitTimeline(KcbxApp app) throws Exception {
        HttpResponse<String> identified = http.send(
                request(app.caseServiceUrl() + "/api/cases")
                        .header("Content-Type", "application/json")
                        .header("X-Request-Id", "launcher-test-identify")
                        .POST(HttpRequest.BodyPublishers.ofString(IDENTIFY)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(identified.statusCode()).as(identified.body()).isBetween(200, 201);
        String caseId = json.readTree(identified.body()).path("caseId").asText();
        assertThat(caseId).isNotBlank();

        JsonNode timeline = awaitTimeline(app.queryServiceUrl() + "/api/cases/" + caseId + "/timeline");
        assertThat(timeline.path("entries")).isNotEmpty();
        assertThat(timeline.path("entries").get(0).path("requestId").asText()).isEqualTo("launcher-test-identify");
        assertThat(timeline.toString()).doesNotContain("430122201305143876"); // masked on the read side
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
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .headers(USER.toArray(String[]::new));
    }
}
