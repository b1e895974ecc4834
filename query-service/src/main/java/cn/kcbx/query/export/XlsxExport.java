package cn.kcbx.query.export;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;

/**
 * An export as an .xlsx file for a county bureau's upward report, written by fastexcel straight to the output stream:
 * every sheet has the title, the region, the date and the filters on top, a 序号 column first, the rows, and the
 * fixed footer (填报单位、审核人、填表人、联系电话、填报日期) below.
 *
 * <p>Constant memory: text is written as inline strings (no shared-string table growing with the rows) and the sheet
 * is flushed every {@link #FLUSH_EVERY} rows. Cells never hold formulas, so typed text that starts with {@code =} is
 * only text. Dates are written as text {@code yyyy-MM-dd}, as in the CSV, numbers as numbers.
 *
 * <p>fastexcel stamps the package's creation time (docProps/core.xml) with the current time and offers no way to
 * fix it; every other part of the file is the same for the same parameters (no merged cells, see {@link #footer}).
 */
public final class XlsxExport {

    static final int FLUSH_EVERY = 1_000;
    private static final String SIGN_LINE = "____________";

    /** What the top of every sheet says. */
    public record Heading(String title, String region, String date, List<String> filters) {
    }

    /**
     * The footer county bureaus sign. Blank values become lines to sign by hand.
     *
     * @param filledOn 填报日期: the day of the data's moment (统计时点), so that the same parameters give the same file
     */
    public record Footer(String unit, String reviewer, String preparedBy, String phone, LocalDate filledOn) {
    }

    /** One column: its Chinese header and how a row fills it (null: empty). */
    public record Column<T>(String header, Function<T, Object> value) {
    }

    private final Workbook workbook;
    private final Heading heading;
    private final Footer footer;

    public XlsxExport(OutputStream out, Heading heading, Footer footer) {
        this.workbook = new Workbook(out, "kcbx", "1.0");
        this.workbook.properties().setTitle(heading.title());
        this.heading = heading;
        this.footer = footer;
    }

    /**
     * Writes one sheet: heading, header row, one line per row, footer. Sheets are written one after the other; the
     * rows are read once, so they may be a stream produced as the file is written.
     *
     * @return the number of data rows written
     */
    public <T> long sheet(String name, String subtitle, List<Column<T>> columns, Iterable<T> rows) {
        try {
            Worksheet sheet = workbook.newWorksheet(name);
            int width = columns.size() + 1;
            int r = 0;
            sheet.inlineString(r, 0, subtitle == null ? heading.title() : heading.title() + "——" + subtitle);
            sheet.style(r, 0).bold().fontSize(14).set();
            r++;
            r = line(sheet, r, "地区：" + heading.region());
            r = line(sheet, r, heading.date());
            r = line(sheet, r, "筛选条件：" + (heading.filters().isEmpty() ? "无" : String.join("；", heading.filters())));
            int headerRow = r;
            sheet.inlineString(headerRow, 0, "序号");
            sheet.width(0, 6);
            int[] widths = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                sheet.inlineString(headerRow, c + 1, columns.get(c).header());
                widths[c] = displayWidth(columns.get(c).header());
            }
            sheet.range(headerRow, 0, headerRow, width - 1).style().bold().fillColor("DDEBF7").set();
            sheet.freezePane(0, headerRow + 1);
            r++;
            long count = 0;
            for (T row : rows) {
                sheet.value(r, 0, ++count);
                for (int c = 0; c < columns.size(); c++) {
                    Object value = columns.get(c).value().apply(row);
                    cell(sheet, r, c + 1, value);
                    if (count < FLUSH_EVERY && value != null) {
                        widths[c] = Math.max(widths[c], displayWidth(value.toString()));
                    }
                }
                r++;
                if (count % FLUSH_EVERY == 0) {
                    if (count == FLUSH_EVERY) {
                        widths(sheet, widths);
                    }
                    sheet.flush();
                }
            }
            if (count < FLUSH_EVERY) {
                widths(sheet, widths);
            }
            r++;
            footer(sheet, r, width);
            sheet.finish();
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void finish() {
        try {
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Column widths from the header and the rows before the first flush (fastexcel writes the widths with the first
     * rows, so later rows cannot widen a column).
     */
    private static void widths(Worksheet sheet, int[] widths) {
        for (int c = 0; c < widths.length; c++) {
            sheet.width(c + 1, Math.max(8, Math.min(50, widths[c] + 2)));
        }
    }

    /** Roughly how many character widths the text takes: Chinese characters count two. */
    static int displayWidth(String text) {
        int width = 0;
        for (int i = 0; i < text.length(); i++) {
            width += text.charAt(i) > 0x2E80 ? 2 : 1;
        }
        return width;
    }

    private static int line(Worksheet sheet, int r, String text) {
        sheet.inlineString(r, 0, text);
        return r + 1;
    }

    private void footer(Worksheet sheet, int r, int width) {
        String[] cells = {
                "填报单位：" + orLine(footer.unit()),
                "审核人：" + orLine(footer.reviewer()),
                "填表人：" + orLine(footer.preparedBy()),
                "联系电话：" + orLine(footer.phone()),
                "填报日期：" + footer.filledOn()};
        // Two rows of up to three labelled cells, a third of the table's width apart. No merged cells: fastexcel
        // keeps merges in a hash set, which would write them in a different order each time.
        int span = Math.max(1, width / 3);
        for (int i = 0; i < cells.length; i++) {
            sheet.inlineString(r + i / 3, (i % 3) * span, cells[i]);
        }
    }

    private static String orLine(String value) {
        return value == null || value.isBlank() ? SIGN_LINE : value.strip();
    }

    private static void cell(Worksheet sheet, int r, int c, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigDecimal || value instanceof Double) {
            sheet.value(r, c, (Number) value);
        } else {
            String text = value.toString();
            if (!text.isEmpty()) {
                sheet.inlineString(r, c, text);
            }
        }
    }
}
