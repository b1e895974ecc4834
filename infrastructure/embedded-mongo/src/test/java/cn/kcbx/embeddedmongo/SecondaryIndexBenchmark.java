package cn.kcbx.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * Prints what a county's read costs on the embedded store as the other counties grow, with the query service's ledger
 * indexes ({@link SecondaryIndexMap}) and without (mongo-java-server's scan): 100,000 ledger-like documents over 20
 * counties, one county of 5,000 loaded first, then the others up to 20,000 and 100,000 documents in the collection;
 * the documents' keys (case ids) are scattered, so a county's documents lie among all the others'.
 * Not a test (it asserts nothing about time): run it with the module's test classpath, see
 * docs/decisions/0015-embedded-store-secondary-indexes.md.
 *
 * <p>Arguments: the directory for the store's file (default: a new temporary directory), runs per measurement (15).
 */
public final class SecondaryIndexBenchmark {

    private static final String COUNTY = "c00";
    private static final int COUNTY_DOCUMENTS = 5_000;
    private static final int[] TOTALS = {5_000, 20_000, 100_000};
    private static final int BATCH = 1_000;

    private SecondaryIndexBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("secondary-index-benchmark");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path file = directory.resolve("benchmark.mv.db");
        Files.deleteIfExists(file);
        Random random = new Random(2026);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            MongoCollection<Document> indexed = database.getCollection("ledger_indexed");
            MongoCollection<Document> plain = database.getCollection("ledger_plain");
            createLedgerIndexes(indexed);
            plain.createIndex(Indexes.ascending("caseId"), new IndexOptions().unique(true)); // both carry a unique one
            indexed.createIndex(Indexes.ascending("caseId"), new IndexOptions().unique(true));

            System.out.printf(Locale.ROOT, "store file %s, %d runs per query (median / min ms), JVM %s%n", file, runs,
                              System.getProperty("java.version"));
            System.out.printf(Locale.ROOT, "%-9s %-28s %10s %14s %14s %9s %12s%n", "documents", "query", "answers",
                              "indexed ms", "scan ms", "speedup", "examined");
            int loaded = 0;
            long[] insertNanos = new long[2];
            for (int total : TOTALS) {
                List<Document> batch = new ArrayList<>(BATCH);
                while (loaded < total) {
                    batch.add(ledgerDocument(random, loaded));
                    loaded++;
                    if (batch.size() == BATCH || loaded == total) {
                        insertNanos[0] += timed(() -> indexed.insertMany(copies(batch)));
                        insertNanos[1] += timed(() -> plain.insertMany(copies(batch)));
                        batch.clear();
                    }
                }
                measure(database, total, "find({countyCode: c00})", eq("countyCode", COUNTY), runs);
                measure(database, total, "find({townCode: t00_03, status})",
                        and(eq("townCode", "t00_03"), eq("status", "OPEN")), runs);
                measure(database, total, "find({file.schoolCodes: s00_07})", eq("file.schoolCodes", "s00_07"), runs);
                System.out.printf(Locale.ROOT, "%-9d inserts so far: indexed %.0f docs/s, unindexed %.0f docs/s%n",
                                  total, total / (insertNanos[0] / 1e9), total / (insertNanos[1] / 1e9));
            }
            System.out.printf(Locale.ROOT, "file size %.1f MB%n", Files.size(file) / 1e6);
        }
    }

    private static void measure(MongoDatabase database, int total, String label, Bson query, int runs) {
        MongoCollection<Document> indexed = database.getCollection("ledger_indexed");
        MongoCollection<Document> plain = database.getCollection("ledger_plain");
        List<Document> expected = plain.find(query).into(new ArrayList<>());
        if (!indexed.find(query).into(new ArrayList<>()).equals(expected)) {
            throw new IllegalStateException("the indexed collection answers " + label + " differently");
        }
        long examinedBefore = examined(database, "ledger_indexed");
        double[] withIndex = times(() -> indexed.find(query).into(new ArrayList<>()), runs);
        long examined = (examined(database, "ledger_indexed") - examinedBefore) / (runs + 2);
        double[] scan = times(() -> plain.find(query).into(new ArrayList<>()), runs);
        System.out.printf(Locale.ROOT, "%-9d %-28s %10d %7.1f / %-5.1f %7.1f / %-5.1f %8.1fx %12d%n", total, label,
                          expected.size(), median(withIndex), withIndex[0], median(scan), scan[0],
                          median(scan) / median(withIndex), examined);
    }

    /** Milliseconds of each run after two unmeasured ones, sorted. */
    private static double[] times(Runnable query, int runs) {
        query.run();
        query.run();
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            millis[i] = timed(query) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static long timed(Runnable action) {
        long start = System.nanoTime();
        action.run();
        return System.nanoTime() - start;
    }

    private static long examined(MongoDatabase database, String collection) {
        return database.runCommand(new Document("collStats", collection))
                       .get(InsertOnceH2Database.DOCUMENTS_EXAMINED, Number.class).longValue();
    }

    private static List<Document> copies(List<Document> documents) {
        return documents.stream().map(document -> Document.parse(document.toJson())).toList();
    }

    /** The indexes CaseLedgerProjection declares. */
    private static void createLedgerIndexes(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("townCode", "status"), new IndexOptions().name("town_status"));
        collection.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
        collection.createIndex(Indexes.ascending("villageCode"), new IndexOptions().name("village"));
        collection.createIndex(Indexes.ascending("transferredFrom"), new IndexOptions().name("transferredFrom"));
        collection.createIndex(Indexes.ascending("transferredTo"), new IndexOptions().name("transferredTo"));
        collection.createIndex(Indexes.ascending("file.schoolCodes"), new IndexOptions().name("schools"));
    }

    /**
     * A case_ledger-like row: the first 5,000 in county c00, the rest spread over c01..c19; 20 towns a county, 10
     * villages a town, 40 schools a county; a sealed blob for the personal data. About 1 KB.
     */
    private static Document ledgerDocument(Random random, int index) {
        int county = index < COUNTY_DOCUMENTS ? 0 : 1 + random.nextInt(19);
        String countyCode = "c%02d".formatted(county);
        String townCode = "t%02d_%02d".formatted(county, random.nextInt(20));
        String villageCode = townCode + "_v" + random.nextInt(10);
        List<String> schools = new ArrayList<>();
        for (int i = 0; i <= random.nextInt(2); i++) {
            schools.add("s%02d_%02d".formatted(county, random.nextInt(40)));
        }
        List<String> transferredFrom = random.nextInt(10) == 0 ? List.of("c%02d".formatted(random.nextInt(20)))
                                                               : List.of();
        // Case ids in no order of county, as the store holds them: a county's documents are spread over the whole
        // data map, not one run of its pages (an odd multiplier is a bijection of the ints).
        String caseId = "case-%08x".formatted(index * 0x9E3779B1);
        return new Document("_id", caseId)
                .append("caseId", caseId)
                .append("sequence", (long) random.nextInt(30))
                .append("countyCode", countyCode)
                .append("townCode", townCode)
                .append("villageCode", villageCode)
                .append("status", List.of("OPEN", "RETURNED", "CLOSED", "OPEN").get(random.nextInt(4)))
                .append("transferredFrom", transferredFrom)
                .append("transferredTo", List.of())
                .append("file", new Document("caseId", caseId)
                        .append("schoolCodes", schools)
                        .append("grade", random.nextInt(9) + 1)
                        .append("reason", "学习困难")
                        .append("registeredOn", "2026-09-%02d".formatted(1 + random.nextInt(28)))
                        .append("measures", List.of("家访", "劝返", "送教上门").subList(0, 1 + random.nextInt(3))))
                .append("personal", "x".repeat(600));
    }
}
