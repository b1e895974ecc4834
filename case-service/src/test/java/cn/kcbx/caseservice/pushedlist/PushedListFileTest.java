package cn.kcbx.caseservice.pushedlist;

import cn.kcbx.caseservice.spreadsheet.SheetReader;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.school.Grade;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a pushed list: the template's headers read back, each row's reason in Chinese with its row and column,
 * and the file-level refusals with their HTTP status. Every rejection reason the reader gives has its row here.
 */
class PushedListFileTest {

    private static final String BATCH = "2026年秋季第1批";
    private static final String HEADER = "姓名,身份证号,全国学籍号,性别,户籍所在村代码,户籍详细地址,原就读学校标识码,原就读学校,原就读年级,下发日期,疑似辍学原因,备注\n";
    /** Fictional, with correct check characters (GB 11643). */
    static final String BOY = "430181201405120372";
    static final String GIRL = "430181201303150423";

    private static PushedListFile.Read csv(String text) {
        return PushedListFile.read("名单.csv", text.getBytes(StandardCharsets.UTF_8), BATCH);
    }

    private static String problems(PushedListFile.ListRow row) {
        return String.join(" | ", row.problems().stream().map(p -> p.row() + " " + p.column() + " " + p.code()).toList());
    }

    @Test
    void fixtureIdNumbersAreValid() {
        assertThat(new cn.kcbx.kernel.student.IdNumber(BOY).sex()).isEqualTo(cn.kcbx.kernel.student.Sex.MALE);
        assertThat(new cn.kcbx.kernel.student.IdNumber(GIRL).sex()).isEqualTo(cn.kcbx.kernel.student.Sex.FEMALE);
    }

    @Test
    void aGoodRow_becomesAnIdentificationFromThePlatform_namingTheBatch() {
        PushedListFile.Read read = csv(HEADER + "林小禾," + BOY + ",,男,430181105203,青禾村三组,2143000001,青禾乡中心小学,五年级,2026-09-15,因贫,\n"
                + "苏若溪,," + "G" + GIRL + ",,430181105203,,,,,2026/9/15,,\n");

        assertThat(read.fileProblem()).isNull();
        assertThat(read.rows()).hasSize(2);
        assertThat(read.rows().get(0).problems()).isEmpty();
        IdentifyCase first = read.rows().get(0).identification();
        assertThat(first.source()).isEqualTo(IdentificationSource.PLATFORM_COMPARISON);
        assertThat(first.sourceNote()).isEqualTo("下发批次：" + BATCH);
        assertThat(first.identifiedOn()).isEqualTo(LocalDate.of(2026, 9, 15));
        assertThat(first.lastSchool().grade()).isEqualTo(Grade.GRADE_5);
        assertThat(first.suspectedReasons().primary()).isEqualTo(DropoutReason.POVERTY);
        assertThat(read.rows().get(0).row()).isEqualTo(2);
        IdentifyCase second = read.rows().get(1).identification();
        assertThat(second.student().studentKey()).isEqualTo(GIRL); // G + ID number: the same child
        assertThat(second.lastSchool()).isNull();
        assertThat(second.suspectedReasons().primary()).isEqualTo(DropoutReason.OTHER);
        assertThat(second.suspectedReasons().note()).isEqualTo("平台比对下发，原因待核实");
    }

    @Test
    void everyBadRow_isReportedWithItsRowColumnAndReason() {
        String wrongCheck = BOY.substring(0, 17) + (BOY.charAt(17) == '0' ? '1' : '0');
        PushedListFile.Read read = csv(HEADER
                + "," + BOY + ",,,430181105203,,,,,2026-09-15,,\n"                       // 2 name missing
                + "林小禾," + wrongCheck + ",,,430181105203,,,,,2026-09-15,,\n"            // 3 check character
                + "林小禾,4301812014051203,,,430181105203,,,,,2026-09-15,,\n"             // 4 ID too short
                + "林小禾,,X123,,430181105203,,,,,2026-09-15,,\n"                          // 5 bad 学籍号
                + "林小禾," + BOY + ",,女,430181105203,,,,,2026-09-15,,\n"                  // 6 sex mismatch
                + "林小禾," + BOY + ",,未知,430181105203,,,,,2026-09-15,,\n"                // 7 sex unknown
                + "林小禾," + BOY + ",,,,,,,,2026-09-15,,\n"                                // 8 village missing
                + "林小禾," + BOY + ",,,43018110520,,,,,2026-09-15,,\n"                     // 9 village code length
                + "林小禾," + BOY + ",,,430181105,,,,,2026-09-15,,\n"                       // 10 a town, not a village
                + "林小禾," + BOY + ",,,430181105203,,21430001,青禾乡中心小学,五年级,2026-09-15,,\n" // 11 school code
                + "林小禾," + BOY + ",,,430181105203,,2143000001,,五年级,2026-09-15,,\n"    // 12 school name missing
                + "林小禾," + BOY + ",,,430181105203,,,青禾乡中心小学,高一,2026-09-15,,\n"   // 13 grade unknown
                + "林小禾," + BOY + ",,,430181105203,,,,,,,\n"                              // 14 date missing
                + "林小禾," + BOY + ",,,430181105203,,,,,2026-02-30,,\n"                    // 15 date invalid
                + "林小禾," + BOY + ",,,430181105203,,,,,2026-09-15,不想上学,\n"             // 16 reason unknown
                + "林小禾," + BOY + ",,,430181105203,,,,,2026-09-15,其他,\n"                 // 17 其他 without a note
                + "林小禾,,,,430181105203,,,,,2026-09-15,,\n");                             // 18 no identifier

        assertThat(read.fileProblem()).isNull();
        assertThat(read.rows()).allMatch(row -> row.identification() == null && !row.problems().isEmpty());
        assertThat(read.rows().stream().map(PushedListFileTest::problems).toList()).containsExactly(
                "2 姓名 VALUE_REQUIRED",
                "3 身份证号 ID_NUMBER_CHECK_CHARACTER",
                "4 身份证号 ID_NUMBER_LENGTH",
                "5 全国学籍号 STUDENT_NUMBER_PREFIX",
                "6 性别 SEX_MISMATCH",
                "7 性别 VALUE_NOT_ALLOWED",
                "8 户籍所在村代码 VALUE_REQUIRED",
                "9 户籍所在村代码 DIVISION_CODE_LENGTH",
                "10 户籍所在村代码 LOCATION_NOT_VILLAGE",
                "11 原就读学校标识码 SCHOOL_CODE_INVALID",
                "12 原就读学校 VALUE_REQUIRED",
                "13 原就读年级 VALUE_NOT_ALLOWED",
                "14 下发日期 VALUE_REQUIRED",
                "15 下发日期 DATE_INVALID",
                "16 疑似辍学原因 VALUE_NOT_ALLOWED",
                "17 备注 REASON_NOTE_REQUIRED",
                "18 身份证号 STUDENT_IDENTIFIER_REQUIRED");
        assertThat(read.rows()).flatExtracting(PushedListFile.ListRow::problems)
                               .allSatisfy(p -> assertThat(p.message()).containsPattern("\\p{IsHan}"));
        assertThat(read.rows().get(1).problems().get(0).message()).contains("校验位");
    }

