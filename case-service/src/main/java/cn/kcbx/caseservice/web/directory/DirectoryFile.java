package cn.kcbx.caseservice.web.directory;

import cn.kcbx.caseservice.spreadsheet.SheetReader;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.directory.DirectoryEntry;
import cn.kcbx.kernel.directory.DirectoryPlan;
import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.SchoolOwnership;
import cn.kcbx.kernel.directory.SchoolStage;
import cn.kcbx.kernel.directory.UnitKind;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A unit directory spreadsheet (.xlsx, or .csv in UTF-8 or the GBK/GB18030 that Excel and WPS save in China) read into
 * directory entries, every bad cell reported with its row and column. Columns are found by their Chinese headers in
 * the first row, in any order; the template ({@link DirectoryTemplate}) lists them.
 */
public final class DirectoryFile {

    /** The most rows a file may have: a county has a few hundred units; this leaves room for a whole prefecture. */
    public static final int MAX_ROWS = 20_000;
    public static final long MAX_BYTES = 5L * 1024 * 1024;
    /** Cells read per row: the template has 10 columns; a sheet declaring thousands is not kept in memory. */
    private static final int MAX_COLUMNS = 64;

    /** The columns, by header; the first header of each is the template's. */
    enum Column {
        KIND("单位类别", true, "kind", "类别", "单位类型", "类型"),
        CODE("代码", true, "code", "单位代码", "区划代码", "统计用区划代码", "学校标识码"),
        NAME("名称", true, "name", "单位名称"),
        TOWN("所属乡镇代码", false, "townCode", "所在乡镇代码", "乡镇代码"),
        STAGE("学段", false, "stage"),
        OWNERSHIP("办学性质", false, "ownership"),
        ENROLMENT_ACCOUNT("学籍系统账号", false, "enrolmentAccount", "是否有学籍系统账号"),
        IN_USE_FROM("启用日期", false, "inUseFrom"),
        RETIRED_ON("撤销日期", false, "retiredOn"),
        RETIRE_REASON("撤销原因", false, "retireReason");

        final String header;
        final boolean required;
        final String field;
        final List<String> aliases;

        Column(String header, boolean required, String field, String... aliases) {
            this.header = header;
            this.required = required;
            this.field = field;
            this.aliases = List.of(aliases);
        }

        static Column ofField(String field) {
            return Arrays.stream(values()).filter(column -> column.field.equals(field)).findFirst().orElse(null);
        }
    }

    /** The entries of the file's good rows and the problems of its bad ones (a file is taken only without any). */
    public record Read(List<DirectoryEntry> entries, List<DirectoryPlan.Problem> problems) {
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");

    private final List<DirectoryEntry> entries = new ArrayList<>();
    private final List<DirectoryPlan.Problem> problems = new ArrayList<>();
    private Map<Column, Integer> columns;

    private DirectoryFile() {
    }

    /** Reads a file by its name's extension (.xlsx or .csv). */
    public static Read read(String fileName, byte[] content) {
        DirectoryFile file = new DirectoryFile();
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        if (content.length == 0) {
            file.fileProblem("FILE_EMPTY", "文件是空的，请选择填写好的单位目录文件");
        } else if (content.length > MAX_BYTES) {
            file.fileProblem("FILE_TOO_LARGE", "文件超过 5 MB，请只保留单位目录的内容后再导入");
        } else if (SheetReader.isXlsx(name, content)) {
            file.readXlsx(content);
        } else if (SheetReader.isXls(name, content)) {
            file.fileProblem("FILE_FORMAT_UNSUPPORTED",
                             "不支持旧版 Excel 97-2003（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 或 .csv 后再导入");
        } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
            file.readCsv(content);
        } else {
            file.fileProblem("FILE_FORMAT_UNSUPPORTED", "只能导入 .xlsx 或 .csv 文件（可先下载模板填写）");
        }
        return new Read(List.copyOf(file.entries), List.copyOf(file.problems));
    }

