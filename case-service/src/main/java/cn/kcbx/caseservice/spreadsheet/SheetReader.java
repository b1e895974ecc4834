package cn.kcbx.caseservice.spreadsheet;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The first sheet of an .xlsx, or a .csv in UTF-8 or the GBK/GB18030 that Excel and WPS save in China, as rows of
 * cell texts with their row numbers as the clerk sees them. Shared by the imports (unit directory, pushed lists), which
 * read columns by their Chinese headers.
 */
public final class SheetReader {

    /** The rows read, each with its 1-based row number in the file. */
    public record Table(List<List<String>> rows, List<Integer> rowNumbers) {
    }

    /** The workbook cannot be read (damaged, encrypted, not a workbook). */
    public static final class UnreadableException extends RuntimeException {
        UnreadableException(Throwable cause) {
            super("workbook unreadable", cause);
        }
    }

    private static final Charset GB18030 = Charset.forName("GB18030");

    private SheetReader() {
    }

    /**
     * At most {@code maxRows} rows and {@code maxColumns} cells of each: a small file can declare a huge sheet, and
     * nothing beyond the limits is kept in memory.
     */
    public static Table xlsx(byte[] content, int maxRows, int maxColumns) {
        // With cell formats: a date typed into Excel is a number, told apart from a code only by its format.
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(content),
                                                              new ReadingOptions(true, false))) {
            Sheet sheet = workbook.getFirstSheet();
            List<List<String>> table = new ArrayList<>();
            List<Integer> rowNumbers = new ArrayList<>();
            try (var stream = sheet.openStream()) {
                for (Row row : (Iterable<Row>) stream.limit(maxRows)::iterator) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < Math.min(row.getCellCount(), maxColumns); i++) {
                        cells.add(text(row.getCell(i)));
                    }
                    table.add(cells);
                    rowNumbers.add(row.getRowNum());
                }
            }
            return new Table(table, rowNumbers);
        } catch (IOException | RuntimeException unreadable) {
            throw new UnreadableException(unreadable);
        }
    }

    /** A cell's text: numbers without Excel's ".0" or exponent (codes typed as numbers), dates as yyyy-MM-dd. */
    private static String text(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER) {
            String format = cell.getDataFormatString();
            if (format != null && isDateFormat(format)) {
                return cell.asDate().toLocalDate().toString();
            }
            BigDecimal number = cell.asNumber();
            return number.stripTrailingZeros().toPlainString();
        }
        String text = cell.getText();
        return text == null ? "" : text;
    }

    private static boolean isDateFormat(String format) {
        String unquoted = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return unquoted.contains("y") || unquoted.contains("d") || unquoted.contains("年");
    }

    /** At most {@code maxRows} rows (quoted cells may span lines; a row's number is the line it starts on). */
    public static Table csv(byte[] content, int maxRows) {
        String text = decode(content);
        List<List<String>> table = new ArrayList<>();
        List<Integer> rowNumbers = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int line = 1;
        int rowStart = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                table.add(row);
                rowNumbers.add(rowStart);
                row = new ArrayList<>();
                line++;
                rowStart = line;
                if (table.size() >= maxRows) {
                    return new Table(table, rowNumbers);
                }
            } else {
                cell.append(c);
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            table.add(row);
            rowNumbers.add(rowStart);
        }
        return new Table(table, rowNumbers);
    }

    /** UTF-8 (with or without a byte-order mark) when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
    public static String decode(byte[] content) {
        if (content.length >= 3 && (content[0] & 0xFF) == 0xEF && (content[1] & 0xFF) == 0xBB
                && (content[2] & 0xFF) == 0xBF) {
            return new String(content, 3, content.length - 3, StandardCharsets.UTF_8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                         .onUnmappableCharacter(CodingErrorAction.REPORT)
                                         .decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(content, GB18030);
        }
    }

    /** Is this an .xlsx (by name or by its zip header)? An old .xls? */
    /** A header or a label as typed, for comparing: without spaces, a "*" (the required mark) or a note in brackets. */
    public static String label(String typed) {
        String value = typed.replace('\u3000', ' ').replaceAll("\\s+", "").replace("*", "").replace("＊", "");
        int note = indexOfAny(value, '（', '(');
        return note > 0 ? value.substring(0, note) : value;
    }

    private static int indexOfAny(String value, char... characters) {
        int first = -1;
        for (char c : characters) {
            int at = value.indexOf(c);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    public static boolean isXlsx(String lowerCaseName, byte[] content) {
        // The header checks need 8 bytes (they throw on fewer): a tiny file is never a workbook.
        return lowerCaseName.endsWith(".xlsx") || content.length >= 8 && ReadableWorkbook.isOOXMLZipHeader(content);
    }

    public static boolean isXls(String lowerCaseName, byte[] content) {
        return lowerCaseName.endsWith(".xls") || content.length >= 8 && ReadableWorkbook.isOLE2Header(content);
    }
}
