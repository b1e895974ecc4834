package cn.kcbx.query.live;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.LiveEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.testsupport.TestMongo;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding 8 of the security review: a live stream opened before sign-out (or before the account was disabled) kept
 * pushing students' names for up to 30 minutes. A stream now ends with its sign-in; a colleague's stream on the same
 * town, still signed in, shows that the change was pushed meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class LiveStreamSignInTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("live_signin");
    private static final String TOWN = "430181105";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final AtomicInteger STUDENTS = new AtomicInteger(700);

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    ApplicationContext applicationContext;
    @Autowired
    AccountService accounts;
    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void a_stream_opened_before_sign_out_stops_pushing_names_after_it() throws Exception {
        replay(token -> {
            HttpResponse<String> signOut = send(HttpRequest.newBuilder(url("/api/auth/sign-out"))
                                                           .header("Authorization", "Bearer " + token)
                                                           .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(signOut.statusCode()).isEqualTo(204);
        });
    }

    @Test
    void a_stream_opened_before_the_account_was_disabled_stops_pushing_names_after_it() throws Exception {
        replay(token -> {
            // The administrator disables the account (which ends its sessions).
            String username = signedInAs.get();
            accounts.setEnabled(username, false, new Actor("sysadmin", Actor.Role.ADMIN, "430181"), "127.0.0.1");
        });
    }

    private final ThreadLocal<String> signedInAs = new ThreadLocal<>();

    /** Two town users watch the town; {@code endSignIn} ends the first one's sign-in; then a case changes. */
    private void replay(Consumer<String> endSignIn) throws Exception {
        SignedInActors users = new SignedInActors(applicationContext, port);
        Actor leaving = new Actor("town-live-" + USERS.incrementAndGet(), Actor.Role.TOWN, TOWN);
        Actor staying = new Actor("town-live-" + USERS.incrementAndGet(), Actor.Role.TOWN, TOWN);
        String leavingToken = users.token(leaving);
        try (BufferedReader leavingStream = open(leavingToken);
             BufferedReader stayingStream = open(users.token(staying))) {
            assertThat(LiveEvents.next(leavingStream)).startsWith("measures\n");
            assertThat(LiveEvents.next(stayingStream)).startsWith("measures\n");

            signedInAs.set(leaving.userId());
            endSignIn.accept(leavingToken);
            String caseId = UUID.randomUUID().toString();
            engine.appendEvents(List.of(CaseEvents.message(
                    CaseEvents.identified(caseId, CaseEvents.idNumberOf(STUDENTS.incrementAndGet())), 0,
                    CaseEvents.metaData("clerk-01", "VILLAGE", "430181105203", UUID.randomUUID().toString()))));

            // The colleague still signed in gets the new row: the change was pushed.
            String pushed = CompletableFuture.supplyAsync(() -> nextRow(stayingStream)).get(30, TimeUnit.SECONDS);
            assertThat(pushed).contains(caseId);
            // The signed-out user's stream ends, and never carried the row.
            List<String> rest = CompletableFuture.supplyAsync(() -> untilTheEnd(leavingStream))
                                                 .get(30, TimeUnit.SECONDS);
            assertThat(rest).noneMatch(event -> event.startsWith("ledger-row"));
            assertThat(rest).noneMatch(event -> event.contains(caseId));
            assertThat(rest).last().asString().startsWith("session-ended\n").contains("SESSION_ENDED");
        }
    }

    private BufferedReader open(String token) throws Exception {
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(url("/api/live")).header("Accept", "text/event-stream")
                           .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    private static String nextRow(BufferedReader stream) {
        while (true) {
            String event = LiveEvents.next(stream);
            if (event.isEmpty() || event.startsWith("ledger-row\n")) {
                return event;
            }
        }
    }

    /** Every event until the server closes the stream. */
    private static List<String> untilTheEnd(BufferedReader stream) {
        List<String> events = new ArrayList<>();
        String event;
        while (!(event = LiveEvents.next(stream)).isEmpty()) {
            events.add(event);
        }
        return events;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