    /** The spreadsheet column of an entry field (for problems the directory's rules report), or the field itself. */
    public static String columnOf(String field) {
        Column column = field == null ? null : Column.ofField(field);
        return column == null ? field : column.header;
    }

    // ------------------------------------------------------------------------------------------------ xlsx, csv

    private void readXlsx(byte[] content) {
        try {
            SheetReader.Table table = SheetReader.xlsx(content, MAX_ROWS + 2, MAX_COLUMNS);
            readTable(table.rows(), table.rowNumbers());
        } catch (RuntimeException unreadable) {
            entries.clear();
            fileProblem("FILE_UNREADABLE", "无法读取该 Excel 文件（文件可能已损坏或加密），请在 Excel 或 WPS 中打开确认后另存为 .xlsx 再导入");
        }
    }

    private void readCsv(byte[] content) {
        SheetReader.Table table = SheetReader.csv(content, MAX_ROWS + 2);
        readTable(table.rows(), table.rowNumbers());
    }

    // ------------------------------------------------------------------------------------------------ rows

    private void readTable(List<List<String>> table, List<Integer> rowNumbers) {
        int header = -1;
        for (int i = 0; i < table.size(); i++) {
            if (table.get(i).stream().anyMatch(cell -> !cell.isBlank())) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            fileProblem("FILE_EMPTY", "文件中没有内容，请按模板填写后再导入");
            return;
        }
        if (!readHeader(table.get(header), rowNumbers.get(header))) {
            return;
        }
        int dataRows = 0;
        for (int i = header + 1; i < table.size(); i++) {
            List<String> cells = table.get(i);
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (++dataRows > MAX_ROWS) {
                problems.add(new DirectoryPlan.Problem(rowNumbers.get(i), null, "FILE_TOO_MANY_ROWS",
                        "文件超过 " + MAX_ROWS + " 行，请按县分开导入"));
                return;
            }
            readRow(rowNumbers.get(i), cells);
        }
        if (dataRows == 0) {
            fileProblem("FILE_EMPTY", "文件只有表头，没有单位，请从第 2 行起每行填写一个单位");
        }
    }

