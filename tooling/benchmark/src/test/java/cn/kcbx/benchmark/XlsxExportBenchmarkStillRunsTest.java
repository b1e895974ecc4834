package cn.kcbx.benchmark;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export benchmark in miniature (3,000 rows, over three flushes of the sheet): it still writes a workbook that
 * reads back with every row numbered, masked, and the footer after the last row. Time and heap are printed, not judged.
 */
class XlsxExportBenchmarkStillRunsTest {

    @Test
    void theExportStillWritesEveryRow_andReadsBack() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        XlsxExportBenchmark.Result result = XlsxExportBenchmark.run(3_000, out);
        XlsxExportBenchmark.print(result, null);

        assertThat(result.rows()).isEqualTo(3_000);
        assertThat(result.bytes()).isEqualTo(out.size()).isPositive();
        assertThat(result.peakHeapBytes()).isPositive();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<Row> rows = workbook.getFirstSheet().read();
            List<Row> numbered = rows.stream()
                    .filter(row -> row.getCellCount() > 0 && row.getCell(0) != null
                            && row.getCell(0).getType() == CellType.NUMBER).toList();
            assertThat(numbered).hasSize(3_000);
            assertThat(numbered.get(2_999).getCellText(0)).isEqualTo("3000");
            assertThat(numbered).allSatisfy(row -> assertThat(row.getCellText(2)).contains("**********"));
            assertThat(rows.get(rows.size() - 1).getCellText(0)).startsWith("联系电话：");
        }
    }
}
