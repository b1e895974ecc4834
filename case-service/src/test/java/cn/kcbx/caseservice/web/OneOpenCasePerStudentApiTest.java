package cn.kcbx.caseservice.web;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One open case per student, set-wide. The claim grace period is switched off here so that a student whose case was
 * just closed can be registered again at once; the concurrent identification test, which depends on the grace
 * period, runs with the default in {@link OneOpenCasePerStudentConcurrencyApiTest}.
 */
@TestPropertySource(properties = "kcbx.case.claim-grace-period=PT0S")
class OneOpenCasePerStudentApiTest extends ApiTestBase {

    static final Actor OTHER_COUNTY = new Actor("county.kcb.182", "COUNTY", "430182");

    @Autowired
    AccessLog accessLog;

    @Test
    void a_second_identification_of_a_student_with_an_open_case_is_refused() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-09-10");
        String stored = events(first).toString();

        Response again = api.post(CASES, ApiData.identify(student, "2026-09-21"), Actor.SCHOOL);
        assertError(again, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(again.body().path("retryable").asBoolean()).isFalse();
        assertThat(again.message()).contains(first);
        assertThat(events(first).toString()).isEqualTo(stored);
    }

    @Test
    void probing_an_id_number_from_another_county_learns_no_case_id_and_leaves_a_trace() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-09-10");
        // A county bureau elsewhere types the child's ID number in, as if registering a child of its own.
        ObjectNode probe = ApiData.identify(student, "2026-09-21");
        probe.set("household", ApiData.object().put("village", "430182101201"));
        probe.remove("lastSchool");

        Response refused = api.post(CASES, probe, OTHER_COUNTY);
        assertError(refused, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(refused.raw()).doesNotContain(first);
        assertThat(refused.message()).contains("已有未结案件", "教育局");

        List<AccessEntry> trace = accessLog.find(OTHER_COUNTY.userId(), null, null, null, 100).stream()
                                           .filter(entry -> entry.action() != AccessAction.SIGNED_IN).toList();
        assertThat(trace).extracting(AccessEntry::action).containsExactly(AccessAction.DUPLICATE_OPEN_CASE_REFUSED);
        // Logged against the open case, so that its own county sees who asked about its child.
        assertThat(trace.get(0).caseId()).isEqualTo(first);
        assertThat(trace.get(0).detail()).contains("未告知案件编号").doesNotContain(student.idNumber());
        assertThat(trace.get(0).at()).isNotNull();
    }

    @Test
    void a_refusal_within_the_users_jurisdiction_names_the_open_case_and_is_logged_too() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-09-10");
        Response again = api.post(CASES, ApiData.identify(student, "2026-09-21"), Actor.TOWN);
        assertError(again, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(again.message()).contains(first);
        assertThat(accessLog.find(Actor.TOWN.userId(), first, null, null, 100)).extracting(AccessEntry::action)
                                                                           .contains(AccessAction.DUPLICATE_OPEN_CASE_REFUSED);
    }

    @Test
    void the_same_id_number_typed_with_a_lower_case_x_is_the_same_student() {
        ApiData.Student student = ApiData.newStudentWithCheckX();
        String first = identify(student, "2026-09-10");
        ObjectNode body = ApiData.identify(student, "2026-09-21");
        ((ObjectNode) body.get("student")).put("idNumber", " " + student.idNumber().toLowerCase(Locale.ROOT) + " ");

        assertError(api.post(CASES, body, Actor.SCHOOL), 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(api.get(path(first, "/personal-data?reason=核对身份证号"), Actor.SCHOOL).body().path("idNumber")
                      .asText()).isEqualTo(student.idNumber());
    }

    @Test
    void once_the_case_is_closed_the_student_can_be_identified_again() {
        ApiData.Student student = ApiData.newStudent();
        String first = identify(student, "2026-09-10");
        accepted(first, "/verification/not-dropout", ApiData.notDropout("2026-09-15", "ENROLLED_LOCALLY"));

        String second = identify(student, "2026-10-20");

        assertThat(second).isNotEqualTo(first);
        assertThat(eventTypes(first)).containsExactly("CaseIdentified", "CaseVerifiedNotDropout");
        assertThat(eventTypes(second)).containsExactly("CaseIdentified");
        assertThat(api.get(path(second, "/personal-data?reason=核对身份证号"), Actor.SCHOOL).body().path("idNumber")
                      .asText()).isEqualTo(student.idNumber());
        // ... and while that second case is open, a third identification is refused again.
        assertError(api.post(CASES, ApiData.identify(student, "2026-10-21"), Actor.SCHOOL), 409,
                    "DUPLICATE_OPEN_CASE", null);
    }

    @Test
    void a_closed_case_cannot_be_reopened_while_the_student_has_another_open_case() {
        ApiData.Student student = ApiData.newStudent();
        String first = persuadingCase("2026-09-01", student);
        accepted(first, "/close", ApiData.close("2026-09-10", "ABROAD"));
        String second = identify(student, "2026-10-08");

        Response reopen = rejectedWithoutEffect(first, () -> post(first, "/reopen", ApiData.reopen("2026-10-09")));
        assertError(reopen, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(reopen.message()).contains(second);

        // Once the other case is closed too, the first one can be reopened (and resumes persuasion).
        accepted(second, "/verification/not-dropout", ApiData.notDropout("2026-10-12", "WRONG_IDENTITY_DATA"));
        accepted(first, "/reopen", ApiData.reopen("2026-10-15"));
        assertThat(lastEvent(first).path("data").path("resumedStatus").asText()).isEqualTo("PERSUADING");
        assertError(api.post(CASES, ApiData.identify(student, "2026-10-21"), Actor.SCHOOL), 409,
                    "DUPLICATE_OPEN_CASE", null);
    }

    private String persuadingCase(String identifiedOn, ApiData.Student student) {
        String caseId = identify(student, identifiedOn);
        accepted(caseId, "/verification/confirm", ApiData.confirm("2026-09-05"));
        accepted(caseId, "/trio", ApiData.trio("2026-09-06"));
        return caseId;
    }

    /** How the case record shows an ID number: first 4 and last 4 characters. */
    private static String masked(String idNumber) {
        return idNumber.substring(0, 4) + "**********" + idNumber.substring(14);
    }
}