    private boolean readHeader(List<String> cells, int rowNumber) {
        Map<Column, Integer> found = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String header = SheetReader.label(cells.get(i));
            for (Column column : Column.values()) {
                if (SheetReader.label(column.header).equals(header) || column.aliases.stream().map(SheetReader::label)
                                                                          .anyMatch(header::equals)) {
                    found.putIfAbsent(column, i);
                }
            }
        }
        List<String> missing = Arrays.stream(Column.values()).filter(column -> column.required)
                                     .filter(column -> !found.containsKey(column)).map(column -> column.header)
                                     .toList();
        if (!missing.isEmpty()) {
            problems.add(new DirectoryPlan.Problem(rowNumber, null, "FILE_COLUMNS_MISSING",
                    "第 " + rowNumber + " 行（表头）缺少“" + String.join("”“", missing)
                            + "”列；请使用系统提供的模板（表头须在第一行）"));
            return false;
        }
        columns = found;
        return true;
    }

    private void readRow(int row, List<String> cells) {
        int before = problems.size();
        UnitKind kind = kind(row, cell(cells, Column.KIND));
        SchoolStage stage = null;
        SchoolOwnership ownership = null;
        boolean enrolmentAccount = false;
        if (kind == UnitKind.SCHOOL) {
            stage = optionalChoice(row, Column.STAGE, cell(cells, Column.STAGE), SchoolStage.parse(cell(cells,
                    Column.STAGE)).orElse(null), "小学、初中、九年一贯制、特殊教育学校、完全中学");
            ownership = optionalChoice(row, Column.OWNERSHIP, cell(cells, Column.OWNERSHIP),
                    SchoolOwnership.parse(cell(cells, Column.OWNERSHIP)).orElse(null), "公办、民办");
            enrolmentAccount = yesNo(row, cell(cells, Column.ENROLMENT_ACCOUNT));
        }
        LocalDate inUseFrom = date(row, Column.IN_USE_FROM, cell(cells, Column.IN_USE_FROM));
        LocalDate retiredOn = date(row, Column.RETIRED_ON, cell(cells, Column.RETIRED_ON));
        if (kind == null || problems.size() > before) {
            return;
        }
        try {
            DirectoryUnit unit = new DirectoryUnit(cell(cells, Column.CODE), kind, cell(cells, Column.NAME),
                                                   cell(cells, Column.TOWN), stage, ownership, enrolmentAccount);
            entries.add(new DirectoryEntry(row, unit, inUseFrom, retiredOn, cell(cells, Column.RETIRE_REASON)));
        } catch (DomainException invalid) {
            problems.add(new DirectoryPlan.Problem(row, columnOf(invalid.field()), invalid.code(), invalid.getMessage()));
        }
    }

    private String cell(List<String> cells, Column column) {
        Integer index = columns.get(column);
        if (index == null || index >= cells.size()) {
            return "";
        }
        return cells.get(index).strip();
    }

    private UnitKind kind(int row, String text) {
        String value = SheetReader.label(text);
        UnitKind kind = switch (value) {
            case "县", "县级", "县市区", "区", "市" -> UnitKind.COUNTY;
            case "乡镇", "乡", "镇", "街道", "乡镇街道" -> UnitKind.TOWN;
            case "村", "社区", "村社区", "村居", "居委会" -> UnitKind.VILLAGE;
            case "学校" -> UnitKind.SCHOOL;
            default -> null;
        };
        if (kind == null) {
            kind = Arrays.stream(UnitKind.values()).filter(k -> k.name().equalsIgnoreCase(value)).findFirst()
                         .orElse(null);
        }
        if (kind == null) {
            problems.add(new DirectoryPlan.Problem(row, Column.KIND.header, "UNIT_KIND_UNKNOWN", value.isEmpty()
                    ? "请填写单位类别：县、乡镇、村（社区）或学校"
                    : "单位类别“" + text + "”无法识别，应为：县、乡镇、村（社区）或学校"));
        }
        return kind;
    }

    private <T> T optionalChoice(int row, Column column, String text, T parsed, String allowed) {
        if (parsed == null && !text.isEmpty()) {
            problems.add(new DirectoryPlan.Problem(row, column.header, "VALUE_NOT_ALLOWED",
                    column.header + "“" + text + "”无法识别，应为：" + allowed));
        }
        return parsed;
    }

    private boolean yesNo(int row, String text) {
        return switch (text) {
            case "", "无", "否", "没有", "N", "n", "no", "No", "NO", "FALSE", "false", "0" -> false;
            case "有", "是", "Y", "y", "yes", "Yes", "YES", "TRUE", "true", "1" -> true;
            default -> {
                problems.add(new DirectoryPlan.Problem(row, Column.ENROLMENT_ACCOUNT.header, "VALUE_NOT_ALLOWED",
                        "学籍系统账号应填“有”或“无”，填写的是“" + text + "”"));
                yield false;
            }
        };
    }

    private LocalDate date(int row, Column column, String text) {
        if (text.isEmpty()) {
            return null;
        }
        Matcher matcher = DATE.matcher(text);
        try {
            if (matcher.matches()) {
                return LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                                    Integer.parseInt(matcher.group(3)));
            }
            return LocalDate.parse(text);
        } catch (DateTimeException notADate) {
            problems.add(new DirectoryPlan.Problem(row, column.header, "DATE_INVALID",
                    column.header + "“" + text + "”不是有效日期，请写成 2026-09-01 的格式"));
            return null;
        }
    }

    private void fileProblem(String code, String message) {
        problems.add(new DirectoryPlan.Problem(0, null, code, message));
    }
}
