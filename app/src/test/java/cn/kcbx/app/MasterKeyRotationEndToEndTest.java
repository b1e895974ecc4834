package cn.kcbx.app;

import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.privacy.MasterKey;
import cn.kcbx.privacy.MasterKeyRewrap;
import cn.kcbx.privacy.PrivacyAutoConfiguration;
import cn.kcbx.privacy.StudentKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The master key rotation of the embedded installation (deploy/README.md, "Rotating the master key"), end to end: a
 * case identified under the first master key, a restart with a new master key and the old one as previous (steps 1
 * and 2 at once), then a restart with the new key alone. The personal data reads back the same at every step, the
 * student still finds the data key it had, and a start that drops the old key too early is refused.
 */
class MasterKeyRotationEndToEndTest {

    private static final String NAME = "罗清扬";
    /** Fictional, with a valid GB 11643 check character. */
    private static final String ID_NUMBER = ErasureLeavesNothingInTheStoreFileTest.withCheckCharacter(
            "43012220130611302");
    private static final Actor VILLAGE = new Actor("village-rotation", Actor.Role.VILLAGE, "430122100201");
    private static final Actor COUNTY = new Actor("county-rotation", Actor.Role.COUNTY, "430122");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    private KcbxApp start(String... keyOptions) {
        return KcbxApp.start(Stream.concat(Stream.of("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                                                     "--kcbx.embedded-mongo.port=0",
                                                     "--case-service.server.port=0",
                                                     "--query-service.server.port=0"),
                                           Stream.of(keyOptions)).toArray(String[]::new));
    }

    @Test
    void aCaseIdentifiedBeforeTheRotation_readsTheSameAfterIt_andItsStudentKeepsItsDataKey() throws Exception {
        String caseId;
        String keyId;
        try (KcbxApp app = start()) {
            SignedInActors actors = new SignedInActors(app.caseService(), app.caseServicePort());
            caseId = json.readTree(ok(post(app.caseServiceUrl() + "/api/cases", actors.authorization(VILLAGE), """
                    {"source": "VILLAGE_SURVEY", "identifiedOn": "2025-10-09",
                     "student": {"name": "%s", "idNumber": "%s", "sex": "FEMALE"},
                     "household": {"village": "430122100201", "address": "示例村二组 3 号"},
                     "lastSchool": {"schoolName": "示例镇中心小学", "grade": "GRADE_6"},
                     "suspectedReasons": {"primary": "LEARNING_DIFFICULTY"}}""".formatted(NAME, ID_NUMBER)))
                                                 .body()).path("caseId").asText();
            assertPersonalDataReadable(app, actors, caseId);
            keyId = studentKeys(app).keyIdOfCase(caseId).orElseThrow();
        }
        // Written at the first start, from the master key: the rotation needs it.
        assertThat(dataDirectory.resolve(PrivacyAutoConfiguration.LOOKUP_KEY_FILE_NAME)).exists();

        Path oldKey = dataDirectory.resolve("kcbx-master.key");
        Path newKey = dataDirectory.resolve("kcbx-master-2.key");
        MasterKey.load(newKey, true);
        // Dropping the old key before its data keys have moved: the launcher refuses, naming the key and the count.
        assertThatThrownBy(() -> start("--kcbx.privacy.master-key-file=" + newKey).close())
                .hasStackTraceContaining("1 data keys that no master key of this process unwraps")
                .hasStackTraceContaining(MasterKey.load(oldKey, false).id());
        try (KcbxApp app = start("--kcbx.privacy.master-key-file=" + newKey,
                                 "--kcbx.privacy.previous-master-key-files=" + oldKey)) {
            awaitEveryKeyMoved(app.caseService());
            awaitEveryKeyMoved(app.queryService());
            assertPersonalDataReadable(app, new SignedInActors(app.caseService(), app.caseServicePort()), caseId);
        }

        try (KcbxApp app = start("--kcbx.privacy.master-key-file=" + newKey)) {
            assertPersonalDataReadable(app, new SignedInActors(app.caseService(), app.caseServicePort()), caseId);
            assertThat(studentKeys(app).keyIdForCase("rotation-probe", ID_NUMBER))
                    .as("the student's hash, and so its data key, is the same").isEqualTo(keyId);
        }
    }

    private static StudentKeys studentKeys(KcbxApp app) {
        return app.caseService().getBean(StudentKeys.class);
    }

    /** The case service reveals the student; the query service's timeline, sealed with the same key, names it. */
    private void assertPersonalDataReadable(KcbxApp app, SignedInActors actors, String caseId) throws Exception {
        JsonNode revealed = json.readTree(ok(get(app.caseServiceUrl() + "/api/cases/" + caseId
                + "/personal-data?reason=" + URLEncoder.encode("核对学籍", StandardCharsets.UTF_8),
                actors.authorization(COUNTY))).body());
        assertThat(revealed.path("name").asText()).isEqualTo(NAME);
        assertThat(revealed.path("idNumber").asText()).isEqualTo(ID_NUMBER);
        String timeline = app.queryServiceUrl() + "/api/cases/" + caseId + "/timeline";
        awaitUntil(() -> {
            HttpResponse<String> response = get(timeline, actors.authorization(COUNTY));
            return response.statusCode() == 200 && response.body().contains(NAME);
        }, "the timeline names the student: " + timeline);
    }

    private static void awaitEveryKeyMoved(ConfigurableApplicationContext service) throws Exception {
        MasterKeyRewrap rewrap = service.getBean(MasterKeyRewrap.class);
        awaitUntil(() -> rewrap.left() == 0, "every data key wrapped by the new master key");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitUntil(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached: " + what);
            }
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isBetween(200, 299);
        return response;
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization).GET().build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }
}
