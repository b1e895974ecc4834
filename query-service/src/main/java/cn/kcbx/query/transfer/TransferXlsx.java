package cn.kcbx.query.transfer;

import cn.kcbx.query.export.XlsxExport;

import java.util.List;
import java.util.function.Function;

/** The columns of the 移交台账 export: the list's rows, one hand-over a line. */
final class TransferXlsx {

    static final List<XlsxExport.Column<TransferRow>> COLUMNS = List.of(
            column("移交日期", TransferRow::transferredOn),
            column("移交类型", row -> row.kind() == null ? null : row.kind().label()),
            column("学生姓名", TransferRow::studentName),
            column("转出村", row -> place(row.from().villageName(), row.from().villageCode())),
            column("转出乡镇", row -> place(row.from().townName(), row.from().townCode())),
            column("转出县", row -> place(row.from().countyName(), row.from().countyCode())),
            column("转入村", row -> place(row.to().villageName(), row.to().villageCode())),
            column("转入乡镇", row -> place(row.to().townName(), row.to().townCode())),
            column("转入县", row -> place(row.to().countyName(), row.to().countyCode())),
            column("转入学校", row -> row.toSchool() == null ? null
                    : place(row.toSchool().name(), row.toSchool().code())),
            column("移交单位", row -> place(row.transferredByUnitName(), row.transferredByUnit())),
            column("登记日期", TransferRow::recordedOn),
            column("说明", TransferRow::note),
            column("案件当前状态", row -> row.currentStatus() == null ? null : row.currentStatus().label()),
            column("案件编号", TransferRow::caseId));

    private TransferXlsx() {
    }

    /** 白沙镇（430182101）, or the code alone when no directory names it. */
    static String place(String name, String code) {
        if (code == null) {
            return name;
        }
        return name == null ? code : name + "（" + code + "）";
    }

    private static XlsxExport.Column<TransferRow> column(String header, Function<TransferRow, Object> value) {
        return new XlsxExport.Column<>(header, value);
    }
}
