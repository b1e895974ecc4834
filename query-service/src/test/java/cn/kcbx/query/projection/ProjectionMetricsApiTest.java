package cn.kcbx.query.projection;

import cn.kcbx.access.testing.MetricsScrape;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.LiveEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestUsers;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.testsupport.TestMongo;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query service's metrics, read as Prometheus reads them on the actuator's own port: how far each processor is
 * behind the store (also while it is stopped), the open live streams, refused sign-ins; none names a case, a student
 * or a user; and on the public port nobody, signed in or not, reads them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = {"spring.config.name=" + QueryServiceApplication.CONFIG_NAMES,
                              "management.server.port=0"})
@AutoConfigureObservability(tracing = false)
class ProjectionMetricsApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("metrics");
    private static final String LAG = "kcbx_projection_lag";
    private static final String PROCESSOR = "processor=" + ProjectionEventHandler.PROCESSING_GROUP;

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
    LiveProcessor live;
    @Autowired
    ApplicationContext context;
    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    private final Map<String, Long> nextSequence = new HashMap<>();

    @Test
    void lag_subscribers_and_refused_sign_ins_are_measured_without_naming_anyone() throws Exception {
        String caseId = UUID.randomUUID().toString();
        String idNumber = CaseEvents.idNumberOf(77);
        record(CaseEvents.identified(caseId, idNumber));
        await().atMost(Duration.ofSeconds(60)).until(() -> caseFiles.current(caseId).isPresent() && lag() == 0);

        // Stopped (as for a rebuild), the processor falls behind by every event stored meanwhile.
        live.stop();
        try {
            for (int visit = 1; visit <= 3; visit++) {
                record(CaseEvents.visit(caseId, visit, LocalDate.of(2026, 4, visit)));
            }
            assertThat(lag()).isGreaterThanOrEqualTo(3);
        } finally {
            live.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> lag() == 0);

        Actor town = new Actor("metrics.town.clerk", Actor.Role.TOWN, TestUsers.TOWN);
        String authorization = new TestUsers(context, port).authorization(town);
        MetricsScrape before = MetricsScrape.of(managementPort);
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/live?region=" + TestUsers.TOWN))
                           .header("Accept", "text/event-stream").header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            String first = CompletableFuture.supplyAsync(() -> LiveEvents.next(reader)).get(30, TimeUnit.SECONDS);
            assertThat(first).isNotEmpty();
            assertThat(MetricsScrape.of(managementPort).value("kcbx_sse_subscribers"))
                    .isEqualTo(before.value("kcbx_sse_subscribers") + 1);
        }
        HttpResponse<String> badPassword = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/sign-in"))
                           .header("Content-Type", "application/json")
                           .POST(HttpRequest.BodyPublishers.ofString(
                                   "{\"username\":\"metrics.town.clerk\",\"password\":\"not-the-password-1\"}"))
                           .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badPassword.statusCode()).isEqualTo(401);

        MetricsScrape after = MetricsScrape.of(managementPort);
        assertThat(after.value("kcbx_signin_failures_total", "reason=BAD_CREDENTIALS")
                           - before.value("kcbx_signin_failures_total", "reason=BAD_CREDENTIALS")).isEqualTo(1);
        assertThat(after.matching(LAG, PROCESSOR)).hasSize(1);
        after.assertNothingPersonal(caseId, idNumber, "metrics.town.clerk", TestUsers.TOWN);
        assertThat(after.families("kcbx_")).containsExactlyInAnyOrderElementsOf(
                MetricsScrape.listedFamilies("query-service"));
    }

    @Test
    void the_public_port_shows_the_metrics_to_nobody() {
        String authorization = new TestUsers(context, port).authorization(TestUsers.actor("COUNTY"));
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator")) {
            assertThat(MetricsScrape.get(port, path, null).statusCode()).as("anonymous %s", path).isEqualTo(401);
            HttpResponse<String> signedIn = MetricsScrape.get(port, path, authorization);
            assertThat(signedIn.statusCode()).as("county %s", path).isEqualTo(403);
            assertThat(signedIn.body()).doesNotContain("kcbx_");
        }
        // Nor by claiming, through the headers a trusted proxy sets, to have come in on the management port.
        Map<String, String> pretending = Map.of("X-Forwarded-Port", String.valueOf(managementPort),
                                                "X-Forwarded-Host", "localhost:" + managementPort,
                                                "X-Forwarded-Proto", "http");
        assertThat(MetricsScrape.getWith(port, "/actuator/prometheus", pretending).statusCode()).isEqualTo(401);
        assertThat(MetricsScrape.get(managementPort, "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    private double lag() {
        return MetricsScrape.of(managementPort).value(LAG, PROCESSOR);
    }

    private void record(CaseEvent event) {
        long sequence = nextSequence.merge(event.caseId(), 1L, Long::sum) - 1;
        engine.appendEvents(List.of(CaseEvents.message(
                event, sequence, CaseEvents.metaData("clerk-01", "TOWN", TestUsers.TOWN, UUID.randomUUID().toString()))));
    }
}
