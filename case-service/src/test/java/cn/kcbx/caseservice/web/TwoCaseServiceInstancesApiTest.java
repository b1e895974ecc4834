package cn.kcbx.caseservice.web;

import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.CaseServiceApplication;
import cn.kcbx.caseservice.command.LostRaceRetries;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;
import cn.kcbx.eventstore.CommitListener;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two case-service instances (two Spring contexts in this JVM, each with its own HTTP port, event store engine and
 * per-process locks) on one database, as two processes behind one proxy would be. Two village workers log a visit on
 * the same case at the same moment, one through each instance: the store lets one in, the other instance decides its
 * command again on the new state, and both get their visit stored, once each, in a gap-free, still verifiable chain.
 * A reopening decided again on the reopened case is refused by the case, and the student's claim stays with it.
 */
class TwoCaseServiceInstancesApiTest extends ApiTestBase {

    /** A second village worker of the same village as {@link Actor#VILLAGE}, working through the other instance. */
    static final Actor OTHER_VILLAGE_WORKER = new Actor("tian.xiaohong", "VILLAGE", "430181105203");

    /** Both instances' writers pass through it between choosing their position and inserting their commit. */
    static final RaceGate GATE = new RaceGate();

    private static ConfigurableApplicationContext second;
    private static ApiClient secondApi;

    @Autowired
    MongoDatabaseFactory databaseFactory;

    @Autowired
    MeterRegistry meterRegistry;

    @Autowired
    EventStorageEngine storageEngine;

    @TestConfiguration(proxyBeanMethods = false)
    static class Gate {
        @Bean
        CommitListener raceGate() {
            return GATE;
        }
    }

    @BeforeEach
    void startTheSecondInstance() {
        if (second == null) {
            second = new SpringApplicationBuilder(CaseServiceApplication.class)
                    .properties("spring.config.name=" + CaseServiceApplication.CONFIG_NAMES, "server.port=0",
                                "spring.data.mongodb.uri="
                                        + applicationContext.getEnvironment().getProperty("spring.data.mongodb.uri"))
                    .initializers(context -> context.getBeanFactory().registerSingleton("raceGate", GATE))
                    .run();
            int port = ((WebServerApplicationContext) second).getWebServer().getPort();
            secondApi = new ApiClient(port, new SignedInActors(second, port));
        }
    }

    @AfterAll
    static void stopTheSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void twoWorkersLogAVisitOnOneCaseAtTheSameMomentThroughTwoInstances_bothAreStoredOnce() throws Exception {
        String caseId = persuadingCase(IDENTIFIED_ON);
        double retriedBefore = lostRaces("retried");
        List<String> acknowledged = new ArrayList<>();
        JsonNode lastOtherVisit = null;

        for (int round = 0; round < 3; round++) {
            String first = UUID.randomUUID().toString();
            String other = UUID.randomUUID().toString();
            JsonNode firstVisit = ApiData.visit("2026-09-2" + round);
            JsonNode otherVisit = ApiData.visit("2026-09-2" + round);
            GATE.holdUntilBothDecided(caseId);
            List<Response> responses = atOnce(List.of(
                    () -> api.post(path(caseId, "/visits"), firstVisit, Actor.VILLAGE, Map.of("X-Request-Id", first)),
                    () -> secondApi.post(path(caseId, "/visits"), otherVisit, OTHER_VILLAGE_WORKER,
                                         Map.of("X-Request-Id", other))));

            assertThat(GATE.bothArrived()).as("both instances decided on the same state before either stored").isTrue();
            assertThat(responses).allSatisfy(response -> {
                assertThat(response.status()).as("%s", response).isEqualTo(200);
                assertThat(response.body().path("replayed").asBoolean()).isFalse();
            });
            acknowledged.add(first);
            acknowledged.add(other);
            lastOtherVisit = otherVisit;
        }

        // One lost race per round, seen by the store and decided again by the losing instance.
        assertThat(lostRaces("retried") - retriedBefore).isEqualTo(3);
        assertThat(lostRaces("exhausted")).isZero();
        assertStoredOnceEach(caseId, acknowledged);

        // Resending a request that was stored (perhaps after a retry) stores nothing new: it answers as before.
        Response resent = secondApi.post(path(caseId, "/visits"), lastOtherVisit, OTHER_VILLAGE_WORKER,
                                         Map.of("X-Request-Id", acknowledged.get(acknowledged.size() - 1)));
        assertThat(resent.status()).as("%s", resent).isEqualTo(200);
        assertThat(resent.body().path("replayed").asBoolean()).isTrue();
        assertStoredOnceEach(caseId, acknowledged);
    }

    @Test
    void manyVisitsThroughBothInstancesAtOnce_everyAcknowledgedOneIsStoredOnce_inAGapFreeVerifiedChain()
            throws Exception {
        String caseId = persuadingCase(IDENTIFIED_ON);
        int perWorker = 4;
        List<Response> answers = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        List<Callable<Response>> requests = new ArrayList<>();
        for (int worker = 0; worker < 6; worker++) {
            ApiClient client = worker % 2 == 0 ? api : secondApi;
            Actor actor = worker % 2 == 0 ? Actor.VILLAGE : OTHER_VILLAGE_WORKER;
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < perWorker; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            requestIds.addAll(ids);
            requests.add(() -> {
                Response last = null;
                for (String id : ids) {
                    // A client resends a retryable answer with the same request id, as the phones do (0004).
                    do {
                        last = client.post(path(caseId, "/visits"), ApiData.visit(id, "2026-09-25"), actor,
                                           Map.of("X-Request-Id", id));
                    } while (last.status() == 409 && last.body().path("retryable").asBoolean());
                    synchronized (answers) {
                        answers.add(last);
                    }
                }
                return last;
            });
        }

        atOnce(requests);

        assertThat(answers).hasSize(requestIds.size())
                           .allSatisfy(response -> assertThat(response.status()).as("%s", response).isEqualTo(200));
        assertStoredOnceEach(caseId, requestIds);
    }

