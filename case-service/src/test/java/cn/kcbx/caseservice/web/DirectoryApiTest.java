package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unit directory through the API, on its own fictional county 430199 (测试县), so that no other test's codes are
 * checked against it: import from .csv, download as .xlsx and import that again (nothing changes), a bad file refused
 * with every bad row, cases and accounts refused for units the directory does not list.
 */
class DirectoryApiTest extends ApiTestBase {

    private static final String COUNTY = "430199";
    private static final String DIRECTORY = "/api/directory/" + COUNTY;
    private static final Actor COUNTY_CLERK = new Actor("kcb.430199", "COUNTY", COUNTY);
    private static final Actor COUNTY_ADMIN = new Actor("admin.430199", "ADMIN", COUNTY);
    private static final Actor TOWN_CLERK = new Actor("town.430199100", "TOWN", "430199100");
    private static final Actor OTHER_COUNTY = Actor.COUNTY;
    private static final String LISTED_VILLAGE = "430199100201";
    private static final String LISTED_SCHOOL = "2143990001";

    private static final String GOOD_FILE = """
            单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号
            县,430199,测试县,,,,
            村（社区）,430199100201,东岭村,,,,
            村（社区）,430199100202,西岭村,,,,
            乡镇,430199100,岭下镇,,,,
            乡镇,430199101,云台乡,,,,
            学校,2143990001,岭下镇中心小学,430199100,小学,公办,有
            """;

    private Response importCsv(String csv, Actor actor) {
        Map<String, String> headers = api.headers(actor);
        return api.send(HttpMethod.POST, DIRECTORY + "/import?fileName=" + "单位目录.csv", csv,
                        "text/csv;charset=UTF-8", headers);
    }

    private Response importXlsx(byte[] xlsx, Actor actor) {
        return api.send(HttpMethod.POST, DIRECTORY + "/import?fileName=directory.xlsx", xlsx,
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", api.headers(actor));
    }

    private void imported() {
        Response response = importCsv(GOOD_FILE, COUNTY_CLERK);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    @Test
    void aCountyImportsItsDirectory_andItsOwnDownloadImportedAgainChangesNothing() {
        imported();
        JsonNode directory = api.get(DIRECTORY, TOWN_CLERK).body();
        assertThat(directory.path("countyName").asText()).isEqualTo("测试县");
        assertThat(directory.path("empty").asBoolean()).isFalse();
        assertThat(directory.path("towns").asInt()).isEqualTo(2);
        JsonNode school = StreamSupport.stream(directory.path("units").spliterator(), false)
                                       .filter(unit -> unit.path("code").asText().equals(LISTED_SCHOOL))
                                       .findFirst().orElseThrow();
        assertThat(school.path("townName").asText()).isEqualTo("岭下镇");
        assertThat(school.path("stageLabel").asText()).isEqualTo("小学");

        byte[] xlsx = api.download(DIRECTORY + "/template.xlsx", COUNTY_CLERK);
        Response again = importXlsx(xlsx, COUNTY_CLERK);

        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.body().path("added").asInt()).isZero();
        assertThat(again.body().path("changed").asInt()).isZero();
        assertThat(again.body().path("message").asText()).contains("没有变化");
    }

    @Test
    void aCountySizedFile_largerThanOneCommandMayStore_isImportedWhole_andAgainChangesNothing() {
        StringBuilder csv = new StringBuilder("单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号\n");
        for (int v = 0; v < 70; v++) {
            csv.append("村（社区）,430199103").append(200 + v).append(",第").append(v + 1).append("村,,,,\n");
        }
        csv.append("乡镇,430199103,大山乡,,,,\n");

        Response first = importCsv(csv.toString(), COUNTY_CLERK);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.body().path("added").asInt()).isEqualTo(71);
        Response again = importCsv(csv.toString(), COUNTY_CLERK);
        assertThat(again.body().path("added").asInt()).isZero();
        assertThat(again.body().path("changed").asInt()).isZero();

        // The town merges into another: it and its 70 villages retired by one file, the town's row first.
        StringBuilder merged = new StringBuilder("单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号,撤销日期,撤销原因\n");
        merged.append("乡镇,430199103,大山乡,,,,,2026-11-01,并入岭下镇\n");
        for (int v = 0; v < 70; v++) {
            merged.append("村（社区）,430199103").append(200 + v).append(",第").append(v + 1)
                  .append("村,,,,,2026-11-01,随大山乡并入岭下镇\n");
        }
        Response retired = importCsv(merged.toString(), COUNTY_CLERK);
        assertThat(retired.status()).as("%s", retired).isEqualTo(200);
        assertThat(retired.body().path("retired").asInt()).isEqualTo(71);
    }

