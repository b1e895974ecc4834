package cn.kcbx.query.projection;

import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestUsers;
import cn.kcbx.query.timeline.CaseTimelineProjection;
import cn.kcbx.testsupport.TestMongo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two query-service instances (two application contexts in this JVM) on one database: they share the live
 * processor's segments through the token store, every event is applied and none twice, a killed instance's segments
 * are taken over after the claim timeout without skipping anything, and a rebuild started on one pauses the other's
 * live processing, is the only one running, and switches both to the new collections. Short claim and lease timeouts
 * keep it to seconds.
 */
class MultiInstanceProjectionTest {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(MultiInstanceProjectionTest.class);
    private static final int SEGMENTS = 4;
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(2);

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final ListAppender<ILoggingEvent> watcherLog = new ListAppender<>();

    @AfterEach
    void closeInstances() {
        ((Logger) LoggerFactory.getLogger(RebuildPauseWatcher.class)).detachAppender(watcherLog);
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstances_shareTheSegments_applyEveryEventOnce_andTheProjectionsEqualAFoldOfAllEvents() {
        String database = TestMongo.get().newDatabaseName("multi");
        Instance a = start("instance-a", database, null);
        List<String> cases = IntStream.range(0, 12).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(a.engine(), cases, 0, 3, "clerk-before-b");
        Instance b = start("instance-b", database, null);

        // Each takes an even share; the claims in the token store keep them disjoint.
        awaitShared(a, b);
        long before = a.head();
        StoreMishaps.appendSteps(b.engine(), cases, 3, 10, "clerk-both");
        List<Long> appendedWhileBothRun = a.storedPositions().stream().filter(position -> position > before).toList();

        a.awaitEveryStoredEventAppliedWith(b);
        assertThat(a.claimed()).hasSize(SEGMENTS / 2).doesNotContainAnyElementsOf(b.claimed());
        assertThat(b.applied).as("events applied by b").isNotEmpty();
        assertThat(a.applied).as("events applied by a").isNotEmpty();
        Set<Long> both = new HashSet<>(a.applied.keySet());
        both.retainAll(b.applied.keySet());
        assertThat(both).as("events applied by both instances").isEmpty();
        assertThat(a.applied.values()).as("events a applied twice").allMatch(count -> count == 1);
        assertThat(b.applied.values()).as("events b applied twice").allMatch(count -> count == 1);
        a.assertEveryProjectionEqualsAFold();
        // Each instance's live streams hear of every event: its own, and the other's once applied there.
        for (Instance instance : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Set<Long> heard = new HashSet<>(instance.applied.keySet());
                heard.addAll(instance.toldOfOthers);
                return heard.containsAll(appendedWhileBothRun);
            });
        }
        assertThat(a.toldOfOthers).as("a told of b's events").isNotEmpty().doesNotContainAnyElementsOf(a.applied.keySet());
        assertThat(b.toldOfOthers).as("b told of a's events").isNotEmpty().doesNotContainAnyElementsOf(b.applied.keySet());
    }

    @Test
    void anInstanceKilledMidBatch_leavesItsSegmentsToTheOther_afterTheClaimTimeout_andNothingIsSkipped() throws Exception {
        String database = TestMongo.get().newDatabaseName("multikill");
        Instance a = start("instance-a", database, null);
        Killable kill = new Killable();
        Instance b = start("instance-b", database, kill);
        awaitShared(a, b);
        List<String> cases = IntStream.range(0, 12).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(a.engine(), cases, 0, 3, "clerk-before");
        a.awaitEveryStoredEventAppliedWith(b);
        List<Integer> segmentsOfB = b.claimed();

        // b dies in the middle of its next batch: that batch is written to the projections, its position never stored,
        // its claims never released.
        kill.armed.set(true);
        StoreMishaps.appendSteps(a.engine(), cases, 3, 6, "clerk-during");
        assertThat(kill.killed.await(20, TimeUnit.SECONDS)).as("b was killed in a batch").isTrue();
        b.context.close();
        long killedAt = System.nanoTime();
        // Its claims outlive it: nobody released them.
        assertThat(a.owners(segmentsOfB)).as("owners of b's segments after it died").containsOnly("instance-b");
        StoreMishaps.appendSteps(a.engine(), cases, 6, 10, "clerk-after");

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
               .until(() -> a.claimed().size() == SEGMENTS);
        log.info("a took over the segments of the killed b {} ms after b died (claim timeout {})",
                 Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), CLAIM_TIMEOUT);
        a.awaitEveryStoredEventAppliedWith(b);
        a.assertEveryProjectionEqualsAFold();
    }

    @Test
    void aRebuildOnOneInstance_pausesTheOther_isTheOnlyOne_andBothReadTheNewCollectionsAfterwards() throws Exception {
        String database = TestMongo.get().newDatabaseName("multirebuild");
        Instance a = start("instance-a", database, null);
        Instance b = start("instance-b", database, null);
        awaitShared(a, b);
        List<String> cases = IntStream.range(0, 8).mapToObj(i -> StoreMishaps.newCase()).toList();
        StoreMishaps.appendSteps(a.engine(), cases, 0, 10, "clerk-before");
        a.awaitEveryStoredEventAppliedWith(b);
        Map<String, String> before = new HashMap<>();
        a.registry().names().forEach(name -> before.put(name, a.registry().activeCollectionName(name)));
        watcherLog.start();
        ((Logger) LoggerFactory.getLogger(RebuildPauseWatcher.class)).addAppender(watcherLog);

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Future<Integer> written = writer.submit(() -> writeWhile(a.engine(), writing));
        try {
            ResponseEntity<String> started = a.admin.post("/api/admin/projections/rebuild");
            assertThat(started.getStatusCode().value()).as(started.getBody()).isEqualTo(202);
            String rebuildId = a.admin.read(started).get("rebuildId").asText();
            // Only one rebuild at a time, across the instances.
            ResponseEntity<String> second = b.admin.post("/api/admin/projections/rebuild");
            assertThat(second.getStatusCode().value()).as(second.getBody()).isEqualTo(409);
            assertThat(b.admin.read(second).get("code").asText()).isEqualTo("REBUILD_IN_PROGRESS");

            JsonNode done = a.admin.awaitRebuildAfter("");
            assertThat(done.get("rebuildId").asText()).isEqualTo(rebuildId);
            assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
            // b stopped its live processing for a's catch-up (a could not claim b's segments otherwise).
            assertThat(watcherLog.list).extracting(ILoggingEvent::getFormattedMessage)
                                       .anySatisfy(line -> assertThat(line).contains("Pausing live projection processing",
                                                                                    rebuildId, "instance-a"));
        } finally {
            writing.set(false);
            assertThat(written.get()).as("events written during the rebuild").isPositive();
            writer.shutdownNow();
        }

        // b's readers follow the switch (and the old collections are gone after the drop delay).
        for (String name : a.registry().names()) {
            String after = a.registry().activeCollectionName(name);
            assertThat(after).isNotEqualTo(before.get(name));
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                   .until(() -> b.registry().activeCollectionName(name).equals(after));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
               .until(() -> a.collectionNames().stream().noneMatch(before.values()::contains));
        JsonNode projections = b.admin.projections();
        for (JsonNode view : projections) {
            assertThat(view.get("activeCollection").asText())
                    .isEqualTo(a.registry().activeCollectionName(view.get("name").asText()));
        }
        assertThat(b.timelineSize(cases.get(0))).isEqualTo(10);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
               .until(() -> b.claimed().size() == SEGMENTS / 2 && a.claimed().size() == SEGMENTS / 2);
        a.awaitEveryStoredEventAppliedWith(b);
        a.assertEveryProjectionEqualsAFold();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void awaitShared(Instance a, Instance b) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
               .until(() -> a.claimed().size() == SEGMENTS / 2 && b.claimed().size() == SEGMENTS / 2);
        assertThat(a.claimed()).doesNotContainAnyElementsOf(b.claimed());
    }

    /** Walks of new cases, a few at a time, until told to stop; answers how many events. */
    private static int writeWhile(EventStorageEngine engine, AtomicBoolean writing) {
        int count = 0;
        Map<String, Integer> next = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>();
        while (writing.get() || count < 20) {
            if (open.size() < 5) {
                open.add(StoreMishaps.newCase());
            }
            String caseId = open.get(count % open.size());
            int step = next.getOrDefault(caseId, 0);
            StoreMishaps.appendStep(engine, caseId, step, "clerk-w");
            count++;
            try {
                Thread.sleep(5); // pacing a busy county's writers (a couple of hundred commands a second), not a wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (step == 9) {
                open.remove(caseId);
            } else {
                next.put(caseId, step + 1);
            }
        }
        return count;
    }

    private Instance start(String name, String database, Killable kill) {
        Map<Long, Integer> applied = new ConcurrentHashMap<>();
        Set<Long> toldOfOthers = ConcurrentHashMap.newKeySet();
        LiveEventListener recorder = new LiveEventListener() {
            @Override
            public void applied(ProjectionEvent event) {
                if (kill != null && kill.armed.get()) {
                    kill.killed.countDown();
                    throw new IllegalStateException(name + " was killed");
                }
                applied.merge(event.position(), 1, Integer::sum);
            }

            @Override
            public void appliedElsewhere(ProjectionEvent event) {
                toldOfOthers.add(event.position());
            }
        };
        ConfigurableApplicationContext context = QueryServiceApplication.builder().initializers(initializing -> {
            initializing.getBeanFactory().registerSingleton("appliedRecorder", recorder);
            if (kill != null) {
                initializing.getBeanFactory().addBeanPostProcessor(kill);
            }
        }).run("--spring.data.mongodb.uri=" + TestMongo.get().connectionString(database),
               "--kcbx.embedded-mongo.enabled=false", "--server.port=0", "--kcbx.query.instance-name=" + name,
               "--kcbx.query.segments=" + SEGMENTS, "--kcbx.query.claim-timeout=" + CLAIM_TIMEOUT.toMillis() + "ms",
               "--kcbx.query.batch-size=5", "--kcbx.query.projections.rebuild-lease-timeout=3s",
               "--kcbx.query.projections.old-collection-drop-delay=1s");
        contexts.add(context);
        return new Instance(context, applied, toldOfOthers);
    }

    /** One instance: its context, the events its live processor applied (position: times), and its admin endpoint. */
    private static final class Instance {

        final ConfigurableApplicationContext context;
        final Map<Long, Integer> applied;
        /** Events another instance applied, as this one's live listeners were told of them. */
        final Set<Long> toldOfOthers;
        final ProjectionAdmin admin;
        final TestUsers users;
        final TestRestTemplate http;

        Instance(ConfigurableApplicationContext context, Map<Long, Integer> applied, Set<Long> toldOfOthers) {
            this.context = context;
            this.applied = applied;
            this.toldOfOthers = toldOfOthers;
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            this.http = new TestRestTemplate(new RestTemplateBuilder().rootUri("http://localhost:" + port));
            this.admin = new ProjectionAdmin(http, context, port);
            this.users = new TestUsers(context, port);
        }

        EventStorageEngine engine() {
            return context.getBean(EventStorageEngine.class);
        }

        ProjectionRegistry registry() {
            return context.getBean(ProjectionRegistry.class);
        }

        List<Integer> claimed() {
            return context.isActive() ? context.getBean(LiveProcessor.class).claimedSegments() : List.of();
        }

        /** The owner of each segment's claim in the token store (null: not claimed). */
        List<String> owners(List<Integer> segments) {
            MongoDatabase database = context.getBean(MongoDatabaseFactory.class).getMongoDatabase();
            List<String> owners = new ArrayList<>();
            for (int segment : segments) {
                org.bson.Document token = database.getCollection(ProjectionSettings.TOKENS_COLLECTION)
                                                  .find(new org.bson.Document("processorName",
                                                                              ProjectionEventHandler.PROCESSING_GROUP)
                                                                .append("segment", segment)).first();
                owners.add(token == null ? null : token.getString("owner"));
            }
            return owners;
        }

        List<String> collectionNames() {
            return context.getBean(MongoDatabaseFactory.class).getMongoDatabase().listCollectionNames()
                          .into(new ArrayList<>());
        }

        int timelineSize(String caseId) {
            ResponseEntity<String> response = http.exchange("/api/cases/" + caseId + "/timeline", HttpMethod.GET,
                                                            new HttpEntity<>(users.headers("TOWN")), String.class);
            assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
            return admin.read(response).get("entries").size();
        }

        /** Every event in the store has been applied by this instance or {@code other}. */
        void awaitEveryStoredEventAppliedWith(Instance other) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Set<Long> done = new HashSet<>(applied.keySet());
                done.addAll(other.applied.keySet());
                return done.containsAll(storedPositions());
            });
        }

        long head() {
            TrackingToken head = engine().createHeadToken();
            return head == null ? 0 : head.position().orElse(0);
        }

        List<Long> storedPositions() {
            List<Long> positions = new ArrayList<>();
            TrackingToken token = null;
            while (true) {
                List<? extends TrackedEventMessage<?>> batch;
                try (Stream<? extends TrackedEventMessage<?>> events = engine().readEvents(token, false)) {
                    batch = events.toList();
                }
                if (batch.isEmpty()) {
                    return positions;
                }
                for (TrackedEventMessage<?> message : batch) {
                    positions.add(message.trackingToken().position().orElseThrow());
                    token = message.trackingToken();
                }
            }
        }

        void assertEveryProjectionEqualsAFold() {
            MongoDatabase database = context.getBean(MongoDatabaseFactory.class).getMongoDatabase();
            StoreMishaps store = new StoreMishaps(database, context.getBean("eventSerializer", Serializer.class));
            ProjectionRegistry registry = registry();
            for (String name : registry.names()) {
                var folded = store.foldAllEventsInto(engine(), registry.projection(name), "scratch_" + name);
                try {
                    assertThat(StoreMishaps.sorted(registry.activeCollection(name))).as(name)
                                                                                   .isEqualTo(StoreMishaps.sorted(folded));
                } finally {
                    folded.drop();
                }
            }
            assertThat(registry.names()).contains(CaseTimelineProjection.NAME);
        }
    }

    /**
     * Kills an instance in the middle of a batch: once armed, the next event its processor applies makes every call
     * of its token store fail, as if the process were gone: the batch's position is never stored and its claims are
     * never released (they expire after the claim timeout).
     */
    private static final class Killable implements BeanPostProcessor {

        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch killed = new CountDownLatch(1);

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
            if (!(bean instanceof TokenStore tokenStore)) {
                return bean;
            }
            return Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[] {TokenStore.class},
                                          (proxy, method, arguments) -> {
                                              if (killed.getCount() == 0) {
                                                  throw new IllegalStateException("the instance was killed");
                                              }
                                              try {
                                                  return method.invoke(tokenStore, arguments);
                                              } catch (InvocationTargetException e) {
                                                  throw e.getCause();
                                              }
                                          });
        }
    }
}
