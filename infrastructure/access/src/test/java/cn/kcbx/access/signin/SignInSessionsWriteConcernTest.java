package cn.kcbx.access.signin;

import cn.kcbx.access.account.Account;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request of a signed-in user marks its session as used. That mark asks the store for {@code w: 1} (it need not
 * wait for the disk: losing it only ends the session sooner); opening and ending a session keep the client's durable
 * write concern, so that a crash can neither lose a sign-in that was answered nor bring back a signed-out session.
 */
class SignInSessionsWriteConcernTest {

    private static final Instant NOW = Instant.parse("2026-09-01T01:00:00Z");
    /** What the services' clients ask for by default (DurableMongoAutoConfiguration). */
    private static final WriteConcern DURABLE = WriteConcern.MAJORITY.withJournal(true);

    @Test
    void only_the_mark_of_use_skips_the_wait_for_the_disk() {
        List<BsonDocument> commands = new CopyOnWriteArrayList<>();
        String database = TestMongo.get().newDatabaseName("session_writes");
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestMongo.get().connectionString(database)))
                .writeConcern(DURABLE)
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        commands.add(event.getCommand().clone()); // the event's document lives only in this call
                    }
                }).build();
        try (MongoClient client = MongoClients.create(settings)) {
            SignInSessions sessions = new SignInSessions(
                    client.getDatabase(database).getCollection("sign_in_sessions", Document.class),
                    SessionSeal.random());
            Account account = new Account("zhao.lei", "赵磊", Actor.Role.TOWN, "430181105", "430181", true, "hash",
                                          false, NOW, "test", false);

            commands.clear();
            SignInSessions.Issued issued = sessions.create(account, NOW, Duration.ofHours(8), "test");
            assertThat(sessions.use(issued.token(), NOW.plusSeconds(60), Duration.ofMinutes(30))).isPresent();
            assertThat(sessions.end(issued.user().sessionId())).isTrue();

            assertThat(writeConcernOf(commands, "insert")).as("opening a session").isEqualTo(DURABLE.asDocument());
            assertThat(writeConcernOf(commands, "findAndModify")).as("marking it as used")
                    .isEqualTo(WriteConcern.W1.asDocument());
            assertThat(writeConcernOf(commands, "delete")).as("ending it").isEqualTo(DURABLE.asDocument());
        }
    }

    /** The write concern that the one command of that name sent. */
    private static BsonDocument writeConcernOf(List<BsonDocument> commands, String name) {
        List<BsonDocument> named = commands.stream().filter(c -> c.getFirstKey().equals(name)).toList();
        assertThat(named).as("commands named %s", name).hasSize(1);
        BsonDocument command = named.get(0);
        return command.getDocument("writeConcern", new BsonDocument());
    }
}
