package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.spreadsheet.SheetReader;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lists pushed down by the platform through the API: the template filled in and uploaded, each row opening a case,
 * recorded on the student's open case or refused with its row, column and reason; the same list again changes
 * nothing; a list cut short (a crash) completed by uploading it again; jurisdiction row by row; who may upload; limits.
 */
class PushedListApiTest extends ApiTestBase {

    private static final String LISTS = "/api/intake/lists";
    private static final String HEADER = "姓名,身份证号,全国学籍号,性别,户籍所在村代码,户籍详细地址,原就读学校标识码,原就读学校,原就读年级,下发日期,疑似辍学原因,备注\n";
    private static final Actor OTHER_TOWN_CLERK = new Actor("town-clerk-106", "TOWN", "430181106");

    private static String reportedOn() {
        return ApiData.today().minusDays(2).toString();
    }

    private static String row(ApiData.Student student, String village, String date) {
        return student.name() + "," + student.idNumber() + ",,," + village + ",,,,," + date + ",,\n";
    }

    private Response upload(byte[] content, String fileName, String batch, Actor actor) {
        String boundary = "----kcbx" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        if (batch != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"batch\"\r\n\r\n" + batch
                    + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return api.send(HttpMethod.POST, LISTS, body.toByteArray(), "multipart/form-data; boundary=" + boundary,
                        api.headers(actor));
    }

    private JsonNode uploadAndWait(byte[] content, String fileName, String batch, Actor actor) {
        Response accepted = upload(content, fileName, batch, actor);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String jobId = accepted.body().path("id").asText();
        long deadline = System.currentTimeMillis() + 120_000;
        while (true) {
            JsonNode job = api.get(LISTS + "/" + jobId, actor).body();
            if (job.path("state").asText().equals("DONE") || job.path("state").asText().equals("FAILED")) {
                assertThat(job.path("state").asText()).as("%s", job).isEqualTo("DONE");
                assertThat(job.path("processed").asInt()).isEqualTo(job.path("total").asInt());
                assertThat(job.path("percent").asInt()).isEqualTo(100);
                return job;
            }
            assertThat(System.currentTimeMillis()).as("list import finished in time").isLessThan(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> refusedRows(JsonNode job) {
        return StreamSupport.stream(job.path("refusedRows").spliterator(), false)
                            .map(p -> p.path("row").asInt() + " " + p.path("column").asText() + " "
                                    + p.path("code").asText()).toList();
    }

    private static byte[] csv(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theTemplateFilledIn_opensCases_recordsAnOpenOneAgain_reportsBadRows_andTheSameFileAgainChangesNothing()
            throws IOException {
        ApiData.Student alreadyOpen = ApiData.newStudent();
        String openCase = identify(alreadyOpen, IDENTIFIED_ON);
        ApiData.Student fresh = ApiData.newStudent();
        ApiData.Student wrongCheck = ApiData.newStudent();

        byte[] template = api.download(LISTS + "/template.xlsx", Actor.TOWN);
        List<String> headers = SheetReader.xlsx(template, 2, 64).rows().get(0);
        ByteArrayOutputStream filled = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(filled, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("疑似辍学名单");
        for (int c = 0; c < headers.size(); c++) {
            sheet.value(0, c, headers.get(c));
        }
        String[][] rows = {
                {fresh.name(), fresh.idNumber(), "2143000001", "青禾乡中心小学", "五年级"},
                {alreadyOpen.name(), alreadyOpen.idNumber(), "", "", ""},
                {wrongCheck.name(), ApiData.withWrongCheckCharacter(wrongCheck.idNumber()), "", "", ""}};
        for (int r = 0; r < rows.length; r++) {
            sheet.value(r + 1, headers.indexOf("姓名*"), rows[r][0]);
            sheet.value(r + 1, headers.indexOf("身份证号"), rows[r][1]);
            sheet.value(r + 1, headers.indexOf("户籍所在村代码*"), ApiData.VILLAGE_CODE);
            sheet.value(r + 1, headers.indexOf("原就读学校标识码"), rows[r][2]);
            sheet.value(r + 1, headers.indexOf("原就读学校"), rows[r][3]);
            sheet.value(r + 1, headers.indexOf("原就读年级"), rows[r][4]);
            sheet.value(r + 1, headers.indexOf("下发日期*"), reportedOn());
        }
        workbook.finish();
        byte[] file = filled.toByteArray();
        String batch = "2026年秋季学期第1批-" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode job = uploadAndWait(file, "青禾乡比对名单.xlsx", batch, Actor.TOWN);

        assertThat(job.path("total").asInt()).isEqualTo(3);
        assertThat(job.path("opened").asInt()).isEqualTo(1);
        assertThat(job.path("reportedAgain").asInt()).isEqualTo(1);
        assertThat(job.path("refused").asInt()).isEqualTo(1);
        assertThat(refusedRows(job)).containsExactly("4 身份证号 ID_NUMBER_CHECK_CHARACTER");
        assertThat(job.path("refusedRows").get(0).path("message").asText()).contains("校验位");
        // The open case shows the platform pushed the child again, with the batch; no second case was opened.
        List<String> types = eventTypes(openCase);
        assertThat(types).last().isEqualTo("CaseReportedAgain");
        JsonNode again = lastEvent(openCase);
        assertThat(again.path("data").path("batch").asText()).isEqualTo(batch);
        assertThat(again.path("data").path("source").asText()).isEqualTo("PLATFORM_COMPARISON");
        assertThat(again.path("data").path("reportedOn").asText()).isEqualTo(reportedOn());
        assertThat(again.path("recordedBy").path("channel").asText()).isEqualTo("import");

        byte[] result = api.download(job.path("resultFile").asText(), Actor.TOWN);
        List<List<String>> resultRows = SheetReader.xlsx(result, 10, 64).rows();
        assertThat(resultRows.get(0)).endsWith("导入结果", "案件编号");
        int resultColumn = resultRows.get(0).indexOf("导入结果");
        assertThat(resultRows.get(1).get(resultColumn)).contains("已登记为新案件");
        String newCase = resultRows.get(1).get(resultColumn + 1);
        assertThat(resultRows.get(2).get(resultColumn)).contains("再次下发");
        assertThat(resultRows.get(2).get(resultColumn + 1)).isEqualTo(openCase);
        assertThat(resultRows.get(3).get(resultColumn)).startsWith("未导入").contains("［身份证号］", "校验位");
        assertThat(resultRows.get(1).get(1)).isEqualTo(fresh.idNumber()); // the rows as uploaded
        JsonNode identified = events(newCase).get(0);
        assertThat(identified.path("type").asText()).isEqualTo("CaseIdentified");
        assertThat(identified.path("data").path("source").asText()).isEqualTo("PLATFORM_COMPARISON");

        String openCaseBefore = events(openCase).toString();
        String newCaseBefore = events(newCase).toString();
        JsonNode second = uploadAndWait(file, "青禾乡比对名单.xlsx", batch, Actor.TOWN);

        assertThat(second.path("opened").asInt()).isZero();
        assertThat(second.path("reportedAgain").asInt()).isZero();
        assertThat(second.path("unchanged").asInt()).isEqualTo(2);
        assertThat(second.path("refused").asInt()).isEqualTo(1);
        assertThat(events(openCase).toString()).isEqualTo(openCaseBefore);
        assertThat(events(newCase).toString()).isEqualTo(newCaseBefore);
    }

    @Test
    void aListCutShort_isCompletedByUploadingItAgain_withoutDuplicates() {
        List<ApiData.Student> students = List.of(ApiData.newStudent(), ApiData.newStudent(), ApiData.newStudent(),
                                                 ApiData.newStudent());
        StringBuilder all = new StringBuilder(HEADER);
        StringBuilder firstTwo = new StringBuilder(HEADER);
        for (int i = 0; i < students.size(); i++) {
            String row = row(students.get(i), ApiData.VILLAGE_CODE, reportedOn());
            all.append(row);
            if (i < 2) {
                firstTwo.append(row);
            }
        }
        String batch = "第2批-" + UUID.randomUUID().toString().substring(0, 8);
        // What a crash after two rows leaves behind: those two stored.
        assertThat(uploadAndWait(csv(firstTwo.toString()), "名单.csv", batch, Actor.COUNTY).path("opened").asInt())
                .isEqualTo(2);

        JsonNode whole = uploadAndWait(csv(all.toString()), "名单.csv", batch, Actor.COUNTY);

        assertThat(whole.path("unchanged").asInt()).isEqualTo(2);
        assertThat(whole.path("opened").asInt()).isEqualTo(2);
        assertThat(whole.path("refused").asInt()).isZero();
    }

    @Test
    void rowsOutsideTheUploadersJurisdiction_orRefusedByTheCaseRules_areRefusedRowByRow() {
        ApiData.Student good = ApiData.newStudent();
        ApiData.Student otherTown = ApiData.newStudent();
        ApiData.Student future = ApiData.newStudent();
        ApiData.Student duplicate = ApiData.newStudent();
        ApiData.Student openElsewhere = ApiData.newStudent();
        // The same child already open in another town (as that town registered it).
        com.fasterxml.jackson.databind.node.ObjectNode inOtherTown = ApiData.identify(openElsewhere, IDENTIFIED_ON);
        ((com.fasterxml.jackson.databind.node.ObjectNode) inOtherTown.path("household"))
                .put("village", ApiData.OTHER_TOWN_VILLAGE_CODE);
        Response openedElsewhere = api.post(CASES, inOtherTown, OTHER_TOWN_CLERK);
        assertThat(openedElsewhere.status()).as("%s", openedElsewhere).isEqualTo(201);
        ApiData.Student openHere = ApiData.newStudent();
        identify(openHere, IDENTIFIED_ON);
        String grownUp = ApiData.idNumber("430181", LocalDate.of(2004, 3, 1), 21);

        String file = HEADER
                + row(good, ApiData.VILLAGE_CODE, reportedOn())                                  // 2 opened
                + row(otherTown, ApiData.OTHER_TOWN_VILLAGE_CODE, reportedOn())                  // 3 not this town's
                + row(future, ApiData.VILLAGE_CODE, ApiData.future())                            // 4 in the future
                + row(duplicate, ApiData.VILLAGE_CODE, reportedOn())                             // 5 opened
                + row(duplicate, ApiData.VILLAGE_CODE, reportedOn())                             // 6 twice in the file
                + row(openElsewhere, ApiData.VILLAGE_CODE, reportedOn())                         // 7 open elsewhere
                + "成年人," + grownUp + ",,,430181105203,,,,," + reportedOn() + ",,\n"          // 8 over age
                + row(openHere, ApiData.VILLAGE_CODE, "2026-08-01");                             // 9 before its case

        JsonNode job = uploadAndWait(csv(file), "名单.csv", "第3批-" + UUID.randomUUID(), Actor.TOWN);

        assertThat(job.path("opened").asInt()).isEqualTo(2);
        assertThat(refusedRows(job)).containsExactly(
                "3 户籍所在村代码 OUT_OF_JURISDICTION",
                "4 下发日期 DATE_IN_FUTURE",
                "6 身份证号 DUPLICATE_ROW_IN_FILE",
                "7 身份证号 DUPLICATE_OPEN_CASE",
                "8 身份证号 AGE_OUT_OF_COMPULSORY_RANGE",
                "9 下发日期 DATE_BEFORE_IDENTIFICATION");
        assertThat(job.path("refusedRows")).allSatisfy(p -> assertThat(p.path("message").asText())
                .containsPattern("\\p{IsHan}"));
        // The child open in another town: its case is not named to this town.
        JsonNode openElsewhereRow = job.path("refusedRows").get(3);
        assertThat(openElsewhereRow.path("message").asText()).doesNotContain(openedElsewhere.caseId())
                                                             .contains("县（市、区）教育局");
    }

    @Test
    void aVillageTheDirectoryDoesNotList_andAStudentOfTheBatchSentAgainWithOtherContent_areRefused() {
        Actor clerk = new Actor("kcb.430197", "COUNTY", "430197");
        Response directory = api.send(HttpMethod.POST, "/api/directory/430197/import?fileName=目录.csv",
                "单位类别,代码,名称\n县,430197,另一测试县\n乡镇,430197100,东镇\n村（社区）,430197100201,东村\n",
                "text/csv;charset=UTF-8", api.headers(clerk));
        assertThat(directory.status()).as("%s", directory).isEqualTo(200);
        ApiData.Student listed = ApiData.newStudent();
        ApiData.Student unlisted = ApiData.newStudent();
        String batch = "第4批-" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode first = uploadAndWait(csv(HEADER + row(listed, "430197100201", reportedOn())
                + row(unlisted, "430197100299", reportedOn())), "名单.csv", batch, clerk);

        assertThat(first.path("opened").asInt()).isEqualTo(1);
        assertThat(refusedRows(first)).containsExactly("3 户籍所在村代码 UNIT_NOT_IN_DIRECTORY");
        assertThat(first.path("refusedRows").get(0).path("message").asText()).contains("430197100299");

        // The same batch names the child again with another date: not stored twice, and said so.
        JsonNode changed = uploadAndWait(csv(HEADER + row(listed, "430197100201",
                ApiData.today().minusDays(3).toString())), "名单.csv", batch, clerk);
        assertThat(refusedRows(changed)).containsExactly("2 身份证号 ALREADY_IMPORTED_DIFFERENTLY");
        assertThat(changed.path("refusedRows").get(0).path("message").asText()).contains(batch, "未重复登记");
    }

    @Test
    void onlyCountyAndTownAccountsUpload_andOnlyTheUploaderSeesTheJob() {
        byte[] file = csv(HEADER + row(ApiData.newStudent(), ApiData.VILLAGE_CODE, reportedOn()));
        for (Actor actor : new Actor[] {Actor.VILLAGE, Actor.SCHOOL}) {
            Response refused = upload(file, "名单.csv", null, actor);
            assertError(refused, 403, "ROLE_NOT_PERMITTED", null);
            assertThat(refused.message()).contains("县教育局或乡镇");
        }
        Response accepted = upload(file, "名单.csv", null, Actor.TOWN);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().path("batch").asText()).isEqualTo("名单"); // the file name, without extension
        String jobId = accepted.body().path("id").asText();
        assertError(api.get(LISTS + "/" + jobId, Actor.COUNTY), 404, "LIST_IMPORT_NOT_FOUND", "jobId");
        assertThat(StreamSupport.stream(api.get(LISTS, Actor.TOWN).body().spliterator(), false)
                                .map(j -> j.path("id").asText())).contains(jobId);
    }

    @Test
    void aFileTooLarge_tooLong_orWithoutTheColumns_isRefusedWholeWithAStableCode() {
        Response tooLarge = upload(new byte[5 * 1024 * 1024 + 100], "名单.csv", null, Actor.COUNTY);
        assertError(tooLarge, 413, "FILE_TOO_LARGE", "file");

        StringBuilder tooLong = new StringBuilder(HEADER);
        String row = row(ApiData.newStudent(), ApiData.VILLAGE_CODE, reportedOn());
        for (int i = 0; i <= 10_000; i++) {
            tooLong.append(row);
        }
        assertError(upload(csv(tooLong.toString()), "名单.csv", null, Actor.COUNTY), 413, "FILE_TOO_MANY_ROWS",
                    "file");
        assertError(upload(csv("姓名,下发日期\n林小禾,2026-09-15\n"), "名单.csv", null, Actor.COUNTY), 422,
                    "FILE_COLUMNS_MISSING", "file");
        assertError(upload(csv("x"), "名单.pdf", null, Actor.COUNTY), 400, "FILE_FORMAT_UNSUPPORTED", "file");
        assertThat(api.get(LISTS, Actor.COUNTY).body().size()).as("nothing queued").isZero();
    }
}
