package cn.kcbx.query.ledger;

import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.measure.Coded;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 三帮一 ledger as a CSV file for Excel (WPS): UTF-8 with a byte-order mark so that Chinese opens correctly,
 * CRLF line ends, RFC 4180 quoting. The rows are the ledger's own, so ID numbers and phones are as masked as on screen.
 * A cell that Excel would run as a formula (typed names or notes starting with {@code = + - @}) is written as text.
 */
final class SanbangLedgerCsv {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private record Column(String header, Function<SanbangLedgerRow, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("序号", null),
            new Column("学生姓名", row -> row.student() == null ? null : row.student().name()),
            new Column("身份证号", row -> row.student() == null ? null : row.student().idNumber()),
            new Column("性别", row -> row.student() == null ? null : label(row.student().sex())),
            new Column("年龄", row -> row.student() == null ? null : row.student().age()),
            new Column("乡镇代码", SanbangLedgerRow::townCode),
            new Column("村代码", SanbangLedgerRow::villageCode),
            new Column("原就读学校", row -> row.lastSchool() == null ? null : row.lastSchool().name()),
            new Column("年级", row -> row.lastSchool() == null ? null : label(row.lastSchool().grade())),
            new Column("重点对象类别", row -> labels(row.priorityCategories())),
            new Column("主要辍学原因", row -> label(row.primaryReason())),
            new Column("其他原因", row -> labels(row.otherReasons())),
            new Column("帮扶教师", row -> helper(row, SanbangLedgerRow.Trio::teacher)),
            new Column("村干部", row -> helper(row, SanbangLedgerRow.Trio::villageCadre)),
            new Column("家长或监护人", row -> helper(row, SanbangLedgerRow.Trio::guardian)),
            new Column("走访次数", SanbangLedgerRow::visitCount),
            new Column("最近走访", SanbangLedgerRow::lastVisitOn),
            new Column("最近走访结果", row -> label(row.lastVisitOutcome())),
            new Column("下次计划走访", SanbangLedgerRow::nextVisitPlannedOn),
            new Column("法律程序", row -> label(row.legalStep())),
            new Column("状态", row -> label(row.status())),
            new Column("状态起始日", SanbangLedgerRow::statusSince),
            new Column("登记日期", SanbangLedgerRow::identifiedOn),
            new Column("登记天数", SanbangLedgerRow::daysSinceIdentification),
            new Column("逾期事项", row -> labels(row.overdue())),
            new Column("转入", row -> row.transferredIn() == null ? null
                    : label(row.transferredIn().kind()) + " " + row.transferredIn().transferredOn() + " 自 "
                            + row.transferredIn().fromVillageCode()),
            new Column("案件编号", SanbangLedgerRow::caseId));

    private SanbangLedgerCsv() {
    }

    static byte[] write(List<SanbangLedgerRow> rows) {
        StringBuilder csv = new StringBuilder();
        line(csv, COLUMNS.stream().map(Column::header).toList());
        int number = 1;
        for (SanbangLedgerRow row : rows) {
            List<String> cells = new ArrayList<>(COLUMNS.size());
            cells.add(String.valueOf(number++));
            for (Column column : COLUMNS.subList(1, COLUMNS.size())) {
                Object value = column.value().apply(row);
                cells.add(value == null ? "" : value.toString());
            }
            line(csv, cells);
        }
        byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[UTF8_BOM.length + text.length];
        System.arraycopy(UTF8_BOM, 0, file, 0, UTF8_BOM.length);
        System.arraycopy(text, 0, file, UTF8_BOM.length, text.length);
        return file;
    }

    /** The file name a browser saves, e.g. 三帮一劝返工作台账-430181105-2026-10-28.csv. */
    static String fileName(String scope, LocalDate day) {
        return "三帮一劝返工作台账-" + scope + "-" + day + ".csv";
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }

    private static boolean isNumber(String text) {
        return text.matches("-?\\d+(\\.\\d+)?");
    }

    private static String helper(SanbangLedgerRow row, Function<SanbangLedgerRow.Trio, CaseFile.HelperRow> member) {
        if (row.trio() == null) {
            return null;
        }
        CaseFile.HelperRow helper = member.apply(row.trio());
        if (helper == null) {
            return null;
        }
        StringBuilder text = new StringBuilder(helper.name() == null ? "" : helper.name());
        if (helper.unitOrRelation() != null) {
            text.append("（").append(helper.unitOrRelation()).append("）");
        }
        if (helper.phone() != null) {
            text.append(' ').append(helper.phone());
        }
        return text.toString();
    }

    private static String label(Coded coded) {
        return coded == null ? null : coded.label();
    }

    private static String labels(List<Coded> coded) {
        return coded == null ? null : coded.stream().map(Coded::label).collect(Collectors.joining("、"));
    }
}
