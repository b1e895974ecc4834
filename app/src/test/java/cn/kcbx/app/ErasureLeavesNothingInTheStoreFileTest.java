package cn.kcbx.app;

import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack, replayed on the embedded default: a child's case walked to its closure with the name and ID number
 * written into notes, evidence and the reason of a reveal, a projection rebuild (which leaves the old collections
 * behind for a while), then the erasure. Afterwards the raw store file, searched byte by byte, held the name, the ID
 * number, the guardian's phone and the evidence. Now no copy of them is ever written in the clear: the events hold
 * them encrypted, the read side and the access log sealed, all with the student's key, which the erasure destroys.
 */
class ErasureLeavesNothingInTheStoreFileTest {

    private static final String NAME = "苏未央";
    /** Fictional, with a valid GB 11643 check character. */
    private static final String ID_NUMBER = withCheckCharacter("43012220130821215");
    private static final String GUARDIAN = "苏大河";
    private static final String GUARDIAN_PHONE = "13912345678";
    private static final String EVIDENCE = "转学证明第88号";

    private static final Actor VILLAGE = new Actor("village-atrest", Actor.Role.VILLAGE, "430122100201");
    private static final Actor TOWN = new Actor("town-atrest", Actor.Role.TOWN, "430122100");
    private static final Actor COUNTY = new Actor("county-atrest", Actor.Role.COUNTY, "430122");
    private static final Actor ADMIN = new Actor("admin-atrest", Actor.Role.ADMIN, "430122");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void after_an_erasure_the_store_file_holds_no_name_id_number_phone_or_evidence_of_the_child() throws Exception {
        Path dataFile;
        try (KcbxApp app = KcbxApp.start("--kcbx.embedded-mongo.data-directory=" + dataDirectory,
                                         "--kcbx.embedded-mongo.port=0",
                                         "--case-service.server.port=0",
                                         "--query-service.server.port=0",
                                         "--kcbx.query.projections.old-collection-drop-delay=1h")) {
            dataFile = app.store().orElseThrow().dataFile();
            SignedInActors actors = new SignedInActors(app.caseService(), app.caseServicePort());
            String cases = app.caseServiceUrl() + "/api/cases";

            String caseId = json.readTree(ok(post(cases, actors.authorization(VILLAGE), """
                    {"source": "VILLAGE_SURVEY", "identifiedOn": "2025-10-09",
                     "student": {"name": "%s", "idNumber": "%s", "sex": "MALE"},
                     "household": {"village": "430122100201", "address": "示例村五组 9 号"},
                     "lastSchool": {"schoolName": "示例镇中心小学", "grade": "GRADE_6"},
                     "suspectedReasons": {"primary": "LEARNING_DIFFICULTY", "note": "%s说不想上学"}}"""
                    .formatted(NAME, ID_NUMBER, NAME))).body()).path("caseId").asText();
            ok(post(cases + "/" + caseId + "/verification/confirm", actors.authorization(VILLAGE),
                    "{\"confirmedOn\": \"2025-10-20\", \"note\": \"" + NAME + "连续缺课一个月\"}"));
            ok(post(cases + "/" + caseId + "/trio", actors.authorization(TOWN), """
                    {"assignedOn": "2025-10-22",
                     "teacher": {"name": "王老师", "unitOrRelation": "示例镇中心小学 班主任", "phone": "13800000001"},
                     "villageCadre": {"name": "张主任", "unitOrRelation": "示例村村委会", "phone": "13800000002"},
                     "guardian": {"name": "%s", "unitOrRelation": "父亲", "phone": "%s"}}"""
                    .formatted(GUARDIAN, GUARDIAN_PHONE)));
            ok(post(cases + "/" + caseId + "/close", actors.authorization(TOWN), """
                    {"closedOn": "2025-11-20", "category": "ENROLLED_OUT_OF_PROVINCE",
                     "evidence": [{"kind": "ENROLMENT_CERTIFICATE", "reference": "%s %s %s",
                                   "issuedBy": "外省示例中学", "issuedOn": "2025-11-15"}],
                     "note": "%s已在外省就读"}""".formatted(EVIDENCE, NAME, ID_NUMBER, NAME)));
            ok(get(cases + "/" + caseId + "/personal-data?reason="
                           + URLEncoder.encode("核对" + NAME + ID_NUMBER + "的转学情况", StandardCharsets.UTF_8),
                   actors.authorization(COUNTY)));

            String timeline = app.queryServiceUrl() + "/api/cases/" + caseId + "/timeline";
            await(timeline, actors.authorization(COUNTY), body -> body.contains(NAME) && body.contains("CaseClosed"));
            // A rebuild leaves the collections it switched away from behind (here for an hour).
            ok(post(app.queryServiceUrl() + "/api/admin/projections/rebuild", actors.authorization(ADMIN), ""));
            awaitRebuilt(app.queryServiceUrl() + "/api/admin/projections", actors.authorization(ADMIN));

            ok(post(cases + "/" + caseId + "/personal-data/erasure", actors.authorization(COUNTY),
                    "{\"reason\": \"监护人书面申请删除\"}"));
            await(timeline, actors.authorization(COUNTY),
                  body -> body.contains("PersonalDataErased") && !body.contains(NAME));
        }

        byte[] file = Files.readAllBytes(dataFile);
        for (String personal : List.of(NAME, ID_NUMBER, ID_NUMBER.substring(6, 14), GUARDIAN, GUARDIAN_PHONE,
                                       EVIDENCE, "示例村五组")) {
            assertThat(indexOf(file, personal.getBytes(StandardCharsets.UTF_8)))
                    .as("\"%s\" in the store file", personal).isEqualTo(-1);
        }
        // The search itself works: what is not personal is there in the clear.
        assertThat(indexOf(file, "示例镇中心小学".getBytes(StandardCharsets.UTF_8))).isNotNegative();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void awaitRebuilt(String url, String authorization) throws Exception {
        await(url, authorization, body -> {
            try {
                List<String> states = new ArrayList<>();
                json.readTree(body).forEach(p -> states.add(p.path("rebuild").path("state").asText()));
                return !states.isEmpty() && states.stream().allMatch("COMPLETED"::equals);
            } catch (Exception e) {
                return false;
            }
        });
    }

    private void await(String url, String authorization, Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response;
        do {
            response = get(url, authorization);
            if (response.statusCode() == 200 && done.test(response.body())) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not reached: " + url + " " + response.statusCode() + " " + response.body());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isBetween(200, 299);
        return response;
    }

    private HttpResponse<String> post(String url, String authorization, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                    .header("Authorization", authorization)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                    .header("Authorization", authorization).GET().build(),
                         HttpResponse.BodyHandlers.ofString());
    }

    static String withCheckCharacter(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }
}
