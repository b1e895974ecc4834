package cn.kcbx.embeddedmongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedStoreDurabilityTest {

    /** Inserts answered in each round of {@link #everyAcknowledgedWriteSurvivesSigkill} before the kill. */
    private static final int ANSWERED_BEFORE_KILL = 100;

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    /**
     * The promise of an acknowledgement: writers insert as fast as they can, the store's process is killed with SIGKILL
     * in the middle, and every insert that had been answered is there after the restart, with its index (a new
     * insert of the same key is a duplicate-key error, not an unknown one). Repeated over several kills of one file.
     */
    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path file = directory.resolve("store.mv.db");
        Set<Long> attempted = ConcurrentHashMap.newKeySet();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong nextId = new AtomicLong();
        for (int round = 0; round < 3; round++) {
            try (StoreProcess store = StoreProcess.start(file);
                 MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + store.port())) {
                MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
                // Inserts cut off by the kill may or may not have been stored; answered ones must have been.
                assertThat(events.countDocuments()).isBetween((long) acknowledged.size(), (long) attempted.size());
                if (round > 0) {
                    assertThat(String.join("\n", store.output())).contains("every index agrees with its documents");
                }
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService writers = Executors.newFixedThreadPool(4);
                List<Future<?>> running = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    running.add(writers.submit(() -> {
                        while (!stop.get()) {
                            long id = nextId.incrementAndGet();
                            attempted.add(id);
                            try {
                                events.insertOne(new Document("_id", id).append("payload", "x".repeat(500)));
                                acknowledged.add(id);
                            } catch (RuntimeException connectionLost) {
                                return;
                            }
                        }
                    }));
                }
                // Kill in the middle of the stream: once the writers have had a hundred inserts answered this
                // round (it was a fixed 1.5 s; only the answered inserts matter, not how long they took).
                int roundStart = acknowledged.size();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (acknowledged.size() < roundStart + ANSWERED_BEFORE_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                int beforeKill = acknowledged.size();
                store.kill();
                stop.set(true);
                for (Future<?> writer : running) {
                    writer.get(30, TimeUnit.SECONDS);
                }
                writers.shutdownNow();
                assertThat(acknowledged.size()).as("writes answered in round %d", round).isGreaterThan(beforeKill / 2);
            }
        }
        try (StoreProcess store = StoreProcess.start(file);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + store.port())) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            Set<Long> stored = new HashSet<>();
            events.find().forEach(document -> stored.add(document.getLong("_id")));
            assertThat(stored).containsAll(acknowledged);
            assertThat(attempted).containsAll(stored);
            long anAcknowledgedId = acknowledged.iterator().next();
            assertThatThrownBy(() -> events.insertOne(new Document("_id", anAcknowledgedId)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            events.insertOne(new Document("_id", nextId.incrementAndGet()));
        }
    }

    /**
     * Writes with {@code w: 1} are answered before the disk. The sync barrier makes them durable and names the store's
     * incarnation: the same while the store runs, another after a restart. Every unsynced write answered before a
     * barrier survives SIGKILL.
     */
    @Test
    void theSyncBarrierMakesUnsyncedWritesDurableAndNamesTheIncarnation() throws Exception {
        Path file = directory.resolve("store.mv.db");
        String firstIncarnation;
        try (StoreProcess store = StoreProcess.start(file);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + store.port())) {
            com.mongodb.client.MongoDatabase database = client.getDatabase("kcbx");
            MongoCollection<Document> projections = database.withWriteConcern(com.mongodb.WriteConcern.W1)
                                                            .getCollection("projection");
            firstIncarnation = SyncBarrier.run(database).orElseThrow();
            for (int i = 0; i < 200; i++) {
                projections.insertOne(new Document("_id", i).append("payload", "x".repeat(200)));
            }
            assertThat(SyncBarrier.run(database)).contains(firstIncarnation);
            store.kill();
        }
        try (StoreProcess store = StoreProcess.start(file);
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + store.port())) {
            com.mongodb.client.MongoDatabase database = client.getDatabase("kcbx");
            assertThat(database.getCollection("projection").countDocuments()).isEqualTo(200);
            assertThat(SyncBarrier.run(database)).isPresent().get().isNotEqualTo(firstIncarnation);
        }
    }

    /**
     * A file written by MVStore's old auto-commit could hold half an insert: the document without its index entries,
     * or an index entry without its document. After an unclean shutdown the store repairs both before it answers.
     */
    @Test
    void halfWrittenInsertsAreRepairedAfterAnUncleanShutdown() {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            events.createIndex(Indexes.ascending("streamKey"), new IndexOptions().unique(true));
            for (long id = 1; id <= 5; id++) {
                events.insertOne(new Document("_id", id).append("streamKey", "case-" + id));
            }
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            // Document 5 without its index entries, and an _id index entry for document 6, which was never stored.
            UniqueIndexMap.entries(raw, "kcbx.events", "_id_").clear();
            UniqueIndexMap.entries(raw, "kcbx.events", "streamKey_1").clear();
            raw.<String, Long>openMap("kcbx.embedded-store").put("openSince", 1L);
            raw.commit();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            assertThat(events.find(new Document("_id", 5L)).first()).isNotNull();
            assertThat(events.find(new Document("streamKey", "case-3")).first().get("_id")).isEqualTo(3L);
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 6L).append("streamKey", "case-5")))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            events.insertOne(new Document("_id", 6L).append("streamKey", "case-6"));
            assertThat(events.countDocuments()).isEqualTo(6);
        }
    }

    /**
     * Without the repair (the shutdown looked clean), a document that its {@code _id} index lacks is still not
     * overwritten: the insert is a duplicate-key error and the stored document stays as it was.
     */
    @Test
    void anInsertNeverOverwritesADocumentItsIndexLacks() {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            client.getDatabase("kcbx").getCollection("events").insertOne(new Document("_id", 1L).append("v", "first"));
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            UniqueIndexMap.entries(raw, "kcbx.events", "_id_").clear();
            raw.commit();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 1L).append("v", "second")))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThat(events.find().first().getString("v")).isEqualTo("first");
        }
    }

    /**
     * A file whose unique indexes were written in mongo-java-server's own key order (serialized keys) is indexed
     * again in this store's order when it opens: every document is found by its keys, a duplicate is still refused,
     * and the old index maps are gone.
     */
    @Test
    void uniqueIndexesInTheStockKeyOrderAreIndexedAgainOnOpen() {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            events.createIndex(Indexes.ascending("streamKey", "sequence"), new IndexOptions().unique(true));
            for (long id = 1; id <= 40; id++) {
                events.insertOne(new Document("_id", id).append("streamKey", "case-" + id % 7).append("sequence", id));
            }
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            for (String index : List.of("_id_", "streamKey_1_sequence_1")) {
                MVMap<KeyValue, Object> ordered = UniqueIndexMap.entries(raw, "kcbx.events", index);
                MVMap<KeyValue, Object> stock = raw.openMap("kcbx.events" + UniqueIndexMap.STOCK_KEYS + index);
                stock.putAll(ordered);
                raw.removeMap(ordered);
            }
            raw.commit();
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            for (long id = 1; id <= 40; id++) {
                assertThat(events.find(new Document("_id", id)).first()).isNotNull();
            }
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 41L).append("streamKey", "case-3")
                                                               .append("sequence", 10L)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 7L)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
            assertThat(events.countDocuments()).isEqualTo(40);
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().readOnly().open()) {
            assertThat(raw.getMapNames()).noneMatch(name -> name.contains(UniqueIndexMap.STOCK_KEYS));
            assertThat(UniqueIndexMap.entries(raw, "kcbx.events", "streamKey_1_sequence_1").size()).isEqualTo(40);
        }
    }

    @Test
    void aSecondStoreOnTheSameFileOrPortSaysWhyItCannotStart() {
        try (EmbeddedMongoServer first = EmbeddedMongoServer.start(directory.resolve("a.mv.db"), "127.0.0.1", 0)) {
            assertThatThrownBy(() -> EmbeddedMongoServer.start(directory.resolve("a.mv.db"), "127.0.0.1", 0))
                    .isInstanceOf(EmbeddedStoreUnavailableException.class)
                    .hasMessageContaining("正被另一个进程使用");
            assertThatThrownBy(() -> EmbeddedMongoServer.start(directory.resolve("b.mv.db"), "127.0.0.1", first.port()))
                    .isInstanceOf(EmbeddedStoreUnavailableException.class)
                    .hasMessageContaining("已被占用");
        }
        // The refused second store released its file: it starts now.
        EmbeddedMongoServer.start(directory.resolve("b.mv.db"), "127.0.0.1", 0).close();
    }

    @Test
    void theStoreIsReadableByItsOwnerOnly() throws Exception {
        Path file = directory.resolve("private").resolve("store.mv.db");
        EmbeddedMongoServer.start(file, "127.0.0.1", 0).close();
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                           java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file.getParent()))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                                           java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                                           java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
    }

    /** Opening and closing the store without a write must not grow its file (it once grew by 14 MB per restart). */
    @Test
    void aRestartWithoutWritesDoesNotGrowTheFile() throws Exception {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            for (long id = 0; id < 500; id++) {
                events.insertOne(new Document("_id", id).append("payload", "x".repeat(1_000)));
            }
        }
        long written = java.nio.file.Files.size(file);
        for (int restart = 0; restart < 3; restart++) {
            EmbeddedMongoServer.start(file, "127.0.0.1", 0).close();
        }
        assertThat(java.nio.file.Files.size(file)).isLessThanOrEqualTo(written + 64 * 1024);
    }
}
