package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint's happy path over real HTTP, walking whole cases through docs/domain.md §8 and checking what was
 * stored via
 * GET /api/cases/{id}/events. Dates are all in the recent past of the real clock (Asia/Shanghai).
 */
class CaseLifecycleApiTest extends ApiTestBase {

    @Test
    void full_persuasion_and_legal_ladder_then_return_cross_off_and_reopen() {
        ApiData.Student student = ApiData.newStudent(true);
        String caseId = identify(student, "2025-10-09");
        accepted(caseId, "/verification/confirm", ApiData.confirm("2025-10-20"));
        accepted(caseId, "/trio", ApiData.trio("2025-10-22"));
        accepted(caseId, "/visits", ApiData.visit("2025-11-03"));
        accepted(caseId, "/visits", ApiData.visit("2025-11-17"));
        accepted(caseId, "/legal/criticism", ApiData.criticism("2025-11-20"));
        String order = "青禾乡政责〔2025〕7号";
        accepted(caseId, "/legal/correction-orders", ApiData.correctionOrder(order, "2025-11-21", "2025-12-01"));
        accepted(caseId, "/legal/served-documents", ApiData.documentServed(order, "2025-11-22"));
        accepted(caseId, "/legal/judicial-interventions", ApiData.judicialIntervention("2025-12-05"));
        accepted(caseId, "/legal/lawsuits", ApiData.lawsuit("2025-12-10"));
        accepted(caseId, "/legal/lawsuit-outcome", ApiData.lawsuitOutcome("2026-01-10"));
        accepted(caseId, "/return", ApiData.returnToSchool("2026-02-20"));
        accepted(caseId, "/cross-off", ApiData.crossOff("2026-04-01"));
        accepted(caseId, "/reopen", ApiData.reopen("2026-10-12"));

        JsonNode events = events(caseId);
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "DropoutConfirmed", "TrioAssigned",
                "VisitLogged", "VisitLogged", "CriticismEducationRecorded", "CorrectionOrderIssued",
                "LegalDocumentServed", "JudicialInterventionRecorded", "LawsuitFiled", "LawsuitConcluded",
                "StudentReturnedToSchool", "CaseCrossedOff", "CaseReopened");
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            assertThat(event.path("sequence").asLong()).isEqualTo(i);
            assertThat(event.path("data").path("caseId").asText()).isEqualTo(caseId);
            assertThat(Instant.parse(event.path("recordedAt").asText())).isBefore(Instant.now().plusSeconds(5));
        }
        JsonNode identified = events.get(0).path("data");
        assertThat(identified.path("identifiedOn").asText()).isEqualTo("2025-10-09");
        // The record shows personal identifiers masked; full values only through the audited reveal.
        assertThat(identified.path("student").path("idNumber").asText())
                .isEqualTo(student.idNumber().substring(0, 4) + "**********" + student.idNumber().substring(14));
        assertThat(identified.path("student").path("name").asText()).isEqualTo(student.name());
        assertThat(identified.path("student").path("sex").asText()).isEqualTo("MALE");
        assertThat(identified.path("student").path("birthDate").asText()).isEqualTo(student.birthDate().toString());
        assertThat(identified.path("household").path("village").asText()).isEqualTo(ApiData.VILLAGE_CODE);
        assertThat(identified.path("lastSchool").path("grade").asText()).isEqualTo("GRADE_6");
        assertThat(identified.path("priorityCategories").get(0).path("category").asText())
                .isEqualTo("LEFT_BEHIND_CHILD");
        assertThat(identified.path("suspectedReasons").path("others").get(0).asText())
                .isEqualTo("FAMILY_OR_GUARDIANSHIP");
        assertThat(events.get(2).path("data").path("teacher").path("phone").asText()).isEqualTo("138****0101");
        assertThat(events.get(3).path("data").path("visitNumber").asInt()).isEqualTo(1);
        assertThat(events.get(4).path("data").path("visitNumber").asInt()).isEqualTo(2);
        assertThat(events.get(4).path("data").path("trioParticipants").toString())
                .isEqualTo("[\"TEACHER\",\"VILLAGE_CADRE\"]");
        assertThat(events.get(6).path("data").path("deadline").asText()).isEqualTo("2025-12-01");
        assertThat(events.get(7).path("data").path("documentReference").asText()).isEqualTo(order);
        assertThat(events.get(10).path("data").path("outcome").asText()).isEqualTo("MEDIATED");
        JsonNode returned = events.get(11).path("data");
        assertThat(returned.path("episode").asInt()).isEqualTo(1);
        // Autumn-term return: next term starts 2026-03-01, plus the 14-day start-of-term check.
        assertThat(returned.path("watchPeriodEndsOn").asText()).isEqualTo("2026-03-15");
        assertThat(events.get(12).path("data").path("crossedOffOn").asText()).isEqualTo("2026-04-01");
        JsonNode reopened = events.get(13).path("data");
        assertThat(reopened.path("resumedStatus").asText()).isEqualTo("PERSUADING");
        assertThat(reopened.path("episode").asInt()).isEqualTo(2);

        // The reopened case is open again: persuasion continues on the same case.
        accepted(caseId, "/visits", ApiData.visit("2026-10-15"));
        assertThat(lastEvent(caseId).path("data").path("visitNumber").asInt()).isEqualTo(3);
    }

    @Test
    void verification_closes_a_case_as_not_a_dropout_with_evidence() {
        String caseId = identifiedCase("2026-09-10");
        accepted(caseId, "/verification/not-dropout", ApiData.notDropout("2026-09-18", "ENROLLED_OUT_OF_PROVINCE"));

        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "CaseVerifiedNotDropout");
        JsonNode verified = lastEvent(caseId).path("data");
        assertThat(verified.path("category").asText()).isEqualTo("ENROLLED_OUT_OF_PROVINCE");
        assertThat(verified.path("verifiedOn").asText()).isEqualTo("2026-09-18");
        assertThat(verified.path("evidence")).hasSize(1);
        assertThat(verified.path("evidence").get(0).path("kind").asText()).isEqualTo("ENROLMENT_CERTIFICATE");
        assertThat(verified.path("evidence").get(0).path("issuedOn").asText()).isEqualTo("2026-09-18");

        Response again = rejectedWithoutEffect(caseId,
                () -> post(caseId, "/verification/confirm", ApiData.confirm("2026-09-20")));
        assertError(again, 422, "CASE_CLOSED", null);
    }

    @Test
    void a_missing_child_waits_for_the_next_term_recheck_and_is_then_confirmed() {
        String caseId = identifiedCase("2026-03-10");
        accepted(caseId, "/verification/recheck", ApiData.recheck("2026-03-20"));
        JsonNode scheduled = lastEvent(caseId).path("data");
        assertThat(scheduled.path("reason").asText()).isEqualTo("MISSING_OR_UNREACHABLE");
        assertThat(scheduled.path("recheckTerm").path("year").asInt()).isEqualTo(2026);
        assertThat(scheduled.path("recheckTerm").path("season").asText()).isEqualTo("AUTUMN");
        assertThat(scheduled.path("recheckDueBy").asText()).isEqualTo("2026-09-15");
        assertThat(scheduled.path("evidence").get(0).path("kind").asText()).isEqualTo("INVESTIGATION_RECORD");

        accepted(caseId, "/verification/confirm", ApiData.confirm("2026-09-12"));
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "CaseRecheckScheduled", "DropoutConfirmed");
    }

    @Test
    void a_disabled_child_is_taught_at_home_and_the_case_closes_on_transfer() {
        String caseId = identifiedCase("2026-09-10");
        accepted(caseId, "/disability", ApiData.disability("2026-09-12"));
        accepted(caseId, "/home-teaching", ApiData.homeTeaching("2026-09-14"));
        String firstSession = UUID.randomUUID().toString();
        accepted(caseId, "/home-teaching/sessions", ApiData.homeTeachingSession(firstSession, "2026-09-16"));
        accepted(caseId, "/home-teaching/sessions",
                 ApiData.homeTeachingSession(UUID.randomUUID().toString(), "2026-09-18"));
        accepted(caseId, "/close", ApiData.close("2026-11-02", "MOVED_TO_SPECIAL_SCHOOL"));

        JsonNode events = events(caseId);
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "DisabilityRecorded",
                "HomeTeachingArranged", "HomeTeachingSessionDelivered", "HomeTeachingSessionDelivered", "CaseClosed");
        assertThat(events.get(1).path("data").path("level").asText()).isEqualTo("LEVEL_1");
        assertThat(events.get(2).path("data").path("teachers").toString()).isEqualTo("[\"周晓梅\",\"谭明远\"]");
        assertThat(events.get(2).path("data").path("requiredSessionsPerWeek").asInt()).isEqualTo(2);
        assertThat(events.get(3).path("data").path("sessionId").asText()).isEqualTo(firstSession);
        assertThat(events.get(3).path("data").path("periods").asInt()).isEqualTo(3);
        assertThat(events.get(5).path("data").path("category").asText()).isEqualTo("MOVED_TO_SPECIAL_SCHOOL");
        assertThat(events.get(5).path("data").path("evidence")).hasSize(1);
    }

    @Test
    void a_trio_member_is_replaced_and_the_previous_one_kept_in_the_record() {
        String caseId = persuadingCase("2026-09-10");
        accepted(caseId, "/trio/replacements", ApiData.replaceTrioMember("2026-09-25", "TEACHER",
                 ApiData.helper("谭明远", "青禾乡中心小学 数学教师", "13800000109")));
        accepted(caseId, "/visits", ApiData.visit("2026-09-28"));

        JsonNode replaced = events(caseId).get(3).path("data");
        assertThat(events(caseId).get(3).path("type").asText()).isEqualTo("TrioMemberReplaced");
        assertThat(replaced.path("role").asText()).isEqualTo("TEACHER");
        assertThat(replaced.path("previousMember").path("name").asText()).isEqualTo("周晓梅");
        assertThat(replaced.path("newMember").path("name").asText()).isEqualTo("谭明远");
        assertThat(replaced.path("newMember").path("phone").asText()).isEqualTo("138****0109");
        assertThat(replaced.path("reason").asText()).isEqualTo("原班主任调往县城任教");
        assertThat(eventTypes(caseId)).endsWith("TrioMemberReplaced", "VisitLogged");
    }

    @Test
    void a_relapse_during_the_watch_period_starts_a_new_episode_on_the_same_case() {
        String caseId = persuadingCase("2026-09-01");
        accepted(caseId, "/visits", ApiData.visit("2026-09-15"));
        accepted(caseId, "/return", ApiData.returnToSchool("2026-09-20"));
        accepted(caseId, "/relapses", ApiData.relapse("2026-10-08"));
        JsonNode relapse = lastEvent(caseId).path("data");
        assertThat(relapse.path("episode").asInt()).isEqualTo(2);
        assertThat(relapse.path("resumedStatus").asText()).isEqualTo("PERSUADING");

        accepted(caseId, "/visits", ApiData.visit("2026-10-10"));
        accepted(caseId, "/return", ApiData.returnToSchool("2026-10-20"));
        JsonNode returned = lastEvent(caseId).path("data");
        assertThat(returned.path("episode").asInt()).isEqualTo(2);
        assertThat(returned.path("watchPeriodEndsOn").asText()).isEqualTo("2027-03-15");
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "DropoutConfirmed", "TrioAssigned",
                "VisitLogged", "StudentReturnedToSchool", "RelapseRecorded", "VisitLogged",
                "StudentReturnedToSchool");

        // The watch period of the second return is not over yet.
        Response early = rejectedWithoutEffect(caseId,
                () -> post(caseId, "/cross-off", ApiData.crossOff(ApiData.today().toString())));
        assertError(early, 422, "WATCH_PERIOD_NOT_OVER", "crossedOffOn");
    }

    @Test
    void a_case_is_closed_for_a_special_situation_with_evidence() {
        String caseId = persuadingCase("2026-09-10");
        accepted(caseId, "/close", ApiData.close("2026-10-30", "ABROAD"));

        JsonNode closed = lastEvent(caseId);
        assertThat(closed.path("type").asText()).isEqualTo("CaseClosed");
        assertThat(closed.path("data").path("category").asText()).isEqualTo("ABROAD");
        assertThat(closed.path("data").path("closedOn").asText()).isEqualTo("2026-10-30");
        assertThat(closed.path("data").path("evidence").get(0).path("kind").asText()).isEqualTo("EXIT_ENTRY_RECORD");
    }

    @Test
    void every_event_records_who_recorded_it_from_which_channel_and_request() {
        Response identified = api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"), Actor.VILLAGE,
                                       Map.of("X-Client-Channel", "mobile", "X-Request-Id", "req-identify-0001"));
        assertThat(identified.status()).isEqualTo(201);
        assertThat(identified.body().path("requestId").asText()).isEqualTo("req-identify-0001");
        String caseId = identified.caseId();
        Response confirmed = api.post(path(caseId, "/verification/confirm"), ApiData.confirm("2026-09-15"),
                                      Actor.TOWN, Map.of("X-Client-Channel", " WEB "));
        assertThat(confirmed.status()).isEqualTo(200);
        String generatedRequestId = confirmed.body().path("requestId").asText();
        assertThat(generatedRequestId).isNotBlank();
        assertThat(api.post(path(caseId, "/trio"), ApiData.trio("2026-09-16"), Actor.COUNTY,
                            Map.of("X-Client-Channel", "carrier-pigeon")).status()).isEqualTo(200);

        JsonNode events = events(caseId);
        JsonNode byVillage = events.get(0).path("recordedBy");
        assertThat(byVillage.path("actorId").asText()).isEqualTo(Actor.VILLAGE.userId());
        assertThat(byVillage.path("actorRole").asText()).isEqualTo("VILLAGE");
        assertThat(byVillage.path("actorUnit").asText()).isEqualTo(Actor.VILLAGE.unit());
        assertThat(byVillage.path("channel").asText()).isEqualTo("mobile");
        assertThat(byVillage.path("requestId").asText()).isEqualTo("req-identify-0001");
        assertThat(byVillage.path("origin").asText()).isNotBlank();

        JsonNode byTown = events.get(1).path("recordedBy");
        assertThat(byTown.path("actorId").asText()).isEqualTo(Actor.TOWN.userId());
        assertThat(byTown.path("actorRole").asText()).isEqualTo("TOWN");
        assertThat(byTown.path("actorUnit").asText()).isEqualTo(Actor.TOWN.unit());
        assertThat(byTown.path("channel").asText()).isEqualTo("web");
        assertThat(byTown.path("requestId").asText()).isEqualTo(generatedRequestId);

        JsonNode byCounty = events.get(2).path("recordedBy");
        assertThat(byCounty.path("actorRole").asText()).isEqualTo("COUNTY");
        assertThat(byCounty.path("channel").asText()).as("unknown channels are recorded as api").isEqualTo("api");
    }

    /** A wrong return date is corrected by the town: a step of its own, with who and why; the village may not. */
    @Test
    void a_wrong_return_date_is_corrected_by_a_step_of_its_own() {
        String caseId = persuadingCase("2026-09-01");
        accepted(caseId, "/return", ApiData.returnToSchool("2026-10-20"));

        Response byVillage = api.post(path(caseId, "/corrections/date"), ApiData.correctDate(3, "2026-10-15"),
                                      Actor.VILLAGE);
        assertThat(byVillage.status()).isEqualTo(403);
        assertThat(byVillage.body().path("code").asText()).isEqualTo("ROLE_NOT_PERMITTED");
        Response beforeTrio = post(caseId, "/corrections/date", ApiData.correctDate(3, "2026-09-05"));
        assertThat(beforeTrio.status()).isEqualTo(422);
        assertThat(beforeTrio.body().path("code").asText()).isEqualTo("CORRECTED_DATE_OUT_OF_ORDER");
        assertThat(beforeTrio.body().path("message").asText()).contains("2026-09-05", "2026-09-11");

        accepted(caseId, "/corrections/date", ApiData.correctDate(3, "2026-10-15"));
        JsonNode events = events(caseId);
        assertThat(eventTypes(caseId)).containsExactly("CaseIdentified", "DropoutConfirmed", "TrioAssigned",
                "StudentReturnedToSchool", "StepDateCorrected");
        assertThat(events.get(3).path("data").path("returnedOn").asText()).as("the step as recorded")
                .isEqualTo("2026-10-20");
        JsonNode correction = events.get(4);
        assertThat(correction.path("data").path("correctedSequence").asLong()).isEqualTo(3);
        assertThat(correction.path("data").path("previousDate").asText()).isEqualTo("2026-10-20");
        assertThat(correction.path("data").path("correctedDate").asText()).isEqualTo("2026-10-15");
        assertThat(correction.path("data").path("watchPeriodEndsOn").asText()).isEqualTo("2027-03-15");
        assertThat(correction.path("recordedBy").path("actorRole").asText()).isEqualTo("TOWN");
    }
}
