package cn.kcbx.query.projection;

import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections replay a rebuild's batches side by side; when one replay fails, the rebuild ends FAILED only once
 * the others have stopped, every projection still reads the collection it read before, live processing goes on, and
 * the next rebuild gives exactly what a fold of the store gives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@Import(RebuildWithAFailingReplayTest.FailingProjection.class)
class RebuildWithAFailingReplayTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("failingreplay");
    private static final AtomicBoolean FAIL = new AtomicBoolean();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    /** A projection whose replay fails while {@link #FAIL} is set; live, it writes one document per event. */
    @TestConfiguration
    static class FailingProjection {

        @Bean
        Projection failingReplay() {
            return new Projection() {
                @Override
                public String name() {
                    return "test_failing_replay";
                }

                @Override
                public void prepare(MongoCollection<Document> collection) {
                    // no indexes
                }

                @Override
                public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
                    collection.replaceOne(new Document("_id", event.eventId()), new Document("_id", event.eventId()),
                                          new ReplaceOptions().upsert(true));
                }

                @Override
                public Replay replay(MongoCollection<Document> collection) {
                    Replay applying = Projection.super.replay(collection);
                    return new Replay() {
                        @Override
                        public void apply(List<ProjectionEvent> events) {
                            if (FAIL.get()) {
                                throw new IllegalStateException("replay failed on purpose");
                            }
                            applying.apply(events);
                        }

                        @Override
                        public void flush() {
                            applying.flush();
                        }
                    };
                }
            };
        }
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    ProjectionRegistry registry;
    @Autowired
    MongoDatabaseFactory databaseFactory;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext applicationContext;
    @LocalServerPort
    int port;

    @Test
    void aReplayThatFails_endsTheRebuildAsFailed_andTheReadSideKeepsWhatItHad() {
        StoreMishaps store = new StoreMishaps(databaseFactory.getMongoDatabase(), eventSerializer);
        ProjectionAdmin admin = new ProjectionAdmin(http, applicationContext, port);
        List<String> cases = IntStream.range(0, 5).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(engine, cases, 0, 4, "clerk");
        admin.awaitCaughtUpTo(store.head());
        Map<String, String> active = activeCollections();
        Map<String, List<Document>> documents = activeDocuments();

        FAIL.set(true);
        String before = admin.lastRebuildId();
        assertThat(admin.post("/api/admin/projections/rebuild").getStatusCode().value()).isEqualTo(202);
        JsonNode failed = admin.awaitRebuildAfter(before);

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(activeCollections()).isEqualTo(active);
        assertThat(activeDocuments()).isEqualTo(documents);
        StoreMishaps.appendSteps(engine, cases, 4, 6, "clerk");
        admin.awaitCaughtUpTo(store.head());

        FAIL.set(false);
        assertThat(admin.post("/api/admin/projections/rebuild").getStatusCode().value()).isEqualTo(202);
        JsonNode completed = admin.awaitRebuildAfter(failed.get("rebuildId").asText());
        assertThat(completed.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(activeDocuments().values()).allSatisfy(rebuilt -> assertThat(rebuilt).isNotEmpty());
        store.assertEveryProjectionEqualsAFoldOfTheStore(engine, registry);
    }

    private Map<String, String> activeCollections() {
        Map<String, String> names = new HashMap<>();
        registry.names().forEach(name -> names.put(name, registry.activeCollectionName(name)));
        return names;
    }

    private Map<String, List<Document>> activeDocuments() {
        Map<String, List<Document>> documents = new HashMap<>();
        registry.names().forEach(name -> documents.put(name, StoreMishaps.sorted(registry.activeCollection(name))));
        return documents;
    }
}
