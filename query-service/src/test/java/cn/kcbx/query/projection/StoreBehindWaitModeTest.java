package cn.kcbx.query.projection;

import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.casefile.CaseLedgerProjection;
import cn.kcbx.query.timeline.CaseTimelineProjection;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
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
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code on-store-behind=wait}: a read side found ahead of the store stops live processing, shows why and since when,
 * applies nothing, and resumes only after an administrator's rebuild of every projection, from where it ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES,
                      "kcbx.query.projections.on-store-behind=wait",
                      "kcbx.query.projections.store-check-interval=200ms"})
class StoreBehindWaitModeTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("storewait");

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
    MongoDatabaseFactory databaseFactory;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext applicationContext;
    @LocalServerPort
    int port;

    @Test
    void aReadSideAheadOfTheStore_stopsAndWaits_appliesNothing_untilAnAdministratorRebuildsEveryProjection()
            throws Exception {
        StoreMishaps store = new StoreMishaps(databaseFactory.getMongoDatabase(), eventSerializer);
        ProjectionAdmin admin = new ProjectionAdmin(http, applicationContext, port);
        List<String> cases = IntStream.range(0, 4).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(engine, cases, 0, 5, "clerk-before");
        long head = store.head();
        admin.awaitCaughtUpTo(head);

        store.loseEverythingAfter(head - 5);

        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                                  .until(() -> admin.projections().get(0),
                                         view -> view.get("livePosition").isNull()
                                                 && view.get("storeCheck").get("state").asText()
                                                        .equals("AHEAD_OF_STORE"));
        JsonNode check = waiting.get("storeCheck");
        assertThat(check.get("code").asText()).isEqualTo("STORE_HEAD_BEHIND");
        assertThat(check.get("onStoreBehind").asText()).isEqualTo("WAIT");
        assertThat(check.get("readPosition").asLong()).isEqualTo(head);
        assertThat(check.get("storeHeadPosition").asLong()).isEqualTo(head - 5);
        assertThat(check.get("message").asText()).contains("事件库丢失了最近的提交", "等待管理员重建全部投影");
        String since = check.get("since").asText();
        assertThat(since).isNotBlank();
        assertThat(admin.lastRebuild().isNull()).isTrue();

        // The case service goes on at the lost positions; nothing of it may be applied while the read side waits.
        GapFreeMongoEventStorageEngine restarted = store.freshWriter();
        String newcomer = StoreMishaps.newCase();
        StoreMishaps.appendSteps(restarted, List.of(newcomer), 0, 8, "clerk-after");
        StoreMishaps.appendStep(restarted, cases.get(0), 4, "clerk-after");
        // A store check that saw the new commits, and two more after it: the read side has had them in front of it
        // for a while and still applied nothing.
        long newHead = store.head();
        JsonNode sawNewCommits = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                                        .until(admin::storeCheck,
                                               c -> c.get("storeHeadPosition").asLong() == newHead);
        Instant seen = Instant.parse(sawNewCommits.get("checkedAt").asText());
        Set<Instant> laterChecks = new HashSet<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Instant checkedAt = Instant.parse(admin.storeCheck().get("checkedAt").asText());
            if (checkedAt.isAfter(seen)) {
                laterChecks.add(checkedAt);
            }
            return laterChecks.size() >= 2;
        });
        assertThat(registry.activeCollection(CaseLedgerProjection.NAME).find(new Document("_id", newcomer)).first())
                .isNull();
        assertThat(registry.activeCollection(CaseTimelineProjection.NAME).countDocuments(new Document("caseId",
                                                                                                    newcomer)))
                .isZero();
        JsonNode stillWaiting = admin.projections().get(0);
        assertThat(stillWaiting.get("livePosition").isNull()).isTrue();
        assertThat(stillWaiting.get("storeCheck").get("state").asText()).isEqualTo("AHEAD_OF_STORE");
        assertThat(stillWaiting.get("storeCheck").get("since").asText()).isEqualTo(since);

        // One projection cannot heal it.
        ResponseEntity<String> single = admin.post("/api/admin/projections/" + CaseLedgerProjection.NAME + "/rebuild");
        assertThat(single.getStatusCode().value()).isEqualTo(409);
        JsonNode refusal = admin.read(single);
        assertThat(refusal.get("code").asText()).isEqualTo("FULL_REBUILD_REQUIRED");
        assertThat(refusal.get("message").asText()).contains("必须重建全部投影");
        assertThat(refusal.get("retryable").asBoolean()).isFalse();

        ResponseEntity<String> started = admin.post("/api/admin/projections/rebuild");
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        JsonNode rebuild = admin.awaitRebuildAfter("");
        assertThat(rebuild.get("state").asText()).isEqualTo("COMPLETED");
        assertThat(rebuild.get("cause").asText()).isEqualTo("ADMIN");
        admin.awaitCaughtUpTo(store.head());
        JsonNode healed = admin.storeCheck();
        assertThat(healed.get("lastIncident").get("code").asText()).isEqualTo("STORE_HEAD_BEHIND");
        assertThat(healed.get("lastIncident").get("detectedAt").asText()).isEqualTo(since);

        // Live again, from where the rebuild ended: later commands are applied.
        StoreMishaps.appendStep(restarted, cases.get(1), 4, "clerk-after");
        admin.awaitCaughtUpTo(store.head());
        for (String name : registry.names()) {
            var folded = store.foldAllEventsInto(engine, registry.projection(name), "scratch_" + name);
            try {
                assertThat(StoreMishaps.sorted(registry.activeCollection(name))).as(name)
                                                                               .isEqualTo(StoreMishaps.sorted(folded));
            } finally {
                folded.drop();
            }
        }
        Document newcomerRow = registry.activeCollection(CaseLedgerProjection.NAME)
                                       .find(new Document("_id", newcomer)).first();
        assertThat(newcomerRow.get("sequence", Number.class).longValue()).isEqualTo(7);
    }
}
