package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may take which step, through the API: the case's own village, town, county and school may (each its own
 * steps), another unit gets 403 {@code OUT_OF_JURISDICTION}, a role that never takes the step 403
 * {@code ROLE_NOT_PERMITTED}, and a refused command stores nothing. Test cases live in village 430181105203 of town
 * 430181105 and last attended school 2143000001.
 */
class CaseJurisdictionApiTest extends ApiTestBase {

    static final Actor OTHER_VILLAGE = new Actor("cun.105204", "VILLAGE", "430181105204");
    static final Actor OTHER_TOWN = new Actor("town-clerk-06", "TOWN", "430181106");
    static final Actor OTHER_TOWN_VILLAGE = new Actor("cun.106201", "VILLAGE", ApiData.OTHER_TOWN_VILLAGE_CODE);
    static final Actor OTHER_COUNTY = new Actor("county.kcb.182", "COUNTY", "430182");
    static final Actor OTHER_SCHOOL = new Actor("teacher.2", "SCHOOL", "2143000002");
    static final Actor ADMIN = new Actor("sysadmin", "ADMIN", "430181");

    private Response visit(String caseId, Actor actor) {
        return api.post(path(caseId, "/visits"), ApiData.visit("2026-09-25"), actor);
    }

    @Test
    void the_cases_own_village_town_county_and_school_may_log_a_visit() {
        String caseId = caseIn(State.PERSUADING);
        for (Actor actor : List.of(Actor.VILLAGE, Actor.TOWN, Actor.COUNTY, Actor.SCHOOL)) {
            assertThat(visit(caseId, actor).status()).as("visit by %s", actor.role()).isEqualTo(200);
        }
        assertThat(eventTypes(caseId)).endsWith("VisitLogged", "VisitLogged", "VisitLogged", "VisitLogged");
    }

    @Test
    void another_village_town_county_or_school_gets_403_OUT_OF_JURISDICTION() {
        String caseId = caseIn(State.PERSUADING);
        for (Actor actor : List.of(OTHER_VILLAGE, OTHER_TOWN, OTHER_COUNTY, OTHER_SCHOOL)) {
            Response response = rejectedWithoutEffect(caseId, () -> visit(caseId, actor));
            assertError(response, 403, "OUT_OF_JURISDICTION", null);
            assertThat(response.message()).contains("无权");
        }
    }

    @Test
    void a_step_the_role_never_takes_gets_403_ROLE_NOT_PERMITTED_naming_role_and_step() {
        String caseId = caseIn(State.CONFIRMED);
        Response bySchool = rejectedWithoutEffect(caseId,
                () -> api.post(path(caseId, "/trio"), ApiData.trio(TRIO_ASSIGNED_ON), Actor.SCHOOL));
        assertError(bySchool, 403, "ROLE_NOT_PERMITTED", null);
        assertThat(bySchool.message()).contains("学校", "落实三帮一帮扶人");
        Response byVillage = rejectedWithoutEffect(caseId,
                () -> api.post(path(caseId, "/close"), ApiData.close("2026-09-10", "ABROAD"), Actor.VILLAGE));
        assertError(byVillage, 403, "ROLE_NOT_PERMITTED", null);
        assertThat(byVillage.message()).contains("村级", "结案");
    }

    @Test
    void the_system_administrator_gets_403_on_every_step() {
        String caseId = caseIn(State.PERSUADING);
        for (Endpoint endpoint : Endpoint.values()) {
            Response response = rejectedWithoutEffect(caseId,
                    () -> api.post(endpoint.path(caseId), endpoint.validBody(), ADMIN));
            assertError(response, 403, "ROLE_NOT_PERMITTED", null);
            assertThat(response.message()).as(endpoint.name()).contains("系统管理员");
        }
    }

