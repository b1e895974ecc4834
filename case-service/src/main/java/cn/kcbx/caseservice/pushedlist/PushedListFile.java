package cn.kcbx.caseservice.pushedlist;

import cn.kcbx.caseservice.spreadsheet.SheetReader;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.Sex;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.kernel.student.StudentNumber;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of suspected dropouts pushed down by the platform (平台比对下发), as an .xlsx or .csv, read row by row into
 * identifications: a good row becomes an {@link IdentifyCase}, a bad one its problems with row, column and a Chinese
 * reason. Columns are found by their Chinese headers in the first non-empty row, in any order ({@link PushedListTemplate}
 * lists them). What the file as a whole lacks (format, headers, size) is a {@link FileProblem}, refused before any row.
 */
public final class PushedListFile {

    /** A whole county's list for a term fits; the background job processes it in a few minutes. */
    public static final int MAX_ROWS = 10_000;
    public static final long MAX_BYTES = 5L * 1024 * 1024;
    private static final int MAX_COLUMNS = 64;

    /** The columns, by header; the first header of each is the template's. */
    enum Column {
        NAME("姓名", true, "学生姓名"),
        ID_NUMBER("身份证号", false, "居民身份证号", "身份证号码", "证件号码", "身份证件号"),
        STUDENT_NUMBER("全国学籍号", false, "学籍号", "学籍号码"),
        SEX("性别", false),
        VILLAGE("户籍所在村代码", true, "户籍所在村", "户籍村代码", "村代码", "村（社区）代码", "统计用区划代码"),
        ADDRESS("户籍详细地址", false, "户籍地址", "详细地址"),
        SCHOOL_CODE("原就读学校标识码", false, "学校标识码"),
        SCHOOL_NAME("原就读学校", false, "原就读学校名称", "学校名称"),
        GRADE("原就读年级", false, "年级"),
        REPORTED_ON("下发日期", true, "比对下发日期", "比对日期", "发现日期"),
        REASON("疑似辍学原因", false, "辍学原因", "原因"),
        NOTE("备注", false, "原因说明", "说明");

        final String header;
        final boolean required;
        final List<String> aliases;

        Column(String header, boolean required, String... aliases) {
            this.header = header;
            this.required = required;
            this.aliases = List.of(aliases);
        }
    }

    /** Something wrong with a row: its 1-based row number, the column's header (null: the row) and why. */
    public record Problem(int row, String column, String code, String message) {
    }

    /** The file cannot be processed at all; {@code status} is the HTTP status it is refused with. */
    public record FileProblem(int status, String code, String message) {
    }

    /**
     * One data row: its number, its cells as typed (for the result file), and either the identification it asks for
     * or its problems.
     */
    public record ListRow(int row, List<String> cells, IdentifyCase identification, List<Problem> problems) {
    }

    /** A file read: its header cells and rows, or why it cannot be read. */
    public record Read(FileProblem fileProblem, List<String> headers, List<ListRow> rows) {
    }

    /** Why a reason is left open: the platform compares registers and does not know why the child is out. */
    static final String REASON_UNKNOWN_NOTE = "平台比对下发，原因待核实";

    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    /** Fields of the kernel's refusals, by the column that holds them. */
    private static final Map<String, Column> FIELD_COLUMNS = Map.ofEntries(
            Map.entry("student.name", Column.NAME), Map.entry("name", Column.NAME),
            Map.entry("student.idNumber", Column.ID_NUMBER), Map.entry("idNumber", Column.ID_NUMBER),
            Map.entry("student.birthDate", Column.ID_NUMBER), Map.entry("birthDate", Column.ID_NUMBER),
            Map.entry("student.studentNumber", Column.STUDENT_NUMBER),
            Map.entry("studentNumber", Column.STUDENT_NUMBER),
            Map.entry("student.sex", Column.SEX), Map.entry("sex", Column.SEX),
            Map.entry("household.village", Column.VILLAGE), Map.entry("village", Column.VILLAGE),
            Map.entry("household.address", Column.ADDRESS), Map.entry("address", Column.ADDRESS),
            Map.entry("lastSchool.schoolCode", Column.SCHOOL_CODE), Map.entry("schoolCode", Column.SCHOOL_CODE),
            Map.entry("lastSchool.schoolName", Column.SCHOOL_NAME), Map.entry("schoolName", Column.SCHOOL_NAME),
            Map.entry("lastSchool.grade", Column.GRADE), Map.entry("grade", Column.GRADE),
            Map.entry("identifiedOn", Column.REPORTED_ON), Map.entry("reportedOn", Column.REPORTED_ON),
            Map.entry("suspectedReasons.note", Column.NOTE), Map.entry("note", Column.NOTE),
            Map.entry("suspectedReasons.primary", Column.REASON));

