package cn.kcbx.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query answers each document as it matched, never as a later update left it: two clients that each find the
 * documents not moved yet and move each one by an update conditional on the value they read (the master key
 * rotation's pattern; claims and leases read and then update in the same way) move every document exactly once
 * between them. mongo-java-server's answers used to be the stored objects themselves, which an update changes in
 * place: a client then received documents already moved by the other, and moved them again (364 moves of 200).
 */
class ConditionalUpdateRaceTest {

    private static final int DOCUMENTS = 200;
    private static final int ROUNDS = 5;

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    @Test
    void two_clients_moving_what_is_not_moved_yet_move_each_document_exactly_once() throws Exception {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", 0);
             MongoClient first = MongoClients.create(server.connectionString("race"));
             MongoClient second = MongoClients.create(server.connectionString("race"))) {
            MongoCollection<Document> keys = first.getDatabase("race").getCollection("keys");
            ExecutorService threads = Executors.newFixedThreadPool(2);
            AtomicInteger torn = new AtomicInteger();
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    keys.drop();
                    List<Document> documents = new ArrayList<>();
                    for (int i = 0; i < DOCUMENTS; i++) {
                        documents.add(new Document("_id", "key-%03d".formatted(i)).append("wrapped", "old-" + i)
                                                                                   .append("by", "old"));
                    }
                    keys.insertMany(documents);
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<Integer>> passes = new ArrayList<>();
                    for (MongoClient client : List.of(first, second)) {
                        MongoCollection<Document> theirs = client.getDatabase("race").getCollection("keys");
                        String name = client == first ? "first" : "second";
                        passes.add(threads.submit(() -> {
                            start.await();
                            int moved = 0;
                            for (Document read : theirs.find(Filters.ne("by", "new")).sort(Sorts.ascending("_id"))
                                                       .batchSize(16)) {
                                if ("new".equals(read.getString("by"))) {
                                    torn.incrementAndGet();
                                }
                                moved += (int) theirs.updateOne(
                                        Filters.and(Filters.eq("_id", read.getString("_id")),
                                                    Filters.eq("wrapped", read.getString("wrapped"))),
                                        Updates.combine(Updates.set("wrapped", name + "-" + read.getString("_id")),
                                                        Updates.set("by", "new"))).getModifiedCount();
                            }
                            return moved;
                        }));
                    }
                    start.countDown();
                    int moved = 0;
                    for (Future<Integer> pass : passes) {
                        moved += pass.get();
                    }
                    assertThat(torn).as("round %d: documents answered that no longer matched the query", round)
                            .hasValue(0);
                    assertThat(moved).as("round %d: moves", round).isEqualTo(DOCUMENTS);
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
