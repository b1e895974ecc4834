package cn.kcbx.query.projection;

import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.casefile.CaseLedgerProjection;
import cn.kcbx.testsupport.TestMongo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read side never runs ahead of the store ({@code on-store-behind=rebuild}, the default): after the store lost its
 * last commits, or lost them and got other events at the same positions, the query service notices, says so in the
 * log and on the admin endpoint, rebuilds every projection, and then projects every event later written at the lost
 * positions; the projections equal a fold of what the store holds. A rebuild drops the collections it left behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES,
                      "kcbx.query.projections.store-check-interval=200ms",
                      "kcbx.query.projections.old-collection-drop-delay=3s"})
class StoreBehindRebuildTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("storebehind");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    ProjectionRegistry registry;
    @Autowired
    LiveProcessor live;
    @Autowired
    MongoDatabaseFactory databaseFactory;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext applicationContext;
    @LocalServerPort
    int port;

    private final ListAppender<ILoggingEvent> guardLog = new ListAppender<>();
    private StoreMishaps store;
    private ProjectionAdmin admin;

    @BeforeEach
    void setUp() {
        MongoDatabase database = databaseFactory.getMongoDatabase();
        store = new StoreMishaps(database, eventSerializer);
        admin = new ProjectionAdmin(http, applicationContext, port);
        guardLog.start();
        ((Logger) LoggerFactory.getLogger(ReadSideGuard.class)).addAppender(guardLog);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(ReadSideGuard.class)).detachAppender(guardLog);
    }

    @Test
    void aStoreThatLostItsLastCommits_isDetected_reported_andRebuilt_andEventsLaterWrittenAtThosePositionsAreProjected()
            throws Exception {
        List<String> cases = IntStream.range(0, 8).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(engine, cases, 0, 6, "clerk-before");
        long head = store.head();
        admin.awaitCaughtUpTo(head);
        String rebuildBefore = admin.lastRebuildId();
        JsonNode incidentBefore = admin.storeCheck().get("lastIncident");

        // The store crashes and comes back without its last 12 commits (steps 4 and 5 of some cases).
        store.loseEverythingAfter(head - 12);

        JsonNode incident = awaitNewIncident(incidentBefore);
        assertThat(incident.get("code").asText()).isEqualTo("STORE_HEAD_BEHIND");
        assertThat(incident.get("readPosition").asLong()).isEqualTo(head);
        assertThat(incident.get("storeHeadPosition").asLong()).isEqualTo(head - 12);
        assertThat(incident.get("message").asText()).contains("事件库丢失了最近的提交");
        assertThat(incident.get("detectedAt").asText()).isNotBlank();
        assertThat(incident.get("resolvedAt").asText()).isNotBlank();
        JsonNode rebuild = admin.lastRebuild();
        assertThat(rebuild.get("rebuildId").asText()).isNotEqualTo(rebuildBefore);
        assertThat(rebuild.get("cause").asText()).isEqualTo("STORE_BEHIND");
        assertThat(rebuild.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(rebuild.get("projections")).hasSize(registry.names().size());
        assertThat(admin.storeCheck().get("state").asText()).isEqualTo("IN_STEP");
        assertThat(errorLines()).anySatisfy(line -> assertThat(line).contains("读侧超前于事件库", "STORE_HEAD_BEHIND",
                                                                            "The read side is ahead of the event store",
                                                                            "position " + head,
                                                                            "ends at " + (head - 12)));
        // No token of the live processor stands beyond the store any more.
        assertThat(live.storedPositions()).isNotEmpty().allMatch(position -> position <= head - 12);

        // The case service comes back and goes on: steps 4 and 5 again, written at the lost positions, and more.
        GapFreeMongoEventStorageEngine restarted = store.freshWriter();
        for (String caseId : cases) {
            long next = restarted.lastSequenceNumberFor(caseId).orElseThrow() + 1;
            for (int step = (int) next; step < 8; step++) {
                StoreMishaps.appendStep(restarted, caseId, step, "clerk-after");
            }
        }
        long newHead = store.head();
        assertThat(newHead).isGreaterThan(head);
        admin.awaitCaughtUpTo(newHead);

        assertEveryProjectionEqualsAFoldOfTheStore();
        for (String caseId : cases) {
            Document ledgerRow = registry.activeCollection(CaseLedgerProjection.NAME)
                                         .find(new Document("_id", caseId)).first();
            assertThat(ledgerRow).as(caseId).isNotNull();
            assertThat(ledgerRow.get("sequence", Number.class).longValue()).as(caseId).isEqualTo(7);
        }
    }

    @Test
    void eventsReplacedByOthersAtTheSamePositions_areDetectedByTheirIdentifiers_andTheReadSideIsRebuilt() throws Exception {
        List<String> cases = IntStream.range(0, 6).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(engine, cases, 0, 5, "clerk-before");
        long head = store.head();
        admin.awaitCaughtUpTo(head);
        String rebuildBefore = admin.lastRebuildId();
        JsonNode incidentBefore = admin.storeCheck().get("lastIncident");

        // A rollback took the last 6 commits away and others were written meanwhile: the log never gets shorter.
        List<String> newcomers = IntStream.range(0, 3).mapToObj(i -> StoreMishaps.newCase()).toList();
        store.replaceEverythingAfter(head - 6, newcomers, 4);
        assertThat(store.head()).isEqualTo(head + 6);

        JsonNode incident = awaitNewIncident(incidentBefore);
        assertThat(admin.lastRebuildId()).isNotEqualTo(rebuildBefore);
        assertThat(admin.lastRebuild().get("state").asText()).isEqualTo("COMPLETED");
        assertThat(incident.get("code").asText()).isEqualTo("EVENT_REPLACED");
        assertThat(incident.get("readPosition").asLong()).isEqualTo(head);
        assertThat(admin.lastRebuild().get("cause").asText()).isEqualTo("STORE_BEHIND");
        assertThat(errorLines()).anySatisfy(line -> assertThat(line).contains("EVENT_REPLACED",
                                                                            "now holds another event there"));

        GapFreeMongoEventStorageEngine writer = store.freshWriter();
        StoreMishaps.appendSteps(writer, newcomers, 4, 6, "clerk-after");
        admin.awaitCaughtUpTo(store.head());
        assertEveryProjectionEqualsAFoldOfTheStore();
        // The lost steps of the old cases are gone from the ledger too, not only the new ones added.
        for (String caseId : cases) {
            long stored = writer.lastSequenceNumberFor(caseId).orElseThrow();
            Document ledgerRow = registry.activeCollection(CaseLedgerProjection.NAME)
                                         .find(new Document("_id", caseId)).first();
            assertThat(ledgerRow.get("sequence", Number.class).longValue()).as(caseId).isEqualTo(stored);
        }
    }

    @Test
    void aSuccessfulRebuild_dropsTheCollectionsItSwitchedAwayFrom_afterTheGraceDelay() throws Exception {
        StoreMishaps.appendSteps(engine, List.of(StoreMishaps.newCase(), StoreMishaps.newCase()), 0, 3, "clerk");
        admin.awaitCaughtUpTo(store.head());
        Map<String, String> before = new HashMap<>();
        registry.names().forEach(name -> before.put(name, registry.activeCollectionName(name)));
        String rebuildBefore = admin.lastRebuildId();

        ResponseEntity<String> started = admin.post("/api/admin/projections/rebuild");
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        JsonNode rebuild = admin.awaitRebuildAfter(rebuildBefore);
        assertThat(rebuild.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(rebuild.get("cause").asText()).isEqualTo("ADMIN");
        // Kept for a grace delay: a reader that looked up the pointer just before the switch still finds its data.
        assertThat(collectionNames()).containsAll(before.values());

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
               .untilAsserted(() -> assertThat(collectionNames()).doesNotContainAnyElementsOf(before.values()));
        for (String name : registry.names()) {
            assertThat(registry.activeCollectionName(name)).isNotEqualTo(before.get(name));
            assertThat(collectionNames()).contains(registry.activeCollectionName(name));
        }
        assertEveryProjectionEqualsAFoldOfTheStore();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertEveryProjectionEqualsAFoldOfTheStore() {
        store.assertEveryProjectionEqualsAFoldOfTheStore(engine, registry);
    }

    /** A new incident, healed (one is recorded when the read side is in step again), and its rebuild over. */
    private JsonNode awaitNewIncident(JsonNode before) {
        JsonNode incident = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                                   .until(() -> admin.storeCheck().get("lastIncident"),
                                          node -> !node.isNull() && !node.equals(before));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
               .until(() -> !admin.lastRebuild().get("state").asText().equals("RUNNING"));
        return incident;
    }

    private List<String> collectionNames() {
        return databaseFactory.getMongoDatabase().listCollectionNames().into(new ArrayList<>());
    }

    private List<String> errorLines() {
        return guardLog.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                            .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
