package cn.kcbx.query.ledger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cells that Excel would misread: separators and quotes are quoted, typed formulas are written as text. */
class LedgerCsvTest {

    @Test
    void separatorsAndQuotes_areQuoted() {
        assertThat(LedgerCsv.cell("林小禾")).isEqualTo("林小禾");
        assertThat(LedgerCsv.cell("青禾村,三组")).isEqualTo("\"青禾村,三组\"");
        assertThat(LedgerCsv.cell("说“不去”也说\"不去\"")).isEqualTo("\"说“不去”也说\"\"不去\"\"\"");
        assertThat(LedgerCsv.cell("两行\n备注")).isEqualTo("\"两行\n备注\"");
    }

    @Test
    void theFile_startsWithTheBom_numbersItsLines_andEndsThemWithCrLf() {
        List<LedgerCsv.Column<String>> columns = List.of(new LedgerCsv.Column<>("姓名", name -> name),
                                                         new LedgerCsv.Column<>("备注", name -> null));
        String csv = new String(LedgerCsv.write(columns, List.of("林小禾", "=1+1")), StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo("\uFEFF序号,姓名,备注\r\n1,林小禾,\r\n2,'=1+1,\r\n");
    }

    @Test
    void aTypedFormula_isWrittenAsText_butNumbersStayNumbers() {
        assertThat(LedgerCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(LedgerCsv.cell("+86 138")).isEqualTo("'+86 138");
        assertThat(LedgerCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LedgerCsv.cell("-3")).isEqualTo("-3");
        assertThat(LedgerCsv.cell("43")).isEqualTo("43");
    }
}
