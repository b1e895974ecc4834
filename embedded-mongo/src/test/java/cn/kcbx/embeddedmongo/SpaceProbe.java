package cn.kcbx.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;

/** Not a test: prints how the store file grows under inserts and updates, against the size of the live data. */
public final class SpaceProbe {
    public static void main(String[] args) throws Exception {
        Path directory = Files.createTempDirectory("space-probe");
        Path file = directory.resolve("store.mv.db");
        int inserts = Integer.parseInt(args.length > 0 ? args[0] : "20000");
        long started = System.nanoTime();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            MongoCollection<Document> ledger = client.getDatabase("kcbx").getCollection("ledger");
            String payload = "x".repeat(1500);
            for (int i = 0; i < inserts; i++) {
                events.insertOne(new Document("_id", (long) i).append("payload", payload));
                int row = ThreadLocalRandom.current().nextInt(2000);
                ledger.replaceOne(new Document("_id", row), new Document("_id", row).append("v", i).append("p", payload),
                                  new com.mongodb.client.model.ReplaceOptions().upsert(true));
                if ((i + 1) % 5000 == 0) {
                    System.out.printf("%,d inserts: file %,d KB, %d commits, %.0f ops/s%n", i + 1, Files.size(file) / 1024,
                                      server.commits(), 2.0 * (i + 1) / ((System.nanoTime() - started) / 1e9));
                }
            }
        }
        long closed = Files.size(file);
        EmbeddedMongoServer.start(file, "127.0.0.1", 0).close(); // compacts at start, with every map open
        System.out.printf("closed file %,d KB; reopened and compacted %,d KB%n", closed / 1024, Files.size(file) / 1024);
    }
}
