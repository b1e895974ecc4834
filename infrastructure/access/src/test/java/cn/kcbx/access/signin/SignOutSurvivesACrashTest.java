package cn.kcbx.access.signin;

import cn.kcbx.access.account.Account;
import cn.kcbx.embeddedmongo.EmbeddedMongoServer;
import cn.kcbx.kernel.actor.Actor;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack: someone who copied a user's token waits for a power cut after the user signed out, hoping the store
 * comes back without the sign-out. Marks of use are written without waiting for the disk (decision record 0020), so
 * the store holds unsynced writes of that very session right before the sign-out; the sign-out still waits for the
 * disk, and a store killed with SIGKILL right after it must refuse the token when it comes back. A session opened
 * and used before the crash still stands.
 */
class SignOutSurvivesACrashTest {

    private static final Instant NOW = Instant.parse("2026-09-01T01:00:00Z");
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final SessionSeal SEAL = SessionSeal.random();

    @TempDir
    Path directory;

    private Process store;

    @Test
    void a_token_signed_out_before_a_power_cut_is_refused_after_it_and_another_sessions_token_still_works()
            throws Exception {
        Path dataFile = directory.resolve("store.mv.db");
        String stolen;
        String kept;
        try (MongoClient client = client(startStore(dataFile, "before"))) {
            SignInSessions sessions = sessions(client);
            stolen = sessions.create(account("zhao.lei"), NOW, Duration.ofHours(8), "test").token();
            kept = sessions.create(account("qian.li"), NOW, Duration.ofHours(8), "test").token();
            for (int minute = 1; minute <= 20; minute++) {
                assertThat(sessions.use(stolen, NOW.plusSeconds(60L * minute), IDLE)).isPresent();
                assertThat(sessions.use(kept, NOW.plusSeconds(60L * minute), IDLE)).isPresent();
            }
            String sessionId = sessions.use(stolen, NOW.plusSeconds(60 * 21), IDLE).orElseThrow().sessionId();
            assertThat(sessions.end(sessionId)).as("signed out").isTrue();
            killStore(); // the power cut, right after the sign-out was answered
        }

        try (MongoClient client = client(startStore(dataFile, "after"))) {
            SignInSessions sessions = sessions(client);
            assertThat(sessions.use(stolen, NOW.plusSeconds(60 * 22), IDLE)).as("the signed-out token").isEmpty();
            assertThat(sessions.use(kept, NOW.plusSeconds(60 * 22), IDLE)).as("the other session").isPresent();
        }
    }

    private static SignInSessions sessions(MongoClient client) {
        return new SignInSessions(client.getDatabase("kcbx").getCollection("sign_in_sessions", Document.class), SEAL);
    }

    private static Account account(String username) {
        return new Account(username, username, Actor.Role.TOWN, "430181105", "430181", true, "hash", false, NOW,
                           "test", false);
    }

    /** A client asking for durable writes by default, as the services' clients do (DurableMongoAutoConfiguration). */
    private static MongoClient client(int port) {
        return MongoClients.create(MongoClientSettings.builder()
                                           .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                                           .writeConcern(WriteConcern.MAJORITY.withJournal(true)).build());
    }

    /** The embedded store in a JVM of its own, so that the test can kill it as a power cut would; its port. */
    private int startStore(Path dataFile, String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = directory.resolve(name + ".log");
        store = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                                   StoreMain.class.getName(), dataFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && store.isAlive()) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("READY ")) {
                    return Integer.parseInt(line.substring("READY ".length()).trim());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the store process did not start: " + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no close, nothing written after this instant. */
    private void killStore() throws InterruptedException {
        store.destroyForcibly();
        store.waitFor(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void noStoreLeftRunning() throws InterruptedException {
        if (store != null && store.isAlive()) {
            killStore();
        }
    }

    /** Starts the store on a free port, announces it, and waits to be killed. */
    public static final class StoreMain {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), "127.0.0.1", 0);
            System.out.println("READY " + server.port());
            System.out.flush();
            Thread.currentThread().join();
        }
    }
}
