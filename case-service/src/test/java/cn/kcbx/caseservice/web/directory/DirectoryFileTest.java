package cn.kcbx.caseservice.web.directory;

import cn.kcbx.kernel.directory.DirectoryEntry;
import cn.kcbx.kernel.directory.DirectoryPlan;
import cn.kcbx.kernel.directory.SchoolStage;
import cn.kcbx.kernel.directory.UnitKind;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Directory files as counties really save them: Excel with codes typed as numbers, GBK .csv from WPS. */
class DirectoryFileTest {

    @Test
    void anExcelFile_withCodesTypedAsNumbersAndARealDate_readsAsTyped() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook workbook = new Workbook(out, "test", "1.0");
        Worksheet sheet = workbook.newWorksheet("Sheet1");
        List<String> headers = List.of("单位类别*", "代码", "名称", "所属乡镇代码", "学段", "办学性质", "学籍系统账号", "启用日期");
        for (int c = 0; c < headers.size(); c++) {
            sheet.value(0, c, headers.get(c));
        }
        sheet.value(1, 0, "乡镇");
        sheet.value(1, 1, 439921100L);
        sheet.value(1, 2, "清溪镇");
        sheet.value(2, 0, "学校");
        sheet.value(2, 1, 2199211000L);
        sheet.value(2, 2, "清溪镇中心小学");
        sheet.value(2, 3, 439921100L);
        sheet.value(2, 4, "九年一贯制");
        sheet.value(2, 5, "公办");
        sheet.value(2, 6, "有");
        sheet.value(2, 7, LocalDate.of(2026, 9, 1));
        sheet.style(2, 7).format("yyyy-mm-dd").set();
        workbook.finish();

        DirectoryFile.Read read = DirectoryFile.read("单位目录.xlsx", out.toByteArray());

        assertThat(read.problems()).isEmpty();
        assertThat(read.entries()).extracting(entry -> entry.unit().code()).containsExactly("439921100", "2199211000");
        DirectoryEntry school = read.entries().get(1);
        assertThat(school.row()).isEqualTo(3);
        assertThat(school.unit().kind()).isEqualTo(UnitKind.SCHOOL);
        assertThat(school.unit().stage()).isEqualTo(SchoolStage.NINE_YEAR);
        assertThat(school.unit().enrolmentAccount()).isTrue();
        assertThat(school.inUseFrom()).isEqualTo(LocalDate.of(2026, 9, 1));
    }

    @Test
    void aCsvSavedInGbk_readsInChinese() {
        String csv = "单位类别,代码,名称\r\n乡镇,439921100,清溪镇\r\n\"村（社区）\",439921100201,\"河东村, 一组\"\r\n";

        DirectoryFile.Read read = DirectoryFile.read("mulu.csv", csv.getBytes(Charset.forName("GBK")));

        assertThat(read.problems()).isEmpty();
        assertThat(read.entries()).extracting(entry -> entry.unit().name()).containsExactly("清溪镇", "河东村, 一组");
    }

    @Test
    void aFileWithoutTheRequiredColumns_orInTheOldExcelFormat_saysWhatToDo() {
        DirectoryFile.Read noName = DirectoryFile.read("a.csv", "单位类别,代码\n乡镇,439921100\n".getBytes());
        assertThat(noName.problems()).extracting(DirectoryPlan.Problem::code).containsExactly("FILE_COLUMNS_MISSING");
        assertThat(noName.problems().get(0).message()).contains("名称");

        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        assertThat(DirectoryFile.read("old.xls", ole2).problems().get(0).message()).contains(".xlsx");
    }

    @Test
    void theDownloadedTemplate_readsBackAsTheSameEntries() {
        String csv = "单位类别,代码,名称,所属乡镇代码,学段,办学性质,学籍系统账号,启用日期,撤销日期,撤销原因\n"
                + "乡镇,439921100,清溪镇,,,,,,,\n"
                + "村（社区）,439921100201,河东村,,,,,2020-01-01,2026-07-01,并入河西村\n";
        DirectoryFile.Read read = DirectoryFile.read("a.csv", csv.getBytes());
        assertThat(read.problems()).isEmpty();
        DirectoryEntry village = read.entries().get(1);
        assertThat(village.retiredOn()).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(village.retireReason()).isEqualTo("并入河西村");
    }
}
