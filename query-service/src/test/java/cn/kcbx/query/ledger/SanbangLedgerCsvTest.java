package cn.kcbx.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cells that Excel would misread: separators and quotes are quoted, typed formulas are written as text. */
class SanbangLedgerCsvTest {

    @Test
    void separatorsAndQuotes_areQuoted() {
        assertThat(SanbangLedgerCsv.cell("林小禾")).isEqualTo("林小禾");
        assertThat(SanbangLedgerCsv.cell("青禾村,三组")).isEqualTo("\"青禾村,三组\"");
        assertThat(SanbangLedgerCsv.cell("说“不去”也说\"不去\"")).isEqualTo("\"说“不去”也说\"\"不去\"\"\"");
        assertThat(SanbangLedgerCsv.cell("两行\n备注")).isEqualTo("\"两行\n备注\"");
    }

    @Test
    void aTypedFormula_isWrittenAsText_butNumbersStayNumbers() {
        assertThat(SanbangLedgerCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(SanbangLedgerCsv.cell("+86 138")).isEqualTo("'+86 138");
        assertThat(SanbangLedgerCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(SanbangLedgerCsv.cell("-3")).isEqualTo("-3");
        assertThat(SanbangLedgerCsv.cell("43")).isEqualTo("43");
    }
}