    @Test
    void aWholeFileThatCannotBeRead_isRefusedWithItsStatusAndCode() {
        assertThat(PushedListFile.read("a.csv", new byte[0], BATCH).fileProblem())
                .isEqualTo(new PushedListFile.FileProblem(400, "FILE_EMPTY", "文件是空的，请选择填写好的疑似辍学学生名单"));
        assertThat(csv(HEADER).fileProblem().code()).isEqualTo("FILE_EMPTY");
        assertThat(PushedListFile.read("a.pdf", "x".getBytes(StandardCharsets.UTF_8), BATCH).fileProblem().code())
                .isEqualTo("FILE_FORMAT_UNSUPPORTED");
        assertThat(PushedListFile.read("a.xls", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
                (byte) 0xB1, 0x1A, (byte) 0xE1}, BATCH).fileProblem().code()).isEqualTo("FILE_FORMAT_UNSUPPORTED");
        assertThat(PushedListFile.read("a.xlsx", "PK\u0003\u0004broken".getBytes(StandardCharsets.ISO_8859_1), BATCH)
                                 .fileProblem().code()).isEqualTo("FILE_UNREADABLE");
        PushedListFile.FileProblem missing = csv("姓名,性别,下发日期\n林小禾,男,2026-09-15\n").fileProblem();
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.code()).isEqualTo("FILE_COLUMNS_MISSING");
        assertThat(missing.message()).contains("户籍所在村代码", "身份证号");
        PushedListFile.FileProblem tooLarge = PushedListFile.read("a.csv", new byte[(int) PushedListFile.MAX_BYTES + 1],
                                                                  BATCH).fileProblem();
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo("FILE_TOO_LARGE");
    }

    @Test
    void moreRowsThanTheCap_isRefusedWhole_with413() {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i <= PushedListFile.MAX_ROWS; i++) {
            csv.append("林小禾,").append(BOY).append(",,,430181105203,,,,,2026-09-15,,\n");
        }
        PushedListFile.FileProblem problem = csv(csv.toString()).fileProblem();
        assertThat(problem.status()).isEqualTo(413);
        assertThat(problem.code()).isEqualTo("FILE_TOO_MANY_ROWS");
        assertThat(problem.message()).contains("10000");
    }

    @Test
    void theTemplate_filledInExcel_readsBack_andAGbkCsvToo() throws IOException {
        byte[] template = PushedListTemplate.xlsx();
        List<String> headers = SheetReader.xlsx(template, 5, 64).rows().get(0);
        assertThat(headers).startsWith("姓名*", "身份证号", "全国学籍号");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("疑似辍学名单");
        for (int c = 0; c < headers.size(); c++) {
            sheet.value(0, c, headers.get(c));
        }
        sheet.value(1, 0, "林小禾");
        sheet.value(1, 1, BOY);
        sheet.value(1, 4, 430181105203L); // a code typed as a number
        sheet.value(1, 9, LocalDate.of(2026, 9, 15)); // a date typed as a date
        sheet.style(1, 9).format("yyyy-mm-dd").set();
        workbook.finish();
        PushedListFile.Read xlsx = PushedListFile.read("名单.xlsx", out.toByteArray(), BATCH);
        assertThat(xlsx.fileProblem()).isNull();
        assertThat(xlsx.rows()).singleElement().satisfies(row -> {
            assertThat(row.problems()).isEmpty();
            assertThat(row.identification().household().village().value()).isEqualTo("430181105203");
            assertThat(row.identification().identifiedOn()).isEqualTo(LocalDate.of(2026, 9, 15));
        });

        byte[] gbk = (HEADER + "林小禾," + BOY + ",,,430181105203,,,,,2026年9月15日,,\n").getBytes(Charset.forName("GBK"));
        PushedListFile.Read fromGbk = PushedListFile.read("名单.csv", gbk, BATCH);
        assertThat(fromGbk.rows()).singleElement().satisfies(row -> {
            assertThat(row.problems()).isEmpty();
            assertThat(row.identification().student().name()).isEqualTo("林小禾");
        });
    }
}
