package cn.kcbx.embeddedmongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack: the embedded store listened on 127.0.0.1 without authentication, so another account on the same machine
 * connected to its port and read and wrote everything (a sign-in session it wrote gave it a county's token). Now the
 * store answers only connections that open with its access key, which lies owner-only next to the data file.
 */
class StoreAccessTest {

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    @Test
    void another_local_account_knowing_the_port_but_not_the_access_key_can_neither_read_nor_write() throws Exception {
        Path keyFile = directory.resolve(StoreAccess.DEFAULT_FILE_NAME);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", 0,
                                                                    keyFile);
             MongoClient owner = MongoClients.create(server.connectionString("kcbx"))) {
            MongoCollection<Document> sessions = owner.getDatabase("kcbx").getCollection("sign_in_sessions");
            sessions.insertOne(new Document("_id", "owner-session").append("userId", "demo-county"));

            String bare = "mongodb://127.0.0.1:" + server.port() + "/kcbx?serverSelectionTimeoutMS=1500";
            // Each refused attempt ends when its selection timeout runs out: the six attempts (read, write, list, with
            // and without a guessed key) wait out their timeouts side by side instead of one after another.
            List<Runnable> attempts = new ArrayList<>();
            List<MongoClient> strangers = new ArrayList<>();
            ExecutorService side = Executors.newFixedThreadPool(6);
            try {
                for (String uri : List.of(bare, bare + "&appName=kcbx-store-guessed")) {
                    MongoClient stranger = MongoClients.create(uri);
                    strangers.add(stranger);
                    MongoCollection<Document> theirs = stranger.getDatabase("kcbx").getCollection("sign_in_sessions");
                    attempts.add(() -> assertThatThrownBy(() -> theirs.find().first()).as(uri)
                            .isInstanceOf(MongoException.class));
                    attempts.add(() -> assertThatThrownBy(
                            () -> theirs.insertOne(new Document("_id", "forged").append("userId", "x")))
                            .as(uri).isInstanceOf(MongoException.class));
                    attempts.add(() -> assertThatThrownBy(() -> stranger.listDatabaseNames().first()).as(uri)
                            .isInstanceOf(MongoException.class));
                }
                List<Future<?>> running = new ArrayList<>();
                attempts.forEach(attempt -> running.add(side.submit(attempt)));
                for (Future<?> attempt : running) {
                    try {
                        attempt.get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                    }
                }
            } finally {
                side.shutdownNow();
                strangers.forEach(MongoClient::close);
            }

            assertThat(sessions.find().into(new java.util.ArrayList<>())).extracting(d -> d.getString("_id"))
                    .containsExactly("owner-session");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
            assertThat(server.connectionString("kcbx")).contains("appName=kcbx-store-");
        }
    }

    @Test
    void the_key_survives_a_restart_so_a_service_in_another_process_reconnects() {
        Path dataFile = directory.resolve("store.mv.db");
        Path keyFile = directory.resolve(StoreAccess.DEFAULT_FILE_NAME);
        String first;
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataFile, "127.0.0.1", 0, keyFile)) {
            first = server.connectionString("kcbx");
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataFile, "127.0.0.1", 0, keyFile)) {
            assertThat(server.connectionString("kcbx").substring(server.connectionString("kcbx").indexOf('?')))
                    .isEqualTo(first.substring(first.indexOf('?')));
        }
    }

    /** The query service beside the case service: plain address, and the key file named by its property. */
    @Test
    void a_service_given_the_key_file_connects_through_the_store_s_port() {
        Path keyFile = directory.resolve(StoreAccess.DEFAULT_FILE_NAME);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", 0,
                                                                    keyFile)) {
            String address = "mongodb://127.0.0.1:" + server.port() + "/kcbx?serverSelectionTimeoutMS=3000";
            ApplicationContextRunner service = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(StoreAccessClientAutoConfiguration.class,
                                                             MongoAutoConfiguration.class))
                    .withPropertyValues("spring.data.mongodb.uri=" + address);
            service.withPropertyValues(StoreAccess.PROPERTY + "=" + keyFile).run(context -> {
                MongoClient client = context.getBean(MongoClient.class);
                client.getDatabase("kcbx").getCollection("probe").insertOne(new Document("_id", 1));
                assertThat(client.getDatabase("kcbx").getCollection("probe").countDocuments()).isEqualTo(1);
            });
            service.run(context -> assertThatThrownBy(
                    () -> context.getBean(MongoClient.class).getDatabase("kcbx").getCollection("probe").countDocuments())
                    .isInstanceOf(MongoException.class));
        }
    }
}
