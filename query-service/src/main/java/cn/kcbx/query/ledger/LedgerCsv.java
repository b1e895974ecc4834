package cn.kcbx.query.ledger;

import cn.kcbx.query.measure.Coded;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * A ledger as a CSV file for Excel (WPS): UTF-8 with a byte-order mark so that Chinese opens correctly, CRLF line
 * ends, RFC 4180 quoting, a 序号 column first. The rows are the ledger's own, so ID numbers and phones are as masked
 * as on screen. A cell that Excel would run as a formula (typed names or notes starting with {@code = + - @}) is
 * written as text.
 */
final class LedgerCsv {

    private static final String UTF8_BOM = "\uFEFF";

    /** One column: its Chinese header and how a row fills it (null: empty). */
    record Column<T>(String header, Function<T, Object> value) {
    }

    private LedgerCsv() {
    }

    static <T> byte[] write(List<Column<T>> columns, List<T> rows) {
        StringBuilder csv = new StringBuilder(UTF8_BOM);
        csv.append("序号");
        columns.forEach(column -> csv.append(',').append(cell(column.header())));
        csv.append("\r\n");
        int number = 1;
        for (T row : rows) {
            csv.append(number++);
            for (Column<T> column : columns) {
                Object value = column.value().apply(row);
                csv.append(',').append(cell(value == null ? "" : value.toString()));
            }
            csv.append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The file name a browser saves, e.g. 三帮一劝返工作台账-430181105-2026-10-28.csv. */
    /**
     * The file's name says which clock it was taken by: {@code 三帮一台账-439921-2026-10-31.csv} (as known at the end
     * of that day, or now), {@code 三帮一台账-439921-业务日期2026-10-31.csv} (that day by business dates).
     */
    static String fileName(String ledger, String scope, LocalDate day, boolean byBusinessDate) {
        return ledger + "-" + scope + "-" + (byBusinessDate ? "业务日期" : "") + day + ".csv";
    }

    /** A coded value's Chinese label, as the screen shows it. */
    static String label(Coded coded) {
        return coded == null ? null : coded.label();
    }

    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("-?\\d+(\\.\\d+)?")) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
