package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One open case per student under the default claim grace period (1 minute). The grace period is what keeps a claim
 * whose case is still being stored from being taken over: with PT0S, eight concurrent identifications of one student
 * open several cases. So concurrency, and everything else that depends on the grace period, is tested here.
 */
class OneOpenCasePerStudentConcurrencyApiTest extends ApiTestBase {

    @RepeatedTest(3)
    void eight_clerks_identifying_the_same_student_at_once_open_exactly_one_case() throws Exception {
        ApiData.Student student = ApiData.newStudent();

        List<Response> responses = IdempotencyApiTest.concurrently(
                () -> api.post(CASES, ApiData.identify(student, "2026-09-10"), Actor.SCHOOL));

        List<Response> created = responses.stream().filter(r -> r.status() == 201).toList();
        assertThat(created).as("%s", responses).hasSize(1);
        assertThat(responses).filteredOn(r -> r.status() != 201).hasSize(7).allSatisfy(response -> {
            assertThat(response.status()).as("%s", response).isEqualTo(409);
            assertThat(response.code()).isIn("DUPLICATE_OPEN_CASE", "STUDENT_CLAIM_IN_PROGRESS");
            assertChineseMessage(response);
        });
        String caseId = created.get(0).caseId();
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified");
        Response later = api.post(CASES, ApiData.identify(student, "2026-09-11"), Actor.SCHOOL);
        assertError(later, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(later.message()).contains(caseId);
    }

    @Test
    void within_the_grace_period_of_the_claim_a_closed_students_new_identification_is_asked_to_retry() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-09-10");
        accepted(first, "/verification/not-dropout", ApiData.notDropout("2026-09-15", "DECEASED"));

        Response again = api.post(CASES, ApiData.identify(student, "2026-10-20"), Actor.SCHOOL);

        assertError(again, 409, "STUDENT_CLAIM_IN_PROGRESS", null);
        assertThat(again.body().path("retryable").asBoolean()).isTrue();
        assertThat(eventTypes(first)).containsExactly("CaseIdentified", "CaseVerifiedNotDropout");
    }

    @Test
    void a_failed_identification_does_not_block_the_student() {
        ApiData.Student student = ApiData.newStudent();
        // Refused by the case itself, after the claim was taken: the claim must be given back at once, not left to
        // block the student for the grace period.
        Response tooEarly = api.post(CASES, ApiData.identify(student, "2016-09-10"), Actor.SCHOOL);
        assertError(tooEarly, 400, "AGE_OUT_OF_COMPULSORY_RANGE", "student.birthDate");

        identify(student, "2026-09-10");
    }
}
