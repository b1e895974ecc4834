package cn.kcbx.caseservice.web.directory;

import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitEntry;
import cn.kcbx.kernel.directory.UnitKind;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory as a spreadsheet in the import layout: the template to fill in (the county's current directory, or
 * only the headers before its first import), so that a clerk can download, edit and import it again.
 */
public final class DirectoryTemplate {

    private static final List<String> INSTRUCTIONS = List.of(
            "单位目录导入说明",
            "1. 每行填写一个单位；第一行为表头，请勿修改表头文字。可只填写需要新增或修改的单位，文件中没有的单位保持不变。",
            "2. 单位类别：县、乡镇、村（社区）、学校。",
            "3. 代码：县填 6 位行政区划代码；乡镇（街道）填 9 位；村（社区）填 12 位统计用区划代码（前 9 位即所属乡镇）；"
                    + "学校填 10 位学校标识码。代码列请保持“文本”格式，以免 Excel 把代码变成科学计数法。",
            "4. 所属乡镇代码：仅学校填写，9 位，为学校所在的乡镇（街道）。",
            "5. 学段（仅学校）：小学、初中、九年一贯制、特殊教育学校、完全中学。办学性质（仅学校）：公办、民办。"
                    + "学籍系统账号（仅学校）：有、无。",
            "6. 启用日期：新设立的单位填写，格式 2026-09-01；一直在用的可不填。",
            "7. 撤销日期、撤销原因：单位撤销（乡镇合并、村撤并、学校停办）时填写；撤销后原有案件仍显示原名称，"
                    + "新案件不能再选择该单位。乡镇须在其下属的村和学校都撤销或改属后才能撤销。",
            "8. 同一文件可重复导入：与系统中一致的行不会重复登记；有任何一行错误时整个文件不导入，系统会列出每个错误的行号和原因。",
            "",
            "示例（请勿复制到“单位目录”表以外）：",
            "乡镇 | 439921100 | 清溪镇",
            "村（社区） | 439921100201 | 清溪镇河东村",
            "学校 | 2199211000 | 清溪镇中心小学 | 所属乡镇代码 439921100 | 学段 小学 | 办学性质 公办 | 学籍系统账号 有");

    private DirectoryTemplate() {
    }

    /** The .xlsx: sheet 单位目录 (the county's units, oldest kinds first) and sheet 填写说明. */
    public static byte[] xlsx(UnitDirectory directory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "kcbx", "1.0");
            Worksheet units = workbook.newWorksheet("单位目录");
            List<String> headers = headers();
            for (int column = 0; column < headers.size(); column++) {
                units.value(0, column, headers.get(column));
                units.style(0, column).bold().fillColor("DDEBF7").set();
                units.style(column).format("@").set();
            }
            double[] widths = {12, 16, 28, 16, 16, 10, 12, 12, 12, 30};
            for (int column = 0; column < widths.length; column++) {
                units.width(column, widths[column]);
            }
            units.freezePane(0, 1);
            List<List<String>> rows = rows(directory);
            for (int row = 0; row < rows.size(); row++) {
                for (int column = 0; column < rows.get(row).size(); column++) {
                    String value = rows.get(row).get(column);
                    if (!value.isEmpty()) {
                        units.value(row + 1, column, value);
                    }
                }
            }
            Worksheet help = workbook.newWorksheet("填写说明");
            help.width(0, 120);
            for (int row = 0; row < INSTRUCTIONS.size(); row++) {
                help.value(row, 0, INSTRUCTIONS.get(row));
            }
            help.style(0, 0).bold().set();
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The same as .csv, UTF-8 with a byte-order mark so that Excel shows the Chinese correctly. */
    public static byte[] csv(UnitDirectory directory) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        List<List<String>> rows = new ArrayList<>();
        rows.add(headers());
        rows.addAll(rows(directory));
        for (List<String> row : rows) {
            csv.append(String.join(",", row.stream().map(DirectoryTemplate::quoted).toList())).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> headers() {
        List<String> headers = new ArrayList<>();
        for (DirectoryFile.Column column : DirectoryFile.Column.values()) {
            headers.add(column.header);
        }
        return headers;
    }

    private static List<List<String>> rows(UnitDirectory directory) {
        List<List<String>> rows = new ArrayList<>();
        for (UnitEntry entry : directory.all()) {
            DirectoryUnit unit = entry.unit();
            boolean school = unit.kind() == UnitKind.SCHOOL;
            rows.add(List.of(kindLabel(unit.kind()), unit.code(), unit.name(),
                             school ? unit.townCode() : "",
                             school ? unit.stage().label() : "",
                             school ? unit.ownership().label() : "",
                             school ? (unit.enrolmentAccount() ? "有" : "无") : "",
                             entry.inUseFrom() == null ? "" : entry.inUseFrom().toString(),
                             entry.retiredOn() == null ? "" : entry.retiredOn().toString(),
                             entry.retireReason() == null ? "" : entry.retireReason()));
        }
        return rows;
    }

    private static String kindLabel(UnitKind kind) {
        return switch (kind) {
            case COUNTY -> "县";
            case TOWN -> "乡镇";
            case VILLAGE -> "村（社区）";
            case SCHOOL -> "学校";
        };
    }

    /** A CSV field; a leading =, +, - or @ is quoted with an apostrophe so that Excel never runs it as a formula. */
    private static String quoted(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }
}
