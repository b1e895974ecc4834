package cn.kcbx.benchmark;

import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.export.XlsxExport;
import cn.kcbx.query.export.XlsxResponses;
import cn.kcbx.query.ledger.LedgerXlsx;
import cn.kcbx.query.ledger.SanbangLedgerRow;
import cn.kcbx.query.measure.Coded;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long the 三帮一 ledger's .xlsx export takes for 100,000 rows, and how much heap it needs: run it with
 * {@code -Xmx256m} to show that the writer streams. Not a timed test; {@code XlsxExportBenchmarkStillRunsTest} runs it
 * in miniature.
 *
 * <p>The rows are generated at the row-building level (fictional {@link SanbangLedgerRow}s, masked as the ledger
 * has them, made one at a time as the writer asks for them) and written through the very sheet the endpoint uses
 * ({@link LedgerXlsx#sanbang}, {@link XlsxResponses#write}) to a stream that counts and discards the bytes (or to a
 * file, {@code -Dbench.xlsxFile=...}). Seeding 100,000 cases through the projection would measure the store, not the
 * export; and the endpoint itself first builds the filtered rows of at most 50,000 cases in memory, as the CSV does.
 *
 * <pre>{@code
 * ./mvnw -B -q -pl tooling/benchmark -am package -DskipTests
 * java -Xmx256m -cp tooling/benchmark/target/benchmark.jar -Dloader.main=cn.kcbx.benchmark.XlsxExportBenchmark \
 *      org.springframework.boot.loader.launch.PropertiesLauncher
 * }</pre>
 */
public final class XlsxExportBenchmark {

    /** What a run measured. {@code peakHeapBytes}: the highest heap in use seen by a 5 ms sampler. */
    public record Result(long rows, long bytes, long nanos, long peakHeapBytes, long peakPoolsBytes, long maxHeapBytes,
                         long heapAfterGcBytes) {
    }

    private XlsxExportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        String file = System.getProperty("bench.xlsxFile");
        run(Math.min(rows, 2_000), OutputStream.nullOutputStream()); // warm-up, not reported
        Result result;
        if (file == null) {
            result = run(rows, OutputStream.nullOutputStream());
        } else {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(Path.of(file)))) {
                result = run(rows, out);
            }
        }
        print(result, file);
    }

    static void print(Result result, String file) {
        System.out.println("xlsx export benchmark: 三帮一劝返工作台账, rows generated at the row-building level"
                + " (SanbangLedgerRow) and written through LedgerXlsx.sanbang / XlsxResponses.write (fastexcel)");
        System.out.printf(Locale.ROOT, "rows            %,d%n", result.rows());
        System.out.printf(Locale.ROOT, "file            %,d bytes%s%n", result.bytes(),
                          file == null ? " (counted, discarded)" : " -> " + file);
        System.out.printf(Locale.ROOT, "elapsed         %.2f s (%,.0f rows/s)%n", result.nanos() / 1e9,
                          result.rows() / (result.nanos() / 1e9));
        System.out.printf(Locale.ROOT, "peak heap used  %.1f MB (sampled every 5 ms)%n", result.peakHeapBytes() / 1e6);
        System.out.printf(Locale.ROOT, "peak heap pools %.1f MB (sum of the heap pools' peaks, an upper bound)%n",
                          result.peakPoolsBytes() / 1e6);
        System.out.printf(Locale.ROOT, "heap after GC   %.1f MB (what stays once the file is written)%n",
                          result.heapAfterGcBytes() / 1e6);
        System.out.printf(Locale.ROOT, "max heap (-Xmx) %.1f MB%n", result.maxHeapBytes() / 1e6);
        System.out.println("The peak counts garbage not yet collected; the writer itself needs little: the same run"
                + " completes with -Xmx32m. The endpoint also holds its filtered rows (at most 50,000) in memory, as the"
                + " CSV export does.");
    }

    /** Writes {@code rows} generated rows as the ledger's .xlsx to {@code out}. */
    public static Result run(int rows, OutputStream out) throws IOException, InterruptedException {
        System.gc();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                                                            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                peak.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        CountingStream counting = new CountingStream(out);
        long[] written = new long[1];
        long start = System.nanoTime();
        XlsxResponses.write(counting, new XlsxExport.Heading("三帮一劝返工作台账", "清溪县（439921）",
                                                             "日期：2026-10-28；统计时点：2026-10-28 23:59（截至该时刻录入系统的记录）",
                                                             List.of("状态：未结案（默认）")),
                            new XlsxExport.Footer("清溪县（439921）", null, "基准测试", null, LocalDate.of(2026, 10, 28)),
                            file -> written[0] = LedgerXlsx.sanbang(file, () -> new FictionalRows(rows)));
        counting.flush();
        long nanos = System.nanoTime() - start;
        sampler.interrupt();
        sampler.join();
        long pools = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.gc();
        long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Result(written[0], counting.count, nanos, peak.get(), pools, Runtime.getRuntime().maxMemory(),
                          afterGc);
    }

    /** Fictional ledger rows, masked as the ledger shows them, made one at a time. */
    private static final class FictionalRows implements Iterator<SanbangLedgerRow> {

        private static final String[] SURNAMES = {"李", "王", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"};
        private static final String[] GIVEN = {"小禾", "子涵", "雨桐", "浩然", "欣怡", "宇轩", "梓萱", "俊杰"};
        private static final LocalDate DAY = LocalDate.of(2026, 10, 28);

        private final int total;
        private int next;

        FictionalRows(int total) {
            this.total = total;
        }

        @Override
        public boolean hasNext() {
            return next < total;
        }

        @Override
        public SanbangLedgerRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int n = next++;
            String town = "439921" + (100 + n % 12);
            String village = town + (200 + n % 30);
            LocalDate identified = DAY.minusDays(20 + n % 300);
            String name = SURNAMES[n % SURNAMES.length] + GIVEN[(n / 10) % GIVEN.length];
            String caseId = new java.util.UUID(0x4b43_4258_0000_4000L | n, 0x8000_0000_0000_0000L | n).toString();
            CaseFile.HelperRow teacher = new CaseFile.HelperRow("周老师" + n % 97, "清溪镇中心小学 班主任", "138****" + "%04d".formatted(n % 10_000));
            CaseFile.HelperRow cadre = new CaseFile.HelperRow("村主任" + n % 89, "村委会", "139****" + "%04d".formatted(n % 9_999));
            CaseFile.HelperRow guardian = new CaseFile.HelperRow(SURNAMES[(n + 3) % 10] + "大木", "父亲", "137****" + "%04d".formatted(n % 9_998));
            return new SanbangLedgerRow(
                    caseId, new SanbangLedgerRow.Student(name, "4399**********%04d".formatted(n % 10_000), null,
                                                         new Coded("MALE", n % 2 == 0 ? "男" : "女"), 9 + n % 7),
                    village, "第" + (n % 30) + "村", town, "第" + (n % 12) + "镇",
                    new SanbangLedgerRow.School("清溪镇中心小学", "2199211000", new Coded("GRADE_6", "六年级"),
                                                new Coded("PRIMARY", "小学")),
                    List.of(new Coded("LEFT_BEHIND_CHILD", "留守儿童")), new Coded("LEARNING_DIFFICULTY", "学习困难/厌学"),
                    List.of(new Coded("FAMILY_OR_GUARDIANSHIP", "家庭/监护缺失")),
                    new SanbangLedgerRow.Trio(teacher, cadre, guardian), n % 9, identified.plusDays(10),
                    new Coded("UNDECIDED", "犹豫/需再次劝返"), DAY.plusDays(n % 7), new Coded("NONE", "未启动"), null,
                    new Coded("PERSUADING", "劝返中"), identified.plusDays(3), 1, identified,
                    java.time.temporal.ChronoUnit.DAYS.between(identified, DAY),
                    n % 5 == 0 ? List.of(new Coded("NO_VISIT", "超期未走访")) : List.of(), null, null);
        }
    }

    private static final class CountingStream extends OutputStream {

        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }
}