    @Test
    void aBadFile_isRefusedWhole_withTheRowColumnAndReasonOfEveryBadRow() {
        imported();
        String before = api.get(DIRECTORY, COUNTY_CLERK).raw();
        String bad = """
                单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号
                村（社区）,430199100203,南岭村,,,,
                小组,430199100204,北岭村,,,,
                村（社区）,43019910020,短码村,,,,
                村（社区）,430199102201,无主村,,,,
                学校,2143990002,云台乡中学,430199101,高中,公办,有
                村（社区）,430199100203,南岭村（重复）,,,,
                """;

        Response response = importCsv(bad, COUNTY_CLERK);

        assertThat(response.status()).as("%s", response).isEqualTo(422);
        assertThat(response.body().path("code").asText()).isEqualTo("DIRECTORY_FILE_INVALID");
        assertThat(response.body().path("message").asText()).contains("5 行有误", "未导入任何内容");
        List<String> problems = StreamSupport.stream(response.body().path("problems").spliterator(), false)
                                             .map(p -> p.path("row").asInt() + " " + p.path("column").asText() + " "
                                                     + p.path("code").asText()).toList();
        assertThat(problems).containsExactly("3 单位类别 UNIT_KIND_UNKNOWN", "4 代码 DIVISION_CODE_LENGTH",
                                             "5 代码 TOWN_NOT_IN_DIRECTORY", "6 学段 VALUE_NOT_ALLOWED",
                                             "7 代码 DUPLICATE_UNIT_ROW");
        assertThat(api.get(DIRECTORY, COUNTY_CLERK).raw()).isEqualTo(before);
    }

    @Test
    void onlyTheCountyAndItsAdministratorKeepTheDirectory() {
        imported();
        assertThat(importCsv(GOOD_FILE, TOWN_CLERK).body().path("code").asText()).isEqualTo("ROLE_NOT_PERMITTED");
        Response otherCounty = importCsv(GOOD_FILE, OTHER_COUNTY);
        assertThat(otherCounty.status()).isEqualTo(403);
        assertThat(otherCounty.body().path("code").asText()).isEqualTo("OUT_OF_JURISDICTION");
        assertThat(importCsv(GOOD_FILE, COUNTY_ADMIN).status()).isEqualTo(200);
    }

    @Test
    void aCaseInAVillageOrWithASchoolTheDirectoryDoesNotList_isRefusedNamingTheCode() {
        imported();
        ApiData.Student student = ApiData.newStudent();

        Response unknownVillage = api.post(CASES, identify(student, "430199102201", LISTED_SCHOOL), COUNTY_CLERK);
        assertThat(unknownVillage.status()).as("%s", unknownVillage).isEqualTo(422);
        assertThat(unknownVillage.body().path("code").asText()).isEqualTo("UNIT_NOT_IN_DIRECTORY");
        assertThat(unknownVillage.body().path("field").asText()).isEqualTo("household.village");
        assertThat(unknownVillage.body().path("message").asText()).contains("430199102201", "测试县");

        Response unknownSchool = api.post(CASES, identify(student, LISTED_VILLAGE, "2143990099"), COUNTY_CLERK);
        assertThat(unknownSchool.status()).as("%s", unknownSchool).isEqualTo(422);
        assertThat(unknownSchool.body().path("field").asText()).isEqualTo("lastSchool.schoolCode");

        // the refusals left no claim on the student: the corrected case opens
        Response listed = api.post(CASES, identify(student, LISTED_VILLAGE, LISTED_SCHOOL), COUNTY_CLERK);
        assertThat(listed.status()).as("%s", listed).isEqualTo(201);
    }

    @Test
    void accountsAreBoundOnlyToUnitsTheDirectoryLists() {
        imported();
        Response unlisted = api.post("/api/admin/accounts", Map.of("username", "cun.430199100299",
                "displayName", "无此村", "role", "VILLAGE", "unit", "430199100299"), COUNTY_ADMIN);
        assertThat(unlisted.status()).as("%s", unlisted).isEqualTo(422);
        assertThat(unlisted.body().path("code").asText()).isEqualTo("UNIT_NOT_IN_DIRECTORY");

        Response listed = api.post("/api/admin/accounts", Map.of("username", "cun.430199100201",
                "displayName", "东岭村专干", "role", "VILLAGE", "unit", LISTED_VILLAGE), COUNTY_ADMIN);
        assertThat(listed.status()).as("%s", listed).isEqualTo(201);
        assertThat(listed.body().path("account").path("unitName").asText()).isEqualTo("东岭村");
    }

    private static ObjectNode identify(ApiData.Student student, String village, String schoolCode) {
        ObjectNode body = ApiData.identify(student, IDENTIFIED_ON);
        ((ObjectNode) body.path("household")).put("village", village);
        ((ObjectNode) body.path("lastSchool")).put("schoolCode", schoolCode);
        return body;
    }
}