    @Test
    void identification_is_for_the_childs_own_village_town_county_or_last_school() {
        assertThat(api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"), Actor.SCHOOL).status())
                .isEqualTo(201);
        assertThat(api.post(CASES, ApiData.identify(ApiData.newStudent(), "2026-09-10"), Actor.COUNTY).status())
                .isEqualTo(201);
        ApiData.Student student = ApiData.newStudent();
        for (Actor actor : List.of(OTHER_VILLAGE, OTHER_TOWN, OTHER_SCHOOL)) {
            assertError(api.post(CASES, ApiData.identify(student, "2026-09-10"), actor), 403, "OUT_OF_JURISDICTION",
                        null);
        }
        // Refused attempts hold no claim on the child: the right village registers the child at once.
        assertThat(api.post(CASES, ApiData.identify(student, "2026-09-10"), Actor.VILLAGE).status()).isEqualTo(201);
    }

    @Test
    void a_reopening_by_another_town_is_403() {
        String caseId = caseIn(State.CLOSED);
        assertError(rejectedWithoutEffect(caseId,
                () -> api.post(path(caseId, "/reopen"), ApiData.reopen("2026-10-01"), OTHER_TOWN)),
                    403, "OUT_OF_JURISDICTION", null);
        assertThat(post(caseId, "/reopen", ApiData.reopen("2026-10-01")).status()).isEqualTo(200);
    }

    @Test
    void after_a_transfer_the_sending_town_gets_403_and_the_receiving_town_may_act() {
        String caseId = caseIn(State.PERSUADING);
        assertError(rejectedWithoutEffect(caseId, () -> api.post(path(caseId, "/transfer"),
                ApiData.transfer("2026-09-20", ApiData.OTHER_TOWN_VILLAGE_CODE), Actor.VILLAGE)),
                    403, "ROLE_NOT_PERMITTED", null);

        Response transferred = api.post(path(caseId, "/transfer"),
                                        ApiData.transfer("2026-09-20", ApiData.OTHER_TOWN_VILLAGE_CODE), Actor.TOWN);
        assertThat(transferred.status()).as("%s", transferred).isEqualTo(200);
        JsonNode event = lastEvent(caseId);
        assertThat(event.path("type").asText()).isEqualTo("CaseTransferred");
        assertThat(event.path("data").path("fromVillage").asText()).isEqualTo(ApiData.VILLAGE_CODE);
        assertThat(event.path("data").path("toHousehold").path("village").asText())
                .isEqualTo(ApiData.OTHER_TOWN_VILLAGE_CODE);
        assertThat(event.path("data").path("kind").asText()).isEqualTo("HOUSEHOLD_MOVED");

        for (Actor sender : List.of(Actor.TOWN, Actor.VILLAGE)) {
            assertError(rejectedWithoutEffect(caseId, () -> visit(caseId, sender)), 403, "OUT_OF_JURISDICTION",
                        null);
        }
        assertThat(visit(caseId, OTHER_TOWN).status()).isEqualTo(200);
        assertThat(visit(caseId, OTHER_TOWN_VILLAGE).status()).isEqualTo(200);
        assertThat(api.post(path(caseId, "/legal/criticism"), ApiData.criticism("2026-09-26"), OTHER_TOWN).status())
                .isEqualTo(200);
    }

    @Test
    void a_transfer_to_where_the_case_already_is_or_of_a_closed_case_is_422() {
        String caseId = caseIn(State.PERSUADING);
        assertError(rejectedWithoutEffect(caseId, () -> post(caseId, "/transfer",
                ApiData.transfer("2026-09-20", ApiData.VILLAGE_CODE))), 422, "TRANSFER_TO_SAME_PLACE", null);
        String closed = caseIn(State.CLOSED);
        assertError(rejectedWithoutEffect(closed, () -> post(closed, "/transfer",
                ApiData.transfer("2026-09-20", ApiData.OTHER_TOWN_VILLAGE_CODE))), 422, "CASE_CLOSED", null);
    }

    @Test
    void after_an_enrolment_transfer_the_new_school_may_act_and_the_old_one_not() {
        String caseId = caseIn(State.PERSUADING);
        assertThat(post(caseId, "/transfer", ApiData.enrolmentTransfer("2026-09-20", "青禾乡第二小学", "2143000002"))
                           .status()).isEqualTo(200);
        assertError(rejectedWithoutEffect(caseId, () -> visit(caseId, Actor.SCHOOL)), 403, "OUT_OF_JURISDICTION",
                    null);
        assertThat(visit(caseId, OTHER_SCHOOL).status()).isEqualTo(200);
    }

    @Test
    void a_school_cannot_let_another_school_into_a_case_by_naming_it_on_a_return() {
        String caseId = caseIn(State.PERSUADING);
        ObjectNode toOtherSchool = ApiData.returnToSchool("2026-09-25").put("schoolName", "青禾乡第二小学")
                                          .put("schoolCode", OTHER_SCHOOL.unit());
        Response bySchool = rejectedWithoutEffect(caseId,
                () -> api.post(path(caseId, "/return"), toOtherSchool, Actor.SCHOOL));
        assertError(bySchool, 403, "RETURN_TO_OTHER_SCHOOL", null);
        assertThat(bySchool.message()).contains("本校", "乡镇");
        assertError(api.get(path(caseId, "/events"), OTHER_SCHOOL), 403, "OUT_OF_JURISDICTION", null);

        // The school records a return to itself; a return to another school is the town's entry.
        assertThat(api.post(path(caseId, "/return"), ApiData.returnToSchool("2026-09-25"), Actor.SCHOOL).status())
                .isEqualTo(200);
        String other = caseIn(State.PERSUADING);
        assertThat(api.post(path(other, "/return"), toOtherSchool, Actor.TOWN).status()).isEqualTo(200);
        assertThat(api.get(path(other, "/events"), OTHER_SCHOOL).status()).isEqualTo(200);
    }

    @Test
    void a_cases_history_is_read_only_by_its_own_units_and_after_a_transfer_by_the_receivers() {
        String caseId = caseIn(State.PERSUADING);
        for (Actor actor : List.of(Actor.VILLAGE, Actor.TOWN, Actor.SCHOOL)) {
            assertThat(api.get(path(caseId, "/events"), actor).status()).as("%s", actor.role()).isEqualTo(200);
        }
        for (Actor actor : List.of(OTHER_VILLAGE, OTHER_TOWN, OTHER_SCHOOL, ADMIN)) {
            assertError(api.get(path(caseId, "/events"), actor), 403, "OUT_OF_JURISDICTION", null);
        }
        assertThat(post(caseId, "/transfer", ApiData.transfer("2026-09-20", ApiData.OTHER_TOWN_VILLAGE_CODE))
                           .status()).isEqualTo(200);
        assertError(api.get(path(caseId, "/events"), Actor.TOWN), 403, "OUT_OF_JURISDICTION", null);
        assertThat(api.get(path(caseId, "/events"), OTHER_TOWN).status()).isEqualTo(200);
    }
}
