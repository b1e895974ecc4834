package cn.kcbx.query;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.ProjectionRegistry;
import cn.kcbx.query.timeline.CaseTimelineProjection;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query service end to end on the chosen test MongoDB: events appended to the shared store (as the case service
 * writes them) reach the timeline through the pooled processor; the read API's errors; and a rebuild while events keep
 * arriving ends with exactly the collection a from-scratch fold of all events gives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class QueryServiceApplicationTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("query");
    private static final AtomicInteger CASE_NUMBERS = new AtomicInteger();

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
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

    private TestUsers users;

    private final ObjectMapper json = new ObjectMapper();
    /** Every ID number used by this test class: none may appear in a projection. */
    private static final List<String> ID_NUMBERS = new CopyOnWriteArrayList<>();

    // ------------------------------------------------------------------------------------------------ live

    @Test
    void appendedEvents_showUpInTheTimeline_inOrder_withActorAndTime_andWithoutFullIdentifiers() throws Exception {
        List<String> cases = newCases(5);
        // Interleaved, one commit per event, as five clerks working at once would store them.
        for (int step = 0; step < 10; step++) {
            for (int c = 0; c < cases.size(); c++) {
                appendOne(cases.get(c), step, "clerk-" + c);
            }
        }

        for (int c = 0; c < cases.size(); c++) {
            String caseId = cases.get(c);
            JsonNode timeline = awaitTimeline(caseId, 10);
            assertThat(timeline.get("caseId").asText()).isEqualTo(caseId);
            JsonNode entries = timeline.get("entries");
            List<String> types = new ArrayList<>();
            long lastPosition = 0;
            for (int i = 0; i < entries.size(); i++) {
                JsonNode entry = entries.get(i);
                assertThat(entry.get("sequence").asLong()).isEqualTo(i);
                assertThat(entry.get("position").asLong()).isGreaterThan(lastPosition);
                lastPosition = entry.get("position").asLong();
                types.add(entry.get("type").asText());
                assertThat(entry.get("actor").get("id").asText()).isEqualTo("clerk-" + c);
                assertThat(entry.get("actor").get("role").asText()).isEqualTo("VILLAGE");
                assertThat(entry.get("actor").get("unit").asText()).isEqualTo("430181105203");
                assertThat(entry.get("channel").asText()).isEqualTo("web");
                assertThat(entry.get("recordedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            }
            assertThat(types).containsExactly("CaseIdentified", "DropoutConfirmed", "TrioAssigned", "VisitLogged",
                                              "CriticismEducationRecorded", "CorrectionOrderIssued",
                                              "LegalDocumentServed", "VisitLogged", "StudentReturnedToSchool",
                                              "CaseCrossedOff");
            assertThat(entries.get(0).get("label").asText()).isEqualTo("登记疑似辍学");
            assertThat(entries.get(3).get("label").asText()).isEqualTo("劝返走访");
            assertThat(entries.get(9).get("label").asText()).isEqualTo("劝返复学销号");
            String idNumber = CaseEvents.idNumberOf(caseNumber(caseId));
            assertThat(entries.get(0).get("data").get("student").get("idNumber").asText())
                    .isEqualTo(idNumber.substring(0, 4) + "**********" + idNumber.substring(14));
            assertThat(entries.get(2).get("data").get("teacher").get("phone").asText()).isEqualTo("138****0101");
        }
        assertNoFullIdentifiersIn(registry.activeCollection(CaseTimelineProjection.NAME));
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void apiErrors_haveTheCaseServiceShape() throws Exception {
        String unknownCase = UUID.randomUUID().toString();

        JsonNode unauthenticated = error(get("/api/cases/" + unknownCase + "/timeline", null), 401);
        assertThat(unauthenticated.get("code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(unauthenticated.get("field").isNull()).isTrue();

        HttpHeaders badToken = new HttpHeaders();
        badToken.setBearerAuth("not-a-token");
        JsonNode refused = error(http.exchange("/api/cases/" + unknownCase + "/timeline", HttpMethod.GET,
                                               new HttpEntity<>(badToken), String.class), 401);
        assertThat(refused.get("code").asText()).isEqualTo("UNAUTHENTICATED");

        JsonNode malformed = error(get("/api/cases/not-a-case-id/timeline", "TOWN"), 400);
        assertThat(malformed.get("code").asText()).isEqualTo("INVALID_IDENTIFIER");
        assertThat(malformed.get("field").asText()).isEqualTo("caseId");

        JsonNode notFound = error(get("/api/cases/" + unknownCase + "/timeline", "TOWN"), 404);
        assertThat(notFound.get("code").asText()).isEqualTo("CASE_NOT_FOUND");
        assertThat(notFound.get("message").asText()).contains("案件不存在");

        JsonNode forbidden = error(get("/api/admin/projections", "TOWN"), 403);
        assertThat(forbidden.get("code").asText()).isEqualTo("FORBIDDEN");

        JsonNode unknownProjection = error(post("/api/admin/projections/no_such_thing/rebuild"), 404);
        assertThat(unknownProjection.get("code").asText()).isEqualTo("PROJECTION_NOT_FOUND");
        assertThat(unknownProjection.get("message").asText()).contains("case_timeline");

        JsonNode noRoute = error(get("/api/nothing-here", "TOWN"), 404);
        assertThat(noRoute.get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void openApi_documentsTheReadAndAdminEndpoints() throws Exception {
        ResponseEntity<String> docs = http.getForEntity("/v3/api-docs", String.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.getBody()).get("paths");
        assertThat(paths.has("/api/cases/{caseId}/timeline")).isTrue();
        assertThat(paths.has("/api/admin/projections/{name}/rebuild")).isTrue();
        assertThat(paths.has("/api/admin/projections/rebuild")).isTrue();
        assertThat(paths.has("/api/admin/projections")).isTrue();
        assertThat(paths.has("/api/audit")).isTrue();
    }

    // ------------------------------------------------------------------------------------------------ rebuild

    @Test
    void rebuild_whileEventsKeepArriving_endsEqualToAFoldOfAllEvents_andKeepsAnswering() throws Exception {
        // 20 walks (200 events, one commit each): the rebuild replays them for long enough that the writer below
        // appends during the replay; more cases only made every phase of the test longer.
        List<String> cases = newCases(20);
        for (int step = 0; step < 10; step++) {
            for (String caseId : cases) {
                appendOne(caseId, step, "clerk-r");
            }
        }
        // Some cases were handed over to another town: the rebuilt projections must fold transfers too.
        for (int i = 1; i < cases.size() - 1; i += 3) {
            engine.appendEvents(List.of(CaseEvents.message(
                    CaseEvents.transferred(cases.get(i), "430181106201", null), 10,
                    CaseEvents.metaData("clerk-r", "TOWN", "430181105", UUID.randomUUID().toString()))));
        }
        String probe = cases.get(0);
        awaitTimeline(cases.get(cases.size() - 1), 10);
        // The processor's two segments run independently: the probe's own segment may still be behind the last case's.
        awaitTimeline(probe, 10);

        for (String endpoint : List.of("/api/admin/projections/case_timeline/rebuild",
                                       "/api/admin/projections/rebuild")) {
            List<String> rebuilt = endpoint.contains("case_timeline") ? List.of(CaseTimelineProjection.NAME)
                    : registry.names();
            Map<String, String> before = new HashMap<>();
            rebuilt.forEach(name -> before.put(name, registry.activeCollectionName(name)));
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writer = Executors.newSingleThreadExecutor();
            Future<Integer> written = writer.submit(() -> writeWhile(writing));
            try {
                ResponseEntity<String> started = post(endpoint);
                assertThat(started.getStatusCode().value()).isEqualTo(202);
                JsonNode status = json.readTree(started.getBody());
                assertThat(status.get("state").asText()).isEqualTo("RUNNING");
                JsonNode again = error(post("/api/admin/projections/rebuild"), 409);
                assertThat(again.get("code").asText()).isEqualTo("REBUILD_IN_PROGRESS");
                assertThat(again.get("retryable").asBoolean()).isTrue();

                // The service keeps answering while it rebuilds.
                List<Integer> sizesDuringRebuild = new ArrayList<>();
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    sizesDuringRebuild.add(json.readTree(get("/api/cases/" + probe + "/timeline", "TOWN").getBody())
                                               .get("entries").size());
                    return rebuildState().equals("COMPLETED");
                });
                assertThat(sizesDuringRebuild).isNotEmpty().allMatch(size -> size == 10);
            } finally {
                writing.set(false);
                assertThat(written.get()).as("events written during the rebuild").isPositive();
                writer.shutdownNow();
            }
            for (String name : rebuilt) {
                String after = registry.activeCollectionName(name);
                assertThat(after).isNotEqualTo(before.get(name));

                // Once the live processor has caught up, the rebuilt collection is exactly the fold of all events.
                MongoCollection<Document> active = registry.activeCollection(name);
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(this::caughtUp);
                MongoCollection<Document> scratch = foldAllEventsInto(registry.projection(name), "scratch_" + after);
                assertThat(sorted(active)).as(name).isEqualTo(sorted(scratch));
                assertNoFullIdentifiersIn(active);
            }
        }
    }

    /** Appends walks of new cases, and further steps of them, until told to stop; answers how many events. */
    private int writeWhile(AtomicBoolean writing) {
        int count = 0;
        Map<String, Integer> next = new ConcurrentHashMap<>();
        List<String> open = new ArrayList<>();
        while (writing.get() || count < 20) {
            if (open.size() < 5) {
                open.add(newCases(1).get(0));
            }
            String caseId = open.get(count % open.size());
            int step = next.getOrDefault(caseId, 0);
            appendOne(caseId, step, "clerk-w");
            count++;
            try {
                Thread.sleep(5); // a busy county: a couple of hundred commands a second
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

    private String rebuildState() throws Exception {
        JsonNode projections = json.readTree(get("/api/admin/projections", "ADMIN").getBody());
        for (JsonNode projection : projections) {
            if (projection.get("name").asText().equals(CaseTimelineProjection.NAME)) {
                JsonNode rebuild = projection.get("rebuild");
                assertThat(rebuild.get("state").asText()).isNotEqualTo("FAILED");
                return rebuild.get("state").asText();
            }
        }
        throw new AssertionError("no case_timeline in " + projections);
    }

    /** The live processor has processed everything in the store. */
    private boolean caughtUp() throws Exception {
        JsonNode projections = json.readTree(get("/api/admin/projections", "ADMIN").getBody());
        JsonNode first = projections.get(0);
        return !first.get("livePosition").isNull()
                && first.get("livePosition").asLong() >= first.get("headPosition").asLong();
    }

    private MongoCollection<Document> foldAllEventsInto(Projection projection, String name) {
        MongoDatabase database = databaseFactory.getMongoDatabase();
        MongoCollection<Document> scratch = database.getCollection(name);
        projection.prepare(scratch);
        TrackingToken token = null;
        while (true) {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(token, false)) {
                batch = events.toList();
            }
            if (batch.isEmpty()) {
                return scratch;
            }
            for (TrackedEventMessage<?> message : batch) {
                ProjectionEvent event = ProjectionEvent.of((DomainEventMessage<?>) message,
                                                           message.trackingToken().position().orElseThrow());
                projection.apply(event, scratch);
                token = message.trackingToken();
            }
        }
    }

    private static List<Document> sorted(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        documents.sort(Comparator.comparing(document -> document.getString("_id")));
        return documents;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<String> newCases(int count) {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = CASE_NUMBERS.incrementAndGet();
            cases.add(String.format("00000000-0000-4000-8000-%012d", n));
            ID_NUMBERS.add(CaseEvents.idNumberOf(n));
        }
        return cases;
    }

    private static int caseNumber(String caseId) {
        return Integer.parseInt(caseId.substring(caseId.lastIndexOf('-') + 1));
    }

    /** Stores step {@code step} of the case's walk as one commit, as the case service would. */
    private void appendOne(String caseId, int step, String actor) {
        CaseEvent event = CaseEvents.walk(caseId, CaseEvents.idNumberOf(caseNumber(caseId))).get(step);
        Map<String, Object> metaData = CaseEvents.metaData(actor, "VILLAGE", "430181105203",
                                                           UUID.randomUUID().toString());
        engine.appendEvents(List.of(CaseEvents.message(event, step, metaData)));
    }

    private JsonNode awaitTimeline(String caseId, int entries) {
        JsonNode[] result = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            ResponseEntity<String> response = get("/api/cases/" + caseId + "/timeline", "TOWN");
            if (response.getStatusCode().value() != 200) {
                return false;
            }
            result[0] = json.readTree(response.getBody());
            return result[0].get("entries").size() == entries;
        });
        return result[0];
    }

    private void assertNoFullIdentifiersIn(MongoCollection<Document> collection) {
        List<Document> documents = collection.find().into(new ArrayList<>());
        assertThat(documents).isNotEmpty();
        StringBuilder all = new StringBuilder();
        documents.forEach(document -> all.append(document.toJson()).append('\n'));
        String text = all.toString();
        for (String idNumber : ID_NUMBERS) {
            assertThat(text).doesNotContain(idNumber);
        }
        assertThat(text).doesNotContain(CaseEvents.TEACHER_PHONE, CaseEvents.CADRE_PHONE, CaseEvents.GUARDIAN_PHONE,
                                        "13612345678");
    }

    private ResponseEntity<String> get(String path, String role) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(role)), String.class);
    }

    private ResponseEntity<String> post(String path) {
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(headers("ADMIN")), String.class);
    }

    private HttpHeaders headers(String role) {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users.headers(role);
    }

    private JsonNode error(ResponseEntity<String> response, int status) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        JsonNode body = json.readTree(response.getBody());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("code") && body.has("field") && body.has("message") && body.has("retryable")).isTrue();
        assertThat(body.get("message").asText()).matches(".*\\p{IsHan}.*");
        return body;
    }
}