    private final String batch;
    private Map<Column, Integer> columns;

    private PushedListFile(String batch) {
        this.batch = batch;
    }

    /** The column header of a refusal's field (for refusals the case service gives a row), or null. */
    public static String columnOf(String field) {
        Column column = field == null ? null : FIELD_COLUMNS.get(field);
        return column == null ? null : column.header;
    }

    /** The note every case opened from this batch carries: the batch is the evidence of where the child came from. */
    public static String sourceNote(String batch) {
        return "下发批次：" + batch;
    }

    /** Reads a file by its name's extension (.xlsx or .csv); {@code batch} goes into every identification. */
    public static Read read(String fileName, byte[] content, String batch) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        if (content.length == 0) {
            return refused(400, "FILE_EMPTY", "文件是空的，请选择填写好的疑似辍学学生名单");
        }
        if (content.length > MAX_BYTES) {
            return refused(413, "FILE_TOO_LARGE", "文件超过 5 MB，请分成几个文件上传（每个文件不超过 " + MAX_ROWS + " 行）");
        }
        SheetReader.Table table;
        if (SheetReader.isXlsx(name, content)) {
            try {
                table = SheetReader.xlsx(content, MAX_ROWS + 2 + 100, MAX_COLUMNS);
            } catch (SheetReader.UnreadableException unreadable) {
                return refused(400, "FILE_UNREADABLE",
                        "无法读取该 Excel 文件（文件可能已损坏或加密），请在 Excel 或 WPS 中打开确认后另存为 .xlsx 再上传");
            }
        } else if (SheetReader.isXls(name, content)) {
            return refused(400, "FILE_FORMAT_UNSUPPORTED",
                    "不支持旧版 Excel 97-2003（.xls）文件，请在 Excel 或 WPS 中“另存为”.xlsx 或 .csv 后再上传");
        } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
            table = SheetReader.csv(content, MAX_ROWS + 2 + 100);
        } else {
            return refused(400, "FILE_FORMAT_UNSUPPORTED", "只能上传 .xlsx 或 .csv 文件（可先下载模板填写）");
        }
        return new PushedListFile(batch).readTable(table);
    }

    private static Read refused(int status, String code, String message) {
        return new Read(new FileProblem(status, code, message), List.of(), List.of());
    }

    private Read readTable(SheetReader.Table table) {
        List<List<String>> rows = table.rows();
        int header = -1;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).stream().anyMatch(cell -> !cell.isBlank())) {
                header = i;
                break;
            }
        }
        if (header < 0) {
            return refused(400, "FILE_EMPTY", "文件中没有内容，请按模板填写后再上传");
        }
        FileProblem missing = readHeader(rows.get(header), table.rowNumbers().get(header));
        if (missing != null) {
            return new Read(missing, List.of(), List.of());
        }
        List<ListRow> listRows = new ArrayList<>();
        for (int i = header + 1; i < rows.size(); i++) {
            List<String> cells = rows.get(i);
            if (cells.stream().allMatch(String::isBlank)) {
                continue;
            }
            if (listRows.size() == MAX_ROWS) {
                return refused(413, "FILE_TOO_MANY_ROWS",
                        "文件超过 " + MAX_ROWS + " 行学生，请分成几个文件上传（同一批次可分多次上传，不会重复登记）");
            }
            listRows.add(readRow(table.rowNumbers().get(i), cells));
        }
        if (listRows.isEmpty()) {
            return refused(400, "FILE_EMPTY", "文件只有表头，没有学生，请从第 2 行起每行填写一名学生");
        }
        return new Read(null, List.copyOf(rows.get(header)), listRows);
    }

    private FileProblem readHeader(List<String> cells, int rowNumber) {
        Map<Column, Integer> found = new HashMap<>();
        for (int i = 0; i < cells.size(); i++) {
            String header = SheetReader.label(cells.get(i));
            for (Column column : Column.values()) {
                if (SheetReader.label(column.header).equals(header)
                        || column.aliases.stream().map(SheetReader::label).anyMatch(header::equals)) {
                    found.putIfAbsent(column, i);
                }
            }
        }
        List<String> missing = new ArrayList<>(Arrays.stream(Column.values()).filter(column -> column.required)
                                                     .filter(column -> !found.containsKey(column))
                                                     .map(column -> column.header).toList());
        if (!found.containsKey(Column.ID_NUMBER) && !found.containsKey(Column.STUDENT_NUMBER)) {
            missing.add(Column.ID_NUMBER.header + "”或“" + Column.STUDENT_NUMBER.header);
        }
        if (!missing.isEmpty()) {
            return new FileProblem(422, "FILE_COLUMNS_MISSING", "第 " + rowNumber + " 行（表头）缺少“"
                    + String.join("”“", missing) + "”列；请使用系统提供的模板（表头须在第一行）");
        }
        columns = found;
        return null;
    }

    // ------------------------------------------------------------------------------------------------ one row

    private ListRow readRow(int row, List<String> cells) {
        List<Problem> problems = new ArrayList<>();
        String name = cell(cells, Column.NAME);
        if (name.isEmpty()) {
            problems.add(new Problem(row, Column.NAME.header, "VALUE_REQUIRED", "请填写学生姓名"));
        }
        IdNumber idNumber = parse(row, Column.ID_NUMBER, cells, problems, IdNumber::new);
        StudentNumber studentNumber = parse(row, Column.STUDENT_NUMBER, cells, problems, StudentNumber::new);
        Sex sex = sex(row, cell(cells, Column.SEX), problems);
        HouseholdLocation household = household(row, cells, problems);
        LastSchool lastSchool = lastSchool(row, cells, problems);
        LocalDate reportedOn = date(row, cell(cells, Column.REPORTED_ON), problems);
        DropoutReason reason = reason(row, cell(cells, Column.REASON), problems);
        if (!problems.isEmpty()) {
            return new ListRow(row, List.copyOf(cells), null, List.copyOf(problems));
        }
        try {
            StudentIdentity student = new StudentIdentity(name, idNumber, studentNumber, sex, null);
            String note = cell(cells, Column.NOTE);
            SuspectedReasons reasons = reason == null
                    ? new SuspectedReasons(DropoutReason.OTHER, Set.of(), note.isEmpty() ? REASON_UNKNOWN_NOTE : note)
                    : new SuspectedReasons(reason, Set.of(), note.isEmpty() ? null : note);
            IdentifyCase identify = new IdentifyCase(UUID.randomUUID().toString(),
                                                     IdentificationSource.PLATFORM_COMPARISON, sourceNote(batch),
                                                     reportedOn, student, household, lastSchool, List.of(), reasons);
            return new ListRow(row, List.copyOf(cells), identify, List.of());
        } catch (DomainException invalid) {
            return new ListRow(row, List.copyOf(cells), null, List.of(problemOf(row, invalid)));
        }
    }

    /** A refusal of the kernel or the case service as a problem of this row, in the column that holds its field. */
    public static Problem problemOf(int row, DomainException refusal) {
        return new Problem(row, columnOf(refusal.field()), refusal.code(), refusal.getMessage());
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private <T> T parse(int row, Column column, List<String> cells, List<Problem> problems, Parser<T> parser) {
        String text = cell(cells, column).replace(" ", "").toUpperCase(Locale.ROOT);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return parser.parse(text);
        } catch (DomainException invalid) {
            problems.add(new Problem(row, column.header, invalid.code(), invalid.getMessage()));
            return null;
        }
    }

    private static Sex sex(int row, String text, List<Problem> problems) {
        return switch (text) {
            case "" -> null;
            case "男", "M", "m", "男性" -> Sex.MALE;
            case "女", "F", "f", "女性" -> Sex.FEMALE;
            default -> {
                problems.add(new Problem(row, Column.SEX.header, "VALUE_NOT_ALLOWED",
                        "性别应填“男”或“女”，填写的是“" + text + "”"));
                yield null;
            }
        };
    }

    private HouseholdLocation household(int row, List<String> cells, List<Problem> problems) {
        String code = cell(cells, Column.VILLAGE);
        if (code.isEmpty()) {
            problems.add(new Problem(row, Column.VILLAGE.header, "VALUE_REQUIRED",
                    "请填写户籍所在村（社区）的 12 位统计用区划代码"));
            return null;
        }
        try {
            String address = cell(cells, Column.ADDRESS);
            return new HouseholdLocation(new DivisionCode(code), address.isEmpty() ? null : address);
        } catch (DomainException invalid) {
            Column column = "address".equals(invalid.field()) ? Column.ADDRESS : Column.VILLAGE;
            problems.add(new Problem(row, column.header, invalid.code(), invalid.getMessage()));
            return null;
        }
    }

    private LastSchool lastSchool(int row, List<String> cells, List<Problem> problems) {
        String code = cell(cells, Column.SCHOOL_CODE);
        String name = cell(cells, Column.SCHOOL_NAME);
        String gradeText = cell(cells, Column.GRADE);
        if (code.isEmpty() && name.isEmpty() && gradeText.isEmpty()) {
            return null; // never enrolled (失学), or not known to the platform
        }
        Grade grade = grade(gradeText);
        int before = problems.size();
        if (name.isEmpty()) {
            problems.add(new Problem(row, Column.SCHOOL_NAME.header, "VALUE_REQUIRED",
                    "填写了原就读学校标识码或年级时，请同时填写原就读学校名称"));
        }
        if (grade == null) {
            problems.add(new Problem(row, Column.GRADE.header, gradeText.isEmpty() ? "VALUE_REQUIRED"
                    : "VALUE_NOT_ALLOWED", gradeText.isEmpty() ? "填写了原就读学校时，请同时填写原就读年级（一年级至九年级）"
                    : "原就读年级“" + gradeText + "”无法识别，应为一年级至九年级（或 1–9、初一至初三）"));
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            return new LastSchool(name, code.isEmpty() ? null : code, grade);
        } catch (DomainException invalid) {
            problems.add(new Problem(row, columnOf("lastSchool." + invalid.field()) == null ? Column.SCHOOL_CODE.header
                    : columnOf("lastSchool." + invalid.field()), invalid.code(), invalid.getMessage()));
            return null;
        }
    }

    private static Grade grade(String text) {
        String value = text.replace(" ", "");
        for (Grade grade : Grade.values()) {
            if (grade.label().equals(value) || grade.label().replace("年级", "").equals(value)) {
                return grade;
            }
        }
        Map<String, Grade> junior = Map.of("初一", Grade.GRADE_7, "初二", Grade.GRADE_8, "初三", Grade.GRADE_9,
                                           "七", Grade.GRADE_7, "八", Grade.GRADE_8, "九", Grade.GRADE_9);
        if (junior.containsKey(value)) {
            return junior.get(value);
        }
        if (DIGITS.matcher(value.replace("年级", "")).matches()) {
            int number = Integer.parseInt(value.replace("年级", ""));
            return number >= 1 && number <= 9 ? Grade.values()[number - 1] : null;
        }
        return null;
    }

    private static LocalDate date(int row, String text, List<Problem> problems) {
        if (text.isEmpty()) {
            problems.add(new Problem(row, Column.REPORTED_ON.header, "VALUE_REQUIRED",
                    "请填写下发日期（平台比对下发名单的日期），格式 2026-09-15"));
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
            problems.add(new Problem(row, Column.REPORTED_ON.header, "DATE_INVALID",
                    "下发日期“" + text + "”不是有效日期，请写成 2026-09-15 的格式"));
            return null;
        }
    }

    private static DropoutReason reason(int row, String text, List<Problem> problems) {
        if (text.isEmpty()) {
            return null;
        }
        for (DropoutReason reason : DropoutReason.values()) {
            if (reason.label().equals(text) || Arrays.asList(reason.label().split("/")).contains(text)
                    || reason.name().equalsIgnoreCase(text)) {
                return reason;
            }
        }
        problems.add(new Problem(row, Column.REASON.header, "VALUE_NOT_ALLOWED", "疑似辍学原因“" + text
                + "”无法识别，应为：" + String.join("、", Arrays.stream(DropoutReason.values())
                                                            .map(DropoutReason::label).toList()) + "（可不填）"));
        return null;
    }

    private String cell(List<String> cells, Column column) {
        Integer index = columns.get(column);
        if (index == null || index >= cells.size()) {
            return "";
        }
        return cells.get(index).strip();
    }
}
