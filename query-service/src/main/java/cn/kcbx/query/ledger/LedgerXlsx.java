package cn.kcbx.query.ledger;

import cn.kcbx.query.export.XlsxExport;

import java.util.List;

/**
 * The ledgers' sheets in an .xlsx export: the CSV's columns, cell for cell, so that the two files and the API come out
 * of one row-building code. Public for the export benchmark, which writes generated rows through the same sheet.
 */
public final class LedgerXlsx {

    private LedgerXlsx() {
    }

    /** The 三帮一 ledger's sheet; {@code rows} are read once, as they come. */
    public static long sanbang(XlsxExport file, Iterable<SanbangLedgerRow> rows) {
        return file.sheet(SanbangLedgerCsv.NAME, null, columns(SanbangLedgerCsv.COLUMNS), rows);
    }

    static long returns(XlsxExport file, List<ReturnAccountCsv.Line> lines) {
        return file.sheet(ReturnAccountCsv.NAME, null, columns(ReturnAccountCsv.COLUMNS), lines);
    }

    private static <T> List<XlsxExport.Column<T>> columns(List<LedgerCsv.Column<T>> columns) {
        return columns.stream().map(column -> new XlsxExport.Column<>(column.header(), column.value())).toList();
    }
}
