package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.intake.IntakeSealingKey;
import cn.kcbx.caseservice.intake.SealedStudent;
import cn.kcbx.caseservice.intake.WebCryptoSealer;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;
import cn.kcbx.testsupport.privacy.TestKeyFiles;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registration a phone queued offline, its student sealed for the server: the server hands out the public key,
 * opens {@code sealedStudent} and goes on exactly as with a plain identification (validation, one open case per
 * student, request ids); a sealed student it cannot open is a 4xx that stores nothing.
 */
class SealedIdentificationApiTest extends ApiTestBase {

    static final String SEALING_KEY = "/api/intake/sealing-key";
    private static final String IDENTIFIED_ON = "2026-09-10";

    // ------------------------------------------------------------------ the public key

    @Test
    void every_signed_in_user_gets_the_public_key_and_no_one_else() throws Exception {
        JsonNode key = sealingKey();
        byte[] spki = Base64.getDecoder().decode(key.path("publicKey").asText());

        assertThat(key.properties()).hasSize(3);
        assertThat(key.path("algorithm").asText()).isEqualTo("RSA-OAEP-256+A256GCM");
        assertThat(key.path("keyId").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)).substring(0, 16))
                .isEqualTo(applicationContext.getBean(IntakeSealingKey.class).keyId());
        for (Actor actor : List.of(Actor.SCHOOL, Actor.TOWN, Actor.COUNTY)) {
            assertThat(api.get(SEALING_KEY, actor).body()).as("%s", actor.role()).isEqualTo(key);
        }
        // The key lives in its file, outside MongoDB (in tests: the JVM's test key file).
        assertThat(Files.readString(TestKeyFiles.intakeSealingKey())).contains("keyId=" + key.path("keyId").asText());

        Response anonymous = api.send(HttpMethod.GET, SEALING_KEY, null, null, Map.of());
        assertError(anonymous, 401, "UNAUTHENTICATED", null);
    }

    // ------------------------------------------------------------------ sealed identification

    @Test
    void a_sealed_identification_opens_a_case_for_the_student_inside() {
        ApiData.Student student = ApiData.newStudent(true);
        ObjectNode body = sealed(ApiData.identify(student, IDENTIFIED_ON));
        assertThat(body.has("student")).isFalse();

        Response response = api.post(CASES, body, Actor.VILLAGE, Map.of("X-Client-Channel", "mobile"));

        assertThat(response.status()).as("%s", response).isEqualTo(201);
        String caseId = response.caseId();
        JsonNode events = events(caseId);
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified");
        JsonNode identified = events.get(0).path("data");
        assertThat(identified.path("student").path("name").asText()).isEqualTo(student.name());
        assertThat(identified.path("student").path("idNumber").asText())
                .isEqualTo(student.idNumber().substring(0, 4) + "**********" + student.idNumber().substring(14));
        assertThat(identified.path("student").path("sex").asText()).isEqualTo("MALE");
        assertThat(identified.path("student").path("birthDate").asText()).isEqualTo(student.birthDate().toString());
        assertThat(identified.path("household").path("village").asText()).isEqualTo(ApiData.VILLAGE_CODE);
        assertThat(events.get(0).path("recordedBy").path("channel").asText()).isEqualTo("mobile");
        assertThat(events.toString()).doesNotContain("sealedStudent", body.path("sealedStudent").path("ciphertext")
                                                                           .asText());
        // The full ID number, through the audited reveal: the very child the phone sealed.
        Response revealed = api.get(path(caseId, "/personal-data?reason=核对离线登记"), Actor.VILLAGE);
        assertThat(revealed.status()).as("%s", revealed).isEqualTo(200);
        assertThat(revealed.body().path("idNumber").asText()).isEqualTo(student.idNumber());
        assertThat(revealed.body().path("name").asText()).isEqualTo(student.name());
    }

    @Test
    void a_resent_sealed_identification_replays_the_first_answer_and_opens_one_case() {
        ApiData.Student student = ApiData.newStudent();
        ObjectNode plain = ApiData.identify(student, IDENTIFIED_ON);
        ObjectNode body = sealed(plain);
        Map<String, String> requestId = Map.of("X-Request-Id", "offline-" + UUID.randomUUID());

        Response first = api.post(CASES, body, Actor.VILLAGE, requestId);
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String caseId = first.caseId();
        String stored = events(caseId).toString();

        Response resent = api.post(CASES, body, Actor.VILLAGE, requestId);
        // The phone may also seal the same registration again (new AES key and IV) before resending it.
        Response resealed = api.post(CASES, sealed(plain), Actor.VILLAGE, requestId);

        for (Response retry : List.of(resent, resealed)) {
            assertThat(retry.status()).as("%s", retry).isEqualTo(200);
            assertThat(retry.caseId()).isEqualTo(caseId);
            assertThat(retry.body().path("replayed").asBoolean()).isTrue();
        }
        assertThat(events(caseId).toString()).isEqualTo(stored);
        // One case: the student's one open case is this one.
        Response again = api.post(CASES, ApiData.identify(student, IDENTIFIED_ON), Actor.VILLAGE);
        assertError(again, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(again.message()).contains(caseId);
    }

    @Test
    void the_opened_student_is_checked_like_a_typed_one() {
        ApiData.Student student = ApiData.newStudent(true);
        ObjectNode plain = ApiData.identify(student, IDENTIFIED_ON);
        ((ObjectNode) plain.get("student")).put("idNumber", ApiData.withWrongCheckCharacter(student.idNumber()));

        Response response = api.post(CASES, sealed(plain), Actor.VILLAGE);

        assertError(response, 400, "ID_NUMBER_CHECK_CHARACTER", "student.idNumber");
        assertNothingStored(student, "offline-" + UUID.randomUUID());
    }

    // ------------------------------------------------------------------ refused: nothing stored

    @Test
    void a_student_sealed_for_a_key_the_server_no_longer_has_is_422_SEALING_KEY_UNKNOWN() {
        assertRefusedWithoutEffect(sealedStudent -> sealedStudent.put("keyId", "0123456789abcdef"), 422,
                                   "SEALING_KEY_UNKNOWN");
    }

    @Test
    void a_flipped_ciphertext_byte_is_400_SEALED_STUDENT_INVALID() {
        assertRefusedWithoutEffect(sealedStudent -> sealedStudent.put("ciphertext", WebCryptoSealer.flipped(
                sealedStudent.path("ciphertext").asText(), 3)), 400, "SEALED_STUDENT_INVALID");
        assertRefusedWithoutEffect(sealedStudent -> sealedStudent.put("wrappedKey", WebCryptoSealer.flipped(
                sealedStudent.path("wrappedKey").asText(), -1)), 400, "SEALED_STUDENT_INVALID");
    }

    @Test
    void a_malformed_sealed_student_is_400_SEALED_STUDENT_INVALID() {
        for (UnaryOperator<ObjectNode> malformed : List.<UnaryOperator<ObjectNode>>of(
                s -> s.put("iv", "not base64!"),
                s -> s.put("iv", Base64.getEncoder().encodeToString(new byte[16])),
                s -> { s.remove("wrappedKey"); return s; },
                s -> s.put("ciphertext", 42),
                s -> { s.removeAll(); return s; })) {
            assertRefusedWithoutEffect(malformed, 400, "SEALED_STUDENT_INVALID");
        }
        ApiData.Student student = ApiData.newStudent();
        ObjectNode notAnObject = ApiData.identify(student, IDENTIFIED_ON);
        notAnObject.remove("student");
        notAnObject.put("sealedStudent", "eyJuYW1lIjoi");
        assertError(api.post(CASES, notAnObject, Actor.VILLAGE), 400, "SEALED_STUDENT_INVALID", "sealedStudent");
        // Sealed properly, but what it holds is no JSON object.
        ObjectNode notJson = ApiData.identify(student, IDENTIFIED_ON);
        notJson.remove("student");
        notJson.set("sealedStudent", json(WebCryptoSealer.seal("[\"" + student.idNumber() + "\"]",
                                                               sealingKey().path("keyId").asText(),
                                                               sealingKey().path("publicKey").asText())));
        Response notJsonResponse = api.post(CASES, notJson, Actor.VILLAGE);
        assertError(notJsonResponse, 400, "SEALED_STUDENT_INVALID", "sealedStudent");
        assertThat(notJsonResponse.raw()).doesNotContain(student.idNumber());
        assertNothingStored(student, "offline-" + UUID.randomUUID());
    }

    @Test
    void a_student_both_sealed_and_plain_is_400_STUDENT_SEALED_AND_PLAIN() {
        ApiData.Student student = ApiData.newStudent();
        ObjectNode both = sealed(ApiData.identify(student, IDENTIFIED_ON));
        both.set("student", student.json());
        String requestId = "offline-" + UUID.randomUUID();

        Response response = api.post(CASES, both, Actor.VILLAGE, Map.of("X-Request-Id", requestId));

        assertError(response, 400, "STUDENT_SEALED_AND_PLAIN", "sealedStudent");
        assertNothingStored(student, requestId);
    }

    /** Changes a freshly sealed student, sends it with a request id, and checks the refusal left nothing behind. */
    private void assertRefusedWithoutEffect(UnaryOperator<ObjectNode> change, int status, String code) {
        ApiData.Student student = ApiData.newStudent();
        ObjectNode body = sealed(ApiData.identify(student, IDENTIFIED_ON));
        change.apply((ObjectNode) body.get("sealedStudent"));
        String requestId = "offline-" + UUID.randomUUID();

        Response response = api.post(CASES, body, Actor.VILLAGE, Map.of("X-Request-Id", requestId));

        assertError(response, status, code, "sealedStudent");
        assertThat(response.body().path("retryable").asBoolean()).isFalse();
        assertThat(response.message()).contains("重新填写学生身份信息");
        assertNothingStored(student, requestId);
    }

    /**
     * Neither the request id nor the student was taken: the same request id with the student sealed properly now
     * opens a new case (a stored request would replay, a held claim on the student would be a 409).
     */
    private void assertNothingStored(ApiData.Student student, String requestId) {
        Response afterwards = api.post(CASES, sealed(ApiData.identify(student, IDENTIFIED_ON)), Actor.VILLAGE,
                                       Map.of("X-Request-Id", requestId));
        assertThat(afterwards.status()).as("%s", afterwards).isEqualTo(201);
        assertThat(afterwards.body().path("replayed").asBoolean()).isFalse();
        assertThat(eventTypes(afterwards.caseId())).containsExactly("CaseIdentified");
    }

    // ------------------------------------------------------------------ sealing, as the phone does

    private JsonNode sealingKey() {
        Response response = api.get(SEALING_KEY, Actor.VILLAGE);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    /** The identification with its {@code student} replaced by {@code sealedStudent}. */
    private ObjectNode sealed(ObjectNode identification) {
        JsonNode key = sealingKey();
        ObjectNode body = identification.deepCopy();
        JsonNode student = body.remove("student");
        body.set("sealedStudent", json(WebCryptoSealer.seal(student.toString(), key.path("keyId").asText(),
                                                            key.path("publicKey").asText())));
        return body;
    }

    private static ObjectNode json(SealedStudent sealed) {
        return ApiData.object().put("keyId", sealed.keyId()).put("wrappedKey", sealed.wrappedKey())
                      .put("iv", sealed.iv()).put("ciphertext", sealed.ciphertext());
    }
}