    @Test
    void twoInstancesReopenOneClosedCaseAtTheSameMoment_oneReopensIt_theOtherIsRefusedOnTheNewState_andTheStudentHasOneOpenCase()
            throws Exception {
        ApiData.Student student = ApiData.newStudent();
        String caseId = identify(student, IDENTIFIED_ON);
        accepted(caseId, "/verification/confirm", ApiData.confirm("2026-09-05"));
        accepted(caseId, "/trio", ApiData.trio(TRIO_ASSIGNED_ON));
        accepted(caseId, "/close", ApiData.close(CLOSED_ON, "ABROAD"));
        double retriedBefore = lostRaces("retried");

        GATE.holdUntilBothDecided(caseId);
        List<Response> responses = atOnce(List.of(
                () -> api.post(path(caseId, "/reopen"), ApiData.reopen("2026-10-09"), Actor.TOWN),
                () -> secondApi.post(path(caseId, "/reopen"), ApiData.reopen("2026-10-09"), Actor.TOWN)));

        assertThat(GATE.bothArrived()).as("both instances decided on the closed case").isTrue();
        assertThat(lostRaces("retried") - retriedBefore).isEqualTo(1);
        // Decided again on the reopened case, the loser's reopening is refused by the case's own rules.
        assertThat(responses).extracting(Response::status).as("%s", responses).containsExactlyInAnyOrder(200, 422);
        assertThat(eventTypes(caseId).stream().filter("CaseReopened"::equals)).hasSize(1);
        // The student's claim is held by the reopened case: a new identification is refused and named to it.
        Response again = api.post(CASES, ApiData.identify(student, "2026-10-10"), Actor.VILLAGE);
        assertError(again, 409, "DUPLICATE_OPEN_CASE", null);
        assertThat(again.message()).contains(caseId);
    }

    /** Each request's commit is stored once, the case's sequence has no gap, and the whole hash chain verifies. */
    private void assertStoredOnceEach(String caseId, List<String> requestIds) {
        MongoCollection<Document> events = databaseFactory.getMongoDatabase().getCollection("events");
        for (String requestId : requestIds) {
            assertThat(events.countDocuments(eq("requestId", requestId))).as("commits of request %s", requestId)
                                                                          .isEqualTo(1);
        }
        List<Long> sequences = storageEngine.readEvents(caseId).asStream()
                                            .map(DomainEventMessage::getSequenceNumber).toList();
        assertThat(sequences).containsExactlyElementsOf(LongStream.range(0, sequences.size()).boxed().toList());
        Map<String, Integer> visitsByRequest = new HashMap<>();
        for (JsonNode event : events(caseId)) {
            if (event.path("type").asText().equals("VisitLogged")) {
                visitsByRequest.merge(event.path("recordedBy").path("requestId").asText(), 1, Integer::sum);
            }
        }
        for (String requestId : requestIds) {
            assertThat(visitsByRequest.get(requestId)).as("visits of request %s", requestId).isEqualTo(1);
        }
        // Every case's hash chain, walked by the verifier. The API tests share one database, in which other test
        // classes signed checkpoints with keys of their own; those are all it may report, never a broken chain.
        JsonNode report = api.post(IntegrityApiTest.VERIFICATION, null, Actor.COUNTY).body();
        assertThat(report.path("checkedEvents").asLong()).as("%s", report).isPositive();
        List<String> problems = new ArrayList<>();
        report.path("brokenLinks").forEach(link -> problems.add(link.path("kind").asText()));
        assertThat(problems).as("%s", report).allMatch("CHECKPOINT_KEY_UNTRUSTED"::equals)
                            .hasSize(report.path("brokenLinkCount").asInt());
        assertThat(report.path("ok").asBoolean() || !problems.isEmpty()).as("%s", report).isTrue();
    }

    private double lostRaces(String outcome) {
        MeterRegistry secondRegistry = second.getBean(MeterRegistry.class);
        return meterRegistry.counter(LostRaceRetries.METRIC, "outcome", outcome).count()
                + secondRegistry.counter(LostRaceRetries.METRIC, "outcome", outcome).count();
    }

    /** Starts every task at the same moment (a latch, not a sleep) and returns their results in order. */
    private static List<Response> atOnce(List<Callable<Response>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Response> results = new ArrayList<>();
            for (Future<Response> future : futures) {
                results.add(future.get(120, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Holds the first two appends to one case after their positions were chosen until both are there: both commands
     * were then decided on the same state of the case, so exactly one of the two inserts can win. Later appends (the
     * loser's retry) pass at once.
     */
    static final class RaceGate implements CommitListener {

        private volatile String caseId;
        private volatile CountDownLatch arrivals = new CountDownLatch(0);
        private volatile boolean bothArrived;

        void holdUntilBothDecided(String caseId) {
            this.bothArrived = false;
            this.arrivals = new CountDownLatch(2);
            this.caseId = caseId;
        }

        boolean bothArrived() {
            return bothArrived;
        }

        @Override
        public void positionsChosen(String aggregateId, long first, long last) {
            CountDownLatch latch = arrivals;
            String armed = caseId;
            if (armed == null || !armed.equals(aggregateId) || latch.getCount() == 0) {
                return;
            }
            latch.countDown();
            try {
                if (latch.await(30, TimeUnit.SECONDS)) {
                    bothArrived = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
