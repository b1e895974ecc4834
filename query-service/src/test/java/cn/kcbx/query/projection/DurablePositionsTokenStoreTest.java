package cn.kcbx.query.projection;

import cn.kcbx.embeddedmongo.EmbeddedMongoServer;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The query service outlives a restart of the embedded store. Projection writes answered before the restart may be
 * gone (they are written with {@code w: 1}), so a processor position written after it must not vouch for them: the
 * token store refuses it, and the processor resumes from the position the store kept.
 */
class DurablePositionsTokenStoreTest {

    private static final String PROCESSOR = "case-projections";

    @TempDir
    Path directory;
    private EmbeddedMongoServer store;
    private MongoClient client;
    private ReadSideWrites writes;
    private TokenStore tokens;

    @BeforeEach
    void start() {
        store = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", 0);
        client = MongoClients.create(store.connectionString("kcbx"));
        writes = new ReadSideWrites(new SimpleMongoClientDatabaseFactory(client, "kcbx"));
        DefaultMongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(writes.database())
                                                            .trackingTokensCollectionName("tracking_tokens").build();
        tokens = new DurablePositionsTokenStore(
                MongoTokenStore.builder().mongoTemplate(template).serializer(JacksonSerializer.defaultSerializer())
                               .build(), writes);
        tokens.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(0));
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
    }

    @Test
    void onTheEmbeddedStoreProjectionsAreWrittenWithoutWaitingAndPointersDurably() {
        assertThat(writes.database().getWriteConcern()).isEqualTo(WriteConcern.W1);
        assertThat(writes.durable().getWriteConcern()).isNotEqualTo(WriteConcern.W1);
        assertThat(writes.incarnation()).isPresent();
    }

    @Test
    void aPositionIsStoredWhileTheStoreRuns() {
        tokens.fetchToken(PROCESSOR, 0);
        writes.database().getCollection("ledger").insertOne(new Document("_id", "case-1"));
        tokens.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0);
        tokens.releaseClaim(PROCESSOR, 0);

        assertThat(storedPosition()).isEqualTo(7);
    }

    @Test
    void aPositionIsRefusedWhenTheStoreRestartedSinceTheSegmentsWritesBegan() {
        tokens.fetchToken(PROCESSOR, 0);
        writes.database().getCollection("ledger").insertOne(new Document("_id", "case-1"));
        restartStore();

        assertThatThrownBy(() -> tokens.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0))
                .isInstanceOf(StoreRestartedException.class);
        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(storedPosition()).as("the position the store kept").isZero();

        // Claimed again, the segment resumes from there; its writes from now on are vouched for again.
        assertThat(tokens.fetchToken(PROCESSOR, 0).position()).hasValue(0);
        tokens.storeToken(new GlobalSequenceTrackingToken(7), PROCESSOR, 0);
        tokens.releaseClaim(PROCESSOR, 0);
        assertThat(storedPosition()).isEqualTo(7);
    }

    private long storedPosition() {
        TrackingToken token = tokens.fetchToken(PROCESSOR, 0);
        tokens.releaseClaim(PROCESSOR, 0);
        return token.position().orElseThrow();
    }

    /** The same file on the same port, as after a crash and restart; this client stays. */
    private void restartStore() {
        int port = store.port();
        store.close();
        store = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", port);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
               .until(() -> client.getDatabase("kcbx").runCommand(new Document("ping", 1)) != null);
    }
}
