package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Request-Id makes a submission safe to retry: the same request again answers as the first time, flagged
 * {@code replayed}, and stores nothing new; the same id on another command is refused. Also the concurrent case:
 * a phone on a bad network firing the same request several times at once.
 */
class IdempotencyApiTest extends ApiTestBase {

    private static final int THREADS = 8;

    /** Logs {@code visit} on the case under a new request id, which it returns once the visit is stored. */
    private String visitStored(String caseId, ObjectNode visit) {
        String requestId = "visit-" + UUID.randomUUID();
        assertThat(post(caseId, "/visits", visit, requestId(requestId)).status()).isEqualTo(200);
        return requestId;
    }

    private static Map<String, String> requestId(String id) {
        return Map.of("X-Request-Id", id);
    }

    @Test
    void a_retried_identification_answers_with_the_same_case_and_stores_nothing() {
        ObjectNode body = ApiData.identify(ApiData.newStudent(), "2026-09-10");
        String requestId = UUID.randomUUID().toString();
        Response first = api.post(CASES, body, Actor.VILLAGE, requestId(requestId));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().path("replayed").asBoolean()).isFalse();
        String caseId = first.caseId();
        String stored = events(caseId).toString();

        Response retry = api.post(CASES, body, Actor.VILLAGE, requestId(requestId));
        assertThat(retry.status()).as("%s", retry).isEqualTo(200);
        assertThat(retry.caseId()).isEqualTo(caseId);
        assertThat(retry.body().path("requestId").asText()).isEqualTo(requestId);
        assertThat(retry.body().path("replayed").asBoolean()).isTrue();
        assertThat(events(caseId).toString()).isEqualTo(stored);
    }

    @Test
    void a_retried_visit_is_logged_once() {
        String caseId = persuadingCase("2026-09-10");
        ObjectNode visit = ApiData.visit("2026-09-25");
        String requestId = "visit-" + UUID.randomUUID();
        Response first = post(caseId, "/visits", visit, requestId(requestId));
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("replayed").asBoolean()).isFalse();
        int count = events(caseId).size();

        for (int i = 0; i < 3; i++) {
            Response retry = post(caseId, "/visits", visit, requestId(requestId));
            assertThat(retry.status()).as("%s", retry).isEqualTo(200);
            assertThat(retry.caseId()).isEqualTo(caseId);
            assertThat(retry.body().path("replayed").asBoolean()).isTrue();
        }
        assertThat(events(caseId)).hasSize(count);
        assertThat(eventTypes(caseId).stream().filter("VisitLogged"::equals)).hasSize(1);

        // Without the request id, the same visit (same visitId) sent again is refused by the case itself.
        Response resent = rejectedWithoutEffect(caseId, () -> post(caseId, "/visits", visit));
        assertError(resent, 422, "VISIT_ALREADY_LOGGED", "visitId");
    }

    @Test
    void a_confirmation_resent_after_the_case_moved_on_answers_as_the_first_time() {
        String caseId = identifiedCase("2026-09-10");
        String requestId = UUID.randomUUID().toString();
        ObjectNode confirmation = ApiData.confirm("2026-09-15");
        assertThat(post(caseId, "/verification/confirm", confirmation, requestId(requestId)).status()).isEqualTo(200);
        accepted(caseId, "/trio", ApiData.trio("2026-09-16"));
        int count = events(caseId).size();

        // The case's rules would refuse a confirmation now; the resend is the stored request, answered as such.
        Response resent = post(caseId, "/verification/confirm", confirmation, requestId(requestId));

        assertThat(resent.status()).as("%s", resent).isEqualTo(200);
        assertThat(resent.body().path("replayed").asBoolean()).isTrue();
        assertThat(events(caseId)).hasSize(count);
        Response fresh = rejectedWithoutEffect(caseId, () -> post(caseId, "/verification/confirm", confirmation));
        assertThat(fresh.status()).isEqualTo(422);
    }

    @Test
    void a_visit_resent_after_the_case_moved_to_another_town_answers_as_the_first_time_and_nothing_more() {
        String caseId = persuadingCase("2026-09-10");
        ObjectNode visit = ApiData.visit("2026-09-25");
        String requestId = visitStored(caseId, visit);
        Response transferred = api.post(path(caseId, "/transfer"),
                                        ApiData.transfer("2026-09-26", ApiData.OTHER_TOWN_VILLAGE_CODE), Actor.TOWN);
        assertThat(transferred.status()).as("%s", transferred).isEqualTo(200);
        int count = events(caseId).size();

        // The town may no longer act on the case, but this is its own stored request: answered, not refused.
        Response resent = post(caseId, "/visits", visit, requestId(requestId));

        assertThat(resent.status()).as("%s", resent).isEqualTo(200);
        assertThat(resent.body().path("replayed").asBoolean()).isTrue();
        assertThat(events(caseId)).hasSize(count);
        Response newVisit = rejectedWithoutEffect(caseId, () -> post(caseId, "/visits", ApiData.visit("2026-09-27"),
                                                                     requestId("visit-" + UUID.randomUUID())));
        assertError(newVisit, 403, "OUT_OF_JURISDICTION", null);
    }

    /**
     * The attack the unchecked resend must not open: a clerk of another town replays a request id seen on this town's
     * case. Now that the command runs before the stored request is looked up, it is still neither stored nor answered
     * as that request (which would confirm the case and the id).
     */
    @Test
    void another_towns_clerk_replaying_this_towns_request_id_gets_no_answer_and_stores_nothing() {
        String caseId = persuadingCase("2026-09-10");
        ObjectNode visit = ApiData.visit("2026-09-25");
        String requestId = visitStored(caseId, visit);
        int count = events(caseId).size();

        Response replayed = api.post(path(caseId, "/visits"), visit, CaseJurisdictionApiTest.OTHER_TOWN,
                                     requestId(requestId));

        assertError(replayed, 409, "REQUEST_ID_REUSED", null);
        assertThat(replayed.body().path("caseId").isMissingNode()).isTrue();
        assertThat(events(caseId)).hasSize(count);
    }

    @Test
    void a_request_id_reused_with_different_content_is_refused_not_replayed() {
        String caseId = persuadingCase("2026-09-10");
        String requestId = visitStored(caseId, ApiData.visit("2026-09-25"));
        int count = events(caseId).size();

        Response otherVisit = post(caseId, "/visits", ApiData.visit("2026-09-26"), requestId(requestId));

        assertError(otherVisit, 409, "REQUEST_ID_REUSED", null);
        assertThat(events(caseId)).hasSize(count);
        Response otherStudent = api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"), Actor.VILLAGE,
                                         requestId(requestId));
        assertError(otherStudent, 409, "REQUEST_ID_REUSED", null);
    }

    @Test
    void a_request_id_reused_for_another_command_or_another_case_is_refused() {
        String caseId = persuadingCase("2026-09-10");
        String requestId = visitStored(caseId, ApiData.visit("2026-09-25"));

        Response otherCommand = rejectedWithoutEffect(caseId,
                () -> post(caseId, "/legal/criticism", ApiData.criticism("2026-09-26"), requestId(requestId)));
        assertError(otherCommand, 409, "REQUEST_ID_REUSED", null);
        assertThat(otherCommand.body().path("retryable").asBoolean()).isFalse();

        String otherCase = persuadingCase("2026-09-10");
        Response sameCommandOtherCase = rejectedWithoutEffect(otherCase,
                () -> post(otherCase, "/visits", ApiData.visit("2026-09-25"), requestId(requestId)));
        assertError(sameCommandOtherCase, 409, "REQUEST_ID_REUSED", null);

        Response identification = api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"),
                                           Actor.VILLAGE, requestId(requestId));
        assertError(identification, 409, "REQUEST_ID_REUSED", null);
    }

    @Test
    void a_malformed_request_id_is_refused_before_anything_is_stored() {
        String caseId = persuadingCase("2026-09-10");
        for (String bad : List.of("short", "has space in it", "x".repeat(65), "semi;colon-123")) {
            Response response = rejectedWithoutEffect(caseId,
                    () -> post(caseId, "/visits", ApiData.visit("2026-09-25"), requestId(bad)));
            assertError(response, 400, "REQUEST_ID_INVALID", "X-Request-Id");
        }
        Response identification = api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"),
                                           Actor.VILLAGE, requestId("bad id"));
        assertError(identification, 400, "REQUEST_ID_INVALID", "X-Request-Id");
    }

    @Test
    void the_same_visit_submitted_from_eight_threads_at_once_is_stored_once_and_every_answer_is_that_visit()
            throws Exception {
        String caseId = persuadingCase("2026-09-10");
        int before = events(caseId).size();
        ObjectNode visit = ApiData.visit("2026-09-25");
        String requestId = UUID.randomUUID().toString();

        List<Response> responses = concurrently(() -> post(caseId, "/visits", visit, requestId(requestId)));

        assertThat(responses).allSatisfy(response -> {
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(response.caseId()).isEqualTo(caseId);
            assertThat(response.body().path("requestId").asText()).isEqualTo(requestId);
        });
        assertThat(responses.stream().filter(r -> !r.body().path("replayed").asBoolean())).hasSize(1);
        assertThat(events(caseId)).hasSize(before + 1);
        assertThat(lastEvent(caseId).path("recordedBy").path("requestId").asText()).isEqualTo(requestId);
    }

    @Test
    void the_same_confirmation_submitted_from_eight_threads_at_once_is_stored_once() throws Exception {
        String caseId = identifiedCase("2026-09-10");
        String requestId = UUID.randomUUID().toString();

        List<Response> responses = concurrently(
                () -> post(caseId, "/verification/confirm", ApiData.confirm("2026-09-15"), requestId(requestId)));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).as("%s", response).isEqualTo(200));
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "DropoutConfirmed");
    }

    @Test
    void the_same_identification_submitted_from_eight_threads_at_once_opens_one_case() throws Exception {
        ApiData.Student student = ApiData.newStudent();
        ObjectNode body = ApiData.identify(student, "2026-09-10");
        String requestId = UUID.randomUUID().toString();

        List<Response> responses = concurrently(() -> api.post(CASES, body, Actor.VILLAGE, requestId(requestId)));

        List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as("%s", responses).hasSize(1);
        String caseId = created.get(0).caseId();
        // The others either replay the stored answer or, while the first is still being stored, ask for a retry.
        assertThat(responses).allSatisfy(response -> {
            if (response.status() == 200) {
                assertThat(response.caseId()).isEqualTo(caseId);
                assertThat(response.body().path("replayed").asBoolean()).isTrue();
            } else if (response.status() != 201) {
                assertError(response, 409, "STUDENT_CLAIM_IN_PROGRESS", null);
                assertThat(response.body().path("retryable").asBoolean()).isTrue();
            }
        });
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified");
        // A later retry of the same request gets the stored answer.
        Response retry = api.post(CASES, body, Actor.VILLAGE, requestId(requestId));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.caseId()).isEqualTo(caseId);
    }

    /** Runs the request from {@link #THREADS} threads released at the same moment. */
    static List<Response> concurrently(Supplier<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return request.get();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A request id typed in Chinese reaches the server as raw UTF-8 bytes, which the security firewall refuses before
     * any controller runs: a 400 with a code, never the 500 it used to be. (Sent over a plain socket: Java's HTTP
     * client would refuse to send such a header at all.)
     */
    @Test
    void a_request_id_in_chinese_is_a_clear_400() throws Exception {
        String token = new cn.kcbx.access.testing.SignedInActors(applicationContext, port).token(Actor.VILLAGE.kernel());
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            String request = "POST /api/cases HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "X-Request-Id: 请求编号-123456\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"REQUEST_REJECTED\"").contains("X-Request-Id");
        }
    }
}
