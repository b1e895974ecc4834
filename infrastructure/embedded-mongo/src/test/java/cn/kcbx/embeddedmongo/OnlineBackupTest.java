package cn.kcbx.embeddedmongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OnlineBackupTest {

    private static final int WRITERS = 4;
    /** Bounds the test on a slow machine: writers stop here if the backup has not finished by then. */
    private static final long MAX_PER_WRITER = 3_000;

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    /**
     * Writers keep appending numbered documents while the backup runs. The restored copy holds every write answered
     * before the backup began, and for each writer a gap-free prefix of its numbers: one moment of the store, never
     * half of it. The live store loses nothing meanwhile.
     */
    @Test
    void aBackupTakenUnderWritesRestoresOneConsistentMomentWithEverythingAnsweredBeforeIt() throws Exception {
        Path file = directory.resolve("live/kcbx-mongo.mv.db");
        Path backup = directory.resolve("backups/store.zip");
        AtomicLongArray answered = new AtomicLongArray(WRITERS);
        long[] answeredBeforeBackup = new long[WRITERS];
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            events.createIndex(Indexes.ascending("writer", "number"), new IndexOptions().unique(true));
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch everyWriterAnswered = new CountDownLatch(WRITERS);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    for (long number = 1; running.get() && number <= MAX_PER_WRITER; number++) {
                        events.insertOne(new Document("writer", writer).append("number", number)
                                                 .append("payload", "x".repeat(500)));
                        answered.set(writer, number);
                        if (number == 50) {
                            everyWriterAnswered.countDown();
                        }
                    }
                }));
            }
            everyWriterAnswered.await();
            for (int w = 0; w < WRITERS; w++) {
                answeredBeforeBackup[w] = answered.get(w);
            }
            assertThat(server.backupTo(backup)).isPositive();
            running.set(false);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
            long total = 0;
            for (int w = 0; w < WRITERS; w++) {
                total += answered.get(w);
            }
            assertThat(events.countDocuments()).isEqualTo(total);
        }
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Path restored = directory.resolve("restored/kcbx-mongo.mv.db");
        assertThat(StoreRestore.restore(backup, restored)).isNull();
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(restored, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            for (int w = 0; w < WRITERS; w++) {
                long count = events.countDocuments(new Document("writer", w));
                assertThat(count).as("writer %d", w).isGreaterThanOrEqualTo(answeredBeforeBackup[w]);
                assertThat(events.countDocuments(new Document("writer", w).append("number", new Document("$lte", count))))
                        .as("writer %d has a gap-free prefix", w).isEqualTo(count);
            }
            int writer = 0;
            assertThatThrownBy(() -> events.insertOne(new Document("writer", writer).append("number", 1L)))
                    .isInstanceOfSatisfying(MongoWriteException.class,
                                            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
        }
    }

    /** A restore over a store that is still running is refused, and the running store's file is left alone. */
    @Test
    void aRestoreRefusesAStoreThatIsStillRunning() {
        Path file = directory.resolve("live/kcbx-mongo.mv.db");
        Path backup = directory.resolve("store.zip");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            client.getDatabase("kcbx").getCollection("events").insertOne(new Document("_id", 1L));
            server.backupTo(backup);
            assertThatThrownBy(() -> StoreRestore.restore(backup, file)).isInstanceOf(RuntimeException.class);
            assertThat(client.getDatabase("kcbx").getCollection("events").countDocuments()).isEqualTo(1);
        }
        Path replaced = StoreRestore.restore(backup, file);
        assertThat(replaced).exists();
        assertThat(replaced.getFileName().toString()).startsWith("kcbx-mongo.mv.db.before-restore-");
        assertThat(file).exists();
    }

    /** Scheduled backups keep the newest few; the next run is today at the set time, or tomorrow once it passed. */
    @Test
    void scheduledBackupsKeepTheNewestFew() throws Exception {
        Path file = directory.resolve("live/kcbx-mongo.mv.db");
        Path backups = directory.resolve("backups");
        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-12-07T02:30:00Z"),
                                                      java.time.ZoneOffset.UTC);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0)) {
            for (int day = 0; day < 4; day++) {
                java.time.Clock today = java.time.Clock.offset(clock, java.time.Duration.ofDays(day));
                try (ScheduledBackups scheduled = new ScheduledBackups(
                        server, new EmbeddedMongoProperties.Backup(backups, null, 2), today)) {
                    assertThat(scheduled.backUpNow()).exists();
                }
            }
            ScheduledBackups listing = new ScheduledBackups(server, new EmbeddedMongoProperties.Backup(backups, null, 2),
                                                            clock);
            assertThat(listing.backups()).extracting(path -> path.getFileName().toString())
                                         .containsExactly("kcbx-store-20261209-023000.zip",
                                                          "kcbx-store-20261210-023000.zip");
        }
        java.time.LocalTime at = java.time.LocalTime.of(2, 30);
        assertThat(ScheduledBackups.nextRun(java.time.LocalDateTime.parse("2026-12-07T01:00:00"), at))
                .isEqualTo(java.time.LocalDateTime.parse("2026-12-07T02:30:00"));
        assertThat(ScheduledBackups.nextRun(java.time.LocalDateTime.parse("2026-12-07T02:30:00"), at))
                .isEqualTo(java.time.LocalDateTime.parse("2026-12-08T02:30:00"));
    }
}
