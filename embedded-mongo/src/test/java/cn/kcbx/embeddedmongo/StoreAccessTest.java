package cn.kcbx.embeddedmongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The attack: the embedded store listened on 127.0.0.1 without authentication, so another account on the same machine
 * connected to its port and read and wrote everything (a sign-in session it wrote gave it a county's token). Now the
 * store answers only connections that open with its access key, which lies owner-only next to the data file.
 */
class StoreAccessTest {

    @TempDir
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
            for (String uri : List.of(bare, bare + "&appName=kcbx-store-guessed")) {
                try (MongoClient stranger = MongoClients.create(uri)) {
                    MongoCollection<Document> theirs = stranger.getDatabase("kcbx").getCollection("sign_in_sessions");
                    assertThatThrownBy(() -> theirs.find().first()).as(uri).isInstanceOf(MongoException.class);
                    assertThatThrownBy(() -> theirs.insertOne(new Document("_id", "forged").append("userId", "x")))
                            .as(uri).isInstanceOf(MongoException.class);
                    assertThatThrownBy(() -> stranger.listDatabaseNames().first()).as(uri)
                            .isInstanceOf(MongoException.class);
                }
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
