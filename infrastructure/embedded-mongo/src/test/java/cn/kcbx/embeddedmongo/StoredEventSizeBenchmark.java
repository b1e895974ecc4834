package cn.kcbx.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.h2.mvstore.MVStoreTool;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints what a stored event costs the embedded store on disk and in CPU: N commits shaped like the event store's (one
 * event each, a JSON payload with sealed bytes in Base64 and Chinese text, the hash chain's fields; the unique
 * {@code streamKey} and sparse unique {@code requestId} indexes), one insert per commit from 4 threads, into a fresh
 * store; then the file's size, and the size of a copy that holds only the live data ({@code MVStoreTool.compact}).
 * Not a test: run it with the module's test classpath (deploy/BENCHMARK.md, "Documents in a compact form").
 *
 * <p>Arguments: the directory for the store's files, the number of commits.
 */
public final class StoredEventSizeBenchmark {

    private StoredEventSizeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Path file = directory.resolve("events.mv.db");
        Files.deleteIfExists(file);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            events.createIndex(Indexes.ascending("streamKey"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("requestId"), new IndexOptions().unique(true).sparse(true));
            AtomicLong next = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                running.add(pool.submit(() -> {
                    Random random = new Random();
                    long position;
                    while ((position = next.getAndIncrement()) < n) {
                        events.insertOne(commit(position, random));
                    }
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            pool.shutdown();
        }
        long cpu = os.getProcessCpuTime() - cpu0;
        double wall = (System.nanoTime() - wall0) / 1e9;
        long size = Files.size(file);
        Path compacted = directory.resolve("compacted.mv.db");
        Files.deleteIfExists(compacted);
        MVStoreTool.compact(file.toString(), compacted.toString(), false);
        long live = Files.size(compacted);
        System.out.printf(Locale.ROOT, "events %d: load CPU %.1f s (%.0f µs per insert), wall %.1f s (%.0f inserts/s); file %.1f MB = %.0f bytes/event; compacted copy %.1f MB = %.0f bytes/event%n",
                n, cpu / 1e9, cpu / 1e3 / n, wall, n / wall, size / 1e6, (double) size / n, live / 1e6, (double) live / n);
    }

    private static Document commit(long position, Random random) {
        String caseId = "case-" + new UUID(position * 31, position).toString();
        byte[] sealed = new byte[180];
        random.nextBytes(sealed);
        String payload = "{\"caseId\":\"" + caseId + "\",\"visitedOn\":\"2026-09-14\",\"visitor\":\"张老师\",\"outcome\":\"RETURNED\","
                + "\"note\":\"家长表示孩子下周一返校，已与班主任沟通\",\"student\":\"" + Base64.getEncoder().encodeToString(sealed) + "\"}";
        String hash = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
        Document event = new Document("eventId", UUID.randomUUID().toString())
                .append("sequence", position % 10)
                .append("timestamp", "2026-09-14T08:30:00.123Z")
                .append("payloadType", "cn.kcbx.casefile.events.HomeVisitRecorded")
                .append("payloadRevision", null)
                .append("payload", payload)
                .append("metaData", "{\"traceId\":\"" + Long.toHexString(random.nextLong()) + "\",\"userId\":\"u-17\",\"correlationId\":\"" + UUID.randomUUID() + "\"}")
                .append("prevHash", hash)
                .append("hash", hash);
        return new Document("_id", position).append("lastPosition", position)
                .append("aggregateId", caseId).append("aggregateType", "StudentCase")
                .append("firstSequence", position % 10).append("lastSequence", position % 10)
                .append("streamKey", caseId + "/" + position % 10)
                .append("requestId", UUID.randomUUID().toString())
                .append("committedAt", "2026-09-14T08:30:00.456Z")
                .append("events", List.of(event));
    }
}
