package cn.kcbx.caseservice.pushedlist;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The list's spreadsheets: the empty template to fill in (Chinese headers, required ones marked *, a sheet of
 * instructions) and the result file (the rows as uploaded, each with what became of it).
 */
public final class PushedListTemplate {

    private static final List<String> INSTRUCTIONS = List.of(
            "疑似辍学学生名单（平台比对下发）导入说明",
            "1. 每行填写一名学生；第一行为表头，请勿修改表头文字。带 * 的列必须填写；身份证号和全国学籍号至少填写一项。",
            "2. 身份证号：18 位，系统会核对校验码、出生日期和性别；全国学籍号：G 加身份证号，或 J、L 开头的学籍号。"
                    + "代码和号码列请保持“文本”格式，以免 Excel 把号码变成科学计数法。",
            "3. 户籍所在村代码：12 位统计用区划代码，须是本县单位目录中在用的村（社区），并在本账号的管辖范围内。",
            "4. 原就读学校标识码（10 位）、原就读学校、原就读年级（一年级至九年级）：知道时填写；填了学校标识码或年级须同时填写学校名称。",
            "5. 下发日期：平台比对下发名单的日期，格式 2026-09-15，不能晚于今天。",
            "6. 疑似辍学原因：学习困难/厌学、因贫、因病、因残、外出务工、早婚早育、宗教、家庭原因/监护缺失、上学远/上学难、其他；"
                    + "不知道可不填（记为“其他：平台比对下发，原因待核实”）。选“其他”时请在备注中写明。",
            "7. 每行的结果：没有在办案件的学生登记为新案件（发现渠道“平台比对下发”，注明下发批次）；已有在办案件的学生不重复登记，"
                    + "而在原案件上记一条“再次下发”；有错误的行不导入，结果文件中写明行号、列名和原因，改正后可重新上传整个文件。",
            "8. 同一批次的名单可重复上传：已导入的学生不会重复登记，也不会重复记“再次下发”。",
            "9. 每个文件最多 " + PushedListFile.MAX_ROWS + " 行、5 MB。",
            "",
            "示例（请勿复制到“疑似辍学名单”表以外）：",
            "林小禾 | 身份证号 430181201405120372 | 户籍所在村代码 430181105203 | 青禾乡中心小学 五年级 | 下发日期 2026-09-15");

    private PushedListTemplate() {
    }

    /** The template headers, required ones marked with * (the reader ignores the mark). */
    static List<String> headers() {
        List<String> headers = new ArrayList<>();
        for (PushedListFile.Column column : PushedListFile.Column.values()) {
            headers.add(column.header + (column.required ? "*" : ""));
        }
        return headers;
    }

    /** The .xlsx template: sheet 疑似辍学名单 (headers only, every column text) and sheet 填写说明. */
    public static byte[] xlsx() {
        List<String> headers = headers();
        return workbook("疑似辍学名单", headers, List.of(), true);
    }

    /** The same as .csv, UTF-8 with a byte-order mark so that Excel shows the Chinese correctly. */
    public static byte[] csv() {
        return ("\uFEFF" + String.join(",", headers()) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The result file: the uploaded headers plus 导入结果 and 案件编号, and each row as uploaded with its outcome. */
    static byte[] result(List<String> headers, List<List<String>> rows) {
        List<String> all = new ArrayList<>(headers);
        all.add("导入结果");
        all.add("案件编号");
        return workbook("导入结果", all, rows, false);
    }

    private static byte[] workbook(String sheetName, List<String> headers, List<List<String>> rows, boolean help) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "kcbx", "1.0");
            Worksheet sheet = workbook.newWorksheet(sheetName);
            for (int column = 0; column < headers.size(); column++) {
                sheet.value(0, column, headers.get(column));
                sheet.style(0, column).bold().fillColor("DDEBF7").set();
                sheet.style(column).format("@").set();
                sheet.width(column, column == 1 || column == 2 ? 22 : 16);
            }
            if (!help) {
                sheet.width(headers.size() - 2, 60);
                sheet.width(headers.size() - 1, 38);
            }
            sheet.freezePane(0, 1);
            for (int row = 0; row < rows.size(); row++) {
                List<String> cells = rows.get(row);
                for (int column = 0; column < cells.size(); column++) {
                    String value = cells.get(column);
                    if (value != null && !value.isEmpty()) {
                        sheet.value(row + 1, column, value); // always text: never a formula, numbers keep their digits
                    }
                }
            }
            if (help) {
                Worksheet instructions = workbook.newWorksheet("填写说明");
                instructions.width(0, 120);
                for (int row = 0; row < INSTRUCTIONS.size(); row++) {
                    instructions.value(row, 0, INSTRUCTIONS.get(row));
                }
                instructions.style(0, 0).bold().set();
            }
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
