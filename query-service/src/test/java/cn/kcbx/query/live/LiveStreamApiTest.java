package cn.kcbx.query.live;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.LiveEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestUsers;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.testsupport.TestMongo;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live stream under many subscribers: one account cannot pile up streams (it was 300 streams of one account,
 * and a live update then took 5.5 s to reach them all), and an update reaches 300 subscribers of a town without
 * one waiting for the others. The delivery times are printed, not asserted (this machine's load varies).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveStreamApiTest {

    private static final Logger log = LoggerFactory.getLogger(LiveStreamApiTest.class);

    private static final String DATABASE = TestMongo.get().newDatabaseName("live_streams");
    private static final String TOWN = "430181105";
    private static final int LIMIT = 5;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    CaseFiles caseFiles;
    @Autowired
    LiveUpdates liveUpdates;
    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final Map<String, Long> nextSequence = new HashMap<>();
    private final String caseId = UUID.randomUUID().toString();
    private TestUsers users;

    /** 300 cases in the town, as many as the demo county has in all: the town's measures fold every one of them. */
    @BeforeAll
    void casesInTheTown() {
        users = new TestUsers(context, port);
        List<String> others = new ArrayList<>();
        for (int i = 1; i < 300; i++) {
            String other = UUID.randomUUID().toString();
            record(CaseEvents.identified(other, CaseEvents.idNumberOf(100 + i)));
            others.add(other);
        }
        record(CaseEvents.identified(caseId, CaseEvents.idNumberOf(31)));
        await().atMost(Duration.ofSeconds(120)).until(
                () -> caseFiles.current(caseId).isPresent() && caseFiles.current(others.get(0)).isPresent());
    }

    @Test
    @Order(1)
    void one_account_opening_301_live_streams_keeps_only_the_newest_5_and_the_others_are_told_why() throws Exception {
        Actor greedy = new Actor("live-greedy-town", Actor.Role.TOWN, TOWN);
        String authorization = users.authorization(greedy);
        List<BufferedReader> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 301; i++) {
                HttpResponse<InputStream> response = http.send(live(authorization), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(response.statusCode()).as("stream %d", i).isEqualTo(200);
                streams.add(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)));
            }

            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(liveUpdates.subscriberCount()).isEqualTo(LIMIT));
            for (int i = 0; i < 301 - LIMIT; i++) {
                List<String> events = eventsUntilTheEnd(streams.get(i));
                assertThat(events).as("stream %d", i).last().asString()
                                  .startsWith("stream-closed\n").contains("\"code\":\"TOO_MANY_LIVE_STREAMS\"")
                                  .contains("最多同时打开 " + LIMIT + " 个实时推送连接");
            }

            record(CaseEvents.visit(caseId, 1, LocalDate.of(2026, 4, 1)));
            for (int i = 301 - LIMIT; i < 301; i++) {
                assertThat(nextRowOf(streams.get(i))).as("stream %d still open", i).contains(caseId);
            }
        } finally {
            closeAll(streams);
        }
    }

    /**
     * 60 accounts of the town, 5 streams each: 300 subscribers. Prints, per change, how long after the event was
     * stored its ledger row and the town's measures reached the first, the median and the last subscriber.
     */
    @Test
    @Order(2)
    void a_live_update_reaches_300_subscribers_of_a_town_and_the_delivery_times_are_printed() throws Exception {
        List<BufferedReader> streams = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(300);
        try {
            for (int user = 0; user < 60; user++) {
                String authorization = users.authorization(new Actor("live-town-" + user, Actor.Role.TOWN, TOWN));
                for (int stream = 0; stream < LIMIT; stream++) {
                    HttpResponse<InputStream> response =
                            http.send(live(authorization), HttpResponse.BodyHandlers.ofInputStream());
                    assertThat(response.statusCode()).isEqualTo(200);
                    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                                                                                     StandardCharsets.UTF_8));
                    assertThat(LiveEvents.next(reader)).startsWith("measures\n");
                    streams.add(reader);
                }
            }
            for (int round = 1; round <= 4; round++) {
                ConcurrentLinkedQueue<Long> rowMillis = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<Long> measuresMillis = new ConcurrentLinkedQueue<>();
                CountDownLatch done = new CountDownLatch(streams.size());
                long[] storedAt = new long[1];
                CountDownLatch stored = new CountDownLatch(1);
                CountDownLatch reading = new CountDownLatch(streams.size());
                for (BufferedReader reader : streams) {
                    readers.execute(() -> {
                        reading.countDown();
                        try {
                            boolean rowSeen = false;
                            while (true) {
                                String event = LiveEvents.next(reader);
                                stored.await();
                                long millis = (System.nanoTime() - storedAt[0]) / 1_000_000;
                                if (event.startsWith("ledger-row\n") && event.contains(caseId)) {
                                    rowMillis.add(millis);
                                    rowSeen = true;
                                } else if (rowSeen && event.startsWith("measures\n")) {
                                    measuresMillis.add(millis);
                                    return;
                                } else if (event.isEmpty()) {
                                    return;
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
                // Every subscriber's reader runs before the event is stored (this was a fixed 500 ms pause).
                assertThat(reading.await(30, TimeUnit.SECONDS)).as("all 300 readers started").isTrue();
                storedAt[0] = System.nanoTime();
                record(CaseEvents.visit(caseId, 1 + round, LocalDate.of(2026, 4, 1 + round)));
                stored.countDown();
                assertThat(done.await(120, TimeUnit.SECONDS)).as("every subscriber got the row and the measures").isTrue();
                assertThat(rowMillis).hasSize(300);
                assertThat(measuresMillis).hasSize(300);
                log.info("live fan-out, 300 subscribers, round {}: ledger-row after {} ms, measures after {} ms"
                                 + " (first / median / p95 / last from the event stored, and last - first)",
                         round, summary(rowMillis), summary(measuresMillis));
            }
        } finally {
            readers.shutdownNow();
            closeAll(streams);
        }
    }

    private HttpRequest live(String authorization) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/live?region=" + TOWN))
                          .header("Accept", "text/event-stream").header("Authorization", authorization).build();
    }

    private static List<String> eventsUntilTheEnd(BufferedReader reader) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            List<String> events = new ArrayList<>();
            String event;
            while (!(event = LiveEvents.next(reader)).isEmpty()) {
                events.add(event);
            }
            return events;
        }).get(30, TimeUnit.SECONDS);
    }

    private static String nextRowOf(BufferedReader reader) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            String event;
            do {
                event = LiveEvents.next(reader);
            } while (!event.isEmpty() && !event.startsWith("ledger-row\n"));
            return event;
        }).get(30, TimeUnit.SECONDS);
    }

    private static String summary(ConcurrentLinkedQueue<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        return sorted.get(0) + " / " + sorted.get(sorted.size() / 2) + " / " + sorted.get(sorted.size() * 95 / 100)
                + " / " + sorted.get(sorted.size() - 1) + " (spread " + (sorted.get(sorted.size() - 1) - sorted.get(0))
                + ")";
    }

    private static void closeAll(List<BufferedReader> streams) {
        for (BufferedReader stream : streams) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing a stream the server ended
            }
        }
    }

    private void record(CaseEvent event) {
        long sequence = nextSequence.merge(event.caseId(), 1L, Long::sum) - 1;
        engine.appendEvents(List.of(CaseEvents.message(
                event, sequence, CaseEvents.metaData("clerk-01", "TOWN", TOWN, UUID.randomUUID().toString()))));
    }
}
