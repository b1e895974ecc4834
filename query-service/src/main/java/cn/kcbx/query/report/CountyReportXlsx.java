package cn.kcbx.query.report;

import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.export.XlsxExport;
import cn.kcbx.query.measure.AccountSummary;
import cn.kcbx.query.measure.RegionMeasures;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The county monthly report as a workbook: sheet 各乡镇汇总 (one row per town, then the county total, the figures of
 * the report's JSON) and sheet 数字背后的案件 (for each figure, the cases counted in it: one row per figure and case,
 * with the case's town so that a town's figure can be checked too). Students' ID numbers are masked as everywhere.
 */
final class CountyReportXlsx {

    static final String NAME = "县级控辍保学月报";
    static final String TOTAL = "全县合计";

    /** One line of the first sheet: a town, or the county total (no code). */
    record FigureRow(String townCode, String townName, RegionMeasures measures) {
    }

    /** One case behind one figure. */
    record CaseLine(String figure, CaseFile file, String townName, String villageName) {
    }

    static final List<XlsxExport.Column<FigureRow>> FIGURES = List.of(
            column("乡镇代码", FigureRow::townCode),
            column("乡镇名称", FigureRow::townName),
            account("案件数", AccountSummary::cases),
            account("应返", AccountSummary::shouldReturn),
            account("已返", AccountSummary::returned),
            account("已销号", AccountSummary::crossedOff),
            account("在劝", AccountSummary::persuading),
            account("返校观察中", AccountSummary::returnedWatching),
            account("送教上门", AccountSummary::homeTeaching),
            account("送教上门结束", AccountSummary::homeTeachingEnded),
            account("特殊情况", AccountSummary::specialSituation),
            account("待核实", AccountSummary::pendingVerification),
            account("待复核", AccountSummary::pendingRecheck),
            account("返回率（%）", AccountSummary::returnRate),
            column("有逾期事项的案件", row -> row.measures().overdueCases()),
            column("本期新增", row -> row.measures().identifiedInPeriod()),
            column("本期返校", row -> row.measures().returnedInPeriod()),
            column("本期销号", row -> row.measures().crossedOffInPeriod()),
            column("送教上门已送次数", row -> row.measures().homeTeaching().sessionsDelivered()),
            column("送教上门应送次数", row -> row.measures().homeTeaching().sessionsRequired()),
            column("送教上门课时", row -> row.measures().homeTeaching().periodsDelivered()));

    static final List<XlsxExport.Column<CaseLine>> CASES = List.of(
            new XlsxExport.Column<>("指标", line -> RegionMeasures.figureLabel(line.figure())),
            new XlsxExport.Column<>("指标代码", CaseLine::figure),
            new XlsxExport.Column<>("学生姓名", line -> line.file().studentName()),
            new XlsxExport.Column<>("身份证号", line -> line.file().idNumber()),
            new XlsxExport.Column<>("乡镇代码", line -> line.file().townCode()),
            new XlsxExport.Column<>("乡镇名称", CaseLine::townName),
            new XlsxExport.Column<>("村代码", line -> line.file().villageCode()),
            new XlsxExport.Column<>("村名称", CaseLine::villageName),
            new XlsxExport.Column<>("案件状态", line -> line.file().status() == null ? null
                    : line.file().status().label()),
            new XlsxExport.Column<>("案件编号", line -> line.file().caseId()));

    private CountyReportXlsx() {
    }

    static List<FigureRow> figureRows(CountyReport report) {
        List<FigureRow> rows = new ArrayList<>();
        report.towns().forEach(town -> rows.add(new FigureRow(town.townCode(), town.townName(), town.measures())));
        rows.add(new FigureRow(null, TOTAL, report.total()));
        return rows;
    }

    /** The cases behind each figure, in the report's order of figures; figures with no case have no line. */
    static List<CaseLine> caseLines(CountyReport report, Map<String, CaseFile> files, UnitNames names) {
        List<CaseLine> lines = new ArrayList<>();
        report.casesBehind().forEach((figure, ids) -> ids.forEach(id -> {
            CaseFile file = files.get(id);
            if (file != null) {
                lines.add(new CaseLine(figure, file, names.name(file.townCode()), names.name(file.villageCode())));
            }
        }));
        return lines;
    }

    private static XlsxExport.Column<FigureRow> column(String header, Function<FigureRow, Object> value) {
        return new XlsxExport.Column<>(header, value);
    }

    private static XlsxExport.Column<FigureRow> account(String header, Function<AccountSummary, Object> value) {
        return new XlsxExport.Column<>(header, row -> value.apply(row.measures().account()));
    }
}
