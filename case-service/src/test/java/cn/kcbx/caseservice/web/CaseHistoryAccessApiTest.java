package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/cases/{id}/events answers only users whose jurisdiction covers the case (its household's village, town and
 * county, its last school and a school the student returned to), and shows personal identifiers masked.
 */
class CaseHistoryAccessApiTest extends ApiTestBase {

    private static final Actor OTHER_VILLAGE = new Actor("he.xiaoyun", "VILLAGE", "430181105204");
    private static final Actor OTHER_TOWN = new Actor("town-clerk-08", "TOWN", "430181106");
    private static final Actor OTHER_COUNTY = new Actor("qx.kcb", "COUNTY", "439921");
    private static final Actor OTHER_SCHOOL = new Actor("teacher.other", "SCHOOL", "2143000099");
    private static final Actor RETURN_SCHOOL = new Actor("teacher.return", "SCHOOL", "2143000002");
    private static final Actor ADMIN = new Actor("sysadmin", "ADMIN", "430181");

    @Test
    void the_case_units_read_the_record_and_everyone_else_gets_403() {
        String caseId = persuadingCase("2026-09-10");

        for (Actor allowed : new Actor[] {Actor.VILLAGE, Actor.TOWN, Actor.COUNTY, Actor.SCHOOL}) {
            Response response = api.get(path(caseId, "/events"), allowed);
            assertThat(response.status()).as("%s → %s", allowed, response).isEqualTo(200);
            assertThat(response.body().get(0).path("type").asText()).isEqualTo("CaseIdentified");
        }
        for (Actor refused : new Actor[] {OTHER_VILLAGE, OTHER_TOWN, OTHER_COUNTY, OTHER_SCHOOL, RETURN_SCHOOL,
                                          ADMIN}) {
            Response response = api.get(path(caseId, "/events"), refused);
            assertThat(response.status()).as("%s → %s", refused, response).isEqualTo(403);
            assertThat(response.code()).isEqualTo("OUT_OF_JURISDICTION");
            assertThat(response.message()).matches(".*\\p{IsHan}.*");
            assertThat(response.raw()).doesNotContain("CaseIdentified");
        }
        assertThat(api.get(path(caseId, "/events"), ADMIN).message()).contains("系统管理员");
    }

    @Test
    void the_school_a_student_returned_to_may_read_the_record() {
        String caseId = persuadingCase("2026-09-10");
        assertThat(api.get(path(caseId, "/events"), RETURN_SCHOOL).status()).isEqualTo(403);

        ObjectNode back = ApiData.returnToSchool("2026-09-25");
        back.put("schoolName", "青禾乡第二小学").put("schoolCode", RETURN_SCHOOL.unit());
        accepted(caseId, "/return", back);

        assertThat(api.get(path(caseId, "/events"), RETURN_SCHOOL).status()).isEqualTo(200);
        assertThat(api.get(path(caseId, "/events"), Actor.SCHOOL).status()).isEqualTo(200);
        assertThat(api.get(path(caseId, "/events"), OTHER_SCHOOL).status()).isEqualTo(403);
    }

    @Test
    void personal_identifiers_are_masked() {
        ApiData.Student student = ApiData.newStudent();
        ObjectNode identify = ApiData.identify(student, "2026-09-10");
        String studentNumber = "G" + student.idNumber();
        ((ObjectNode) identify.get("student")).put("studentNumber", studentNumber);
        Response created = api.post(CASES, identify, Actor.VILLAGE);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String caseId = created.caseId();
        accepted(caseId, "/verification/confirm", ApiData.confirm("2026-09-12"));
        accepted(caseId, "/trio", ApiData.trio("2026-09-12"));

        Response response = api.get(path(caseId, "/events"), Actor.TOWN);
        assertThat(response.status()).isEqualTo(200);
        JsonNode student0 = response.body().get(0).path("data").path("student");
        String id = student.idNumber();
        assertThat(student0.path("idNumber").asText()).isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
        assertThat(student0.path("studentNumber").asText())
                .isEqualTo("G" + id.substring(0, 4) + "**********" + id.substring(14));
        assertThat(student0.path("name").asText()).isEqualTo(student.name());
        JsonNode trio = response.body().get(2).path("data");
        assertThat(trio.path("teacher").path("phone").asText()).isEqualTo("138****0101");
        assertThat(trio.path("villageCadre").path("phone").asText()).isEqualTo("139****0202");
        assertThat(trio.path("guardian").path("phone").asText()).isEqualTo("137****0303");
        assertThat(response.raw()).doesNotContain(id, "13800000101", "13900000202", "13700000303");
    }
}
