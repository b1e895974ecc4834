package cn.kcbx.caseservice.web;

import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.support.CaseServiceTestBase;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;
import cn.kcbx.web.ApiError;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on its random port with a real HTTP client, plus the steps every API test needs: open a case, walk it
 * to a status, read its stored events, and check that a rejection left them untouched.
 */
abstract class ApiTestBase extends CaseServiceTestBase {

    static final String CASES = "/api/cases";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext applicationContext;

    ApiClient api;

    /**
     * The client of the test class that ran last, and for which class and port: the test methods of one class share
     * it, so that each actor signs in once per class instead of once per test method (a sign-in and the provisioning
     * of its account are several durable writes each).
     */
    private static ApiClient classClient;
    private static Class<?> classClientOwner;
    private static int classClientPort;

    @BeforeEach
    void startClient() {
        if (classClient == null || classClientOwner != getClass() || classClientPort != port) {
            classClient = new ApiClient(port, new SignedInActors(applicationContext, port));
            classClientOwner = getClass();
            classClientPort = port;
            lastChecked = null;
        }
        api = classClient;
        api.beforeEachRequest(this::beforeEachRequest);
    }

    // ------------------------------------------------------------------ requests

    static String path(String caseId, String suffix) {
        return CASES + "/" + caseId + suffix;
    }

    /** Sends a step as the case's town, which may take every step of the test cases (all in its town). */
    Response post(String caseId, String suffix, Object body) {
        return api.post(path(caseId, suffix), body, Actor.TOWN);
    }

    Response post(String caseId, String suffix, Object body, Map<String, String> headers) {
        return api.post(path(caseId, suffix), body, Actor.TOWN, headers);
    }

    /** Sends a command that must succeed (200) and answers for the path's case. */
    Response accepted(String caseId, String suffix, Object body) {
        Response response = post(caseId, suffix, body);
        assertThat(response.status()).as("%s → %s", suffix, response).isEqualTo(200);
        assertThat(response.caseId()).isEqualTo(caseId);
        assertThat(response.body().path("replayed").asBoolean(true)).isFalse();
        return response;
    }

    /** Opens a case (201) and returns its id. */
    String identify(ApiData.Student student, String identifiedOn) {
        Response response = api.post(CASES, ApiData.identify(student, identifiedOn), Actor.VILLAGE);
        assertThat(response.status()).as("identify → %s", response).isEqualTo(201);
        String caseId = response.caseId();
        assertThat(UUID.fromString(caseId)).hasToString(caseId);
        assertThat(response.headers().getLocation()).hasToString(path(caseId, "/events"));
        return caseId;
    }

    String identifiedCase(String identifiedOn) {
        return identify(ApiData.newStudent(), identifiedOn);
    }

    /**
     * A case identified on {@code identifiedOn}, confirmed 10 days later and given its 三帮一 helpers the same day
     * (劝返中).
     */
    String persuadingCase(String identifiedOn) {
        String caseId = identifiedCase(identifiedOn);
        String confirmedOn = LocalDate.parse(identifiedOn).plusDays(10).toString();
        accepted(caseId, "/verification/confirm", ApiData.confirm(confirmedOn));
        accepted(caseId, "/trio", ApiData.trio(confirmedOn));
        return caseId;
    }

    /** Where a test case stands; every case is identified on {@link #IDENTIFIED_ON}. */
    enum State {
        IDENTIFIED, CONFIRMED, PERSUADING, ORDER_SERVED, LAWSUIT_FILED, RETURNED, DISABILITY_RECORDED, HOME_TEACHING,
        CLOSED
    }

    static final String IDENTIFIED_ON = "2026-09-01";
    static final String ORDER_NUMBER = "青禾乡政责〔2026〕9号";
    /** The served order's deadline in {@link State#ORDER_SERVED}. */
    static final String ORDER_DEADLINE = "2026-10-01";
    static final String HOME_TEACHING_STARTS_ON = "2026-09-03";
    static final String DISABILITY_VERIFIED_ON = "2026-09-02";
    /** The trio's assignment date from {@link State#PERSUADING} on (confirmed the day before). */
    static final String TRIO_ASSIGNED_ON = "2026-09-06";
    static final String CLOSED_ON = "2026-09-10";

    /** A new case in the given state, with dates between {@link #IDENTIFIED_ON} and early October 2026. */
    String caseIn(State state) {
        String caseId = identifiedCase(IDENTIFIED_ON);
        switch (state) {
            case IDENTIFIED -> { }
            case DISABILITY_RECORDED -> accepted(caseId, "/disability", ApiData.disability(DISABILITY_VERIFIED_ON));
            case HOME_TEACHING -> {
                accepted(caseId, "/disability", ApiData.disability(DISABILITY_VERIFIED_ON));
                accepted(caseId, "/home-teaching", ApiData.homeTeaching(HOME_TEACHING_STARTS_ON));
            }
            default -> {
                accepted(caseId, "/verification/confirm", ApiData.confirm("2026-09-05"));
                if (state != State.CONFIRMED) {
                    accepted(caseId, "/trio", ApiData.trio(TRIO_ASSIGNED_ON));
                }
                if (state == State.ORDER_SERVED || state == State.LAWSUIT_FILED) {
                    accepted(caseId, "/legal/criticism", ApiData.criticism("2026-09-10"));
                    accepted(caseId, "/legal/correction-orders",
                             ApiData.correctionOrder(ORDER_NUMBER, "2026-09-11", ORDER_DEADLINE));
                    accepted(caseId, "/legal/served-documents", ApiData.documentServed(ORDER_NUMBER, "2026-09-12"));
                }
                if (state == State.LAWSUIT_FILED) {
                    accepted(caseId, "/legal/lawsuits", ApiData.lawsuit("2026-10-08"));
                }
                if (state == State.RETURNED) {
                    accepted(caseId, "/return", ApiData.returnToSchool("2026-09-20"));
                }
                if (state == State.CLOSED) {
                    accepted(caseId, "/close", ApiData.close(CLOSED_ON, "ABROAD"));
                }
            }
        }
        return caseId;
    }

    // ------------------------------------------------------------------ stored events

    /** The case's stored events, as GET /api/cases/{id}/events answers them (to the county, whose every case it is). */
    JsonNode events(String caseId) {
        Response response = api.get(path(caseId, "/events"), Actor.COUNTY);
        assertThat(response.status()).as("events → %s", response).isEqualTo(200);
        assertThat(response.body().isArray()).isTrue();
        return response.body();
    }

    List<String> eventTypes(String caseId) {
        List<String> types = new ArrayList<>();
        events(caseId).forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    JsonNode lastEvent(String caseId) {
        JsonNode events = events(caseId);
        return events.get(events.size() - 1);
    }

    // ------------------------------------------------------------------ rejections

    /** An {@link ApiError}: status, code, field (null = no field) and a non-blank Chinese message. */
    static void assertError(Response response, int status, String code, String field) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.code()).as("code of %s", response).isEqualTo(code);
        assertThat(response.field()).as("field of %s", response).isEqualTo(field);
        assertChineseMessage(response);
        assertThat(response.body().path("status").asInt()).isEqualTo(status);
        assertThat(response.body().has("retryable")).isTrue();
    }

    static void assertChineseMessage(Response response) {
        assertThat(response.message()).as("message of %s", response).isNotBlank()
                                      .containsPattern("\\p{IsHan}");
    }

    /** The events of a case as the last rejection check read them after its request, and the client's count then. */
    private record Checked(String caseId, String events, long requestsSent) {
    }

    private static Checked lastChecked;

    /**
     * Rejected requests to one case, sent one after the other, whose "the stored events are exactly as before" check
     * is still to be made: it is made once for the run, before the client sends any other request (see
     * {@link #startClient}) and after each test. Stored events are never rewritten or removed, so a change made by
     * any request of the run is still there when the run is checked; the failure names every request of the run.
     */
    private record Run(String caseId, String before, List<String> requests) {
    }

    private Run run;
    private boolean inRun;

    /**
     * Runs a request that must be rejected and checks that the case's stored events are exactly the same afterwards
     * (nothing added, nothing lost, nothing changed): at once when the next request is another one, else after the
     * last of a run of rejected requests to the same case (one read of the events for the run instead of one per
     * request; these runs were half of the requests of the input validation tests).
     *
     * <p>When the previous request of this client was the read that ended the previous check of the same case, that
     * read is the state before this request, and it is not read a second time. (Were anything else to change the case
     * in between, the stale state could only make this check fail, never pass: stored events are never rewritten.)
     */
    Response rejectedWithoutEffect(String caseId, Supplier<Response> request) {
        if (run == null || !run.caseId().equals(caseId)) {
            checkRun();
            Checked previous = lastChecked;
            String before = previous != null && previous.caseId().equals(caseId)
                    && previous.requestsSent() == api.requestsSent() ? previous.events() : events(caseId).toString();
            run = new Run(caseId, before, new ArrayList<>());
        }
        lastChecked = null;
        Response response;
        inRun = true;
        try {
            response = request.get();
        } finally {
            inRun = false;
        }
        run.requests().add(abbreviate(response.toString()));
        assertThat(response.status()).as("rejection expected: %s", response).isBetween(400, 499);
        return response;
    }

    /** Before any request that is not part of the current run: the run's check first. */
    private void beforeEachRequest() {
        if (!inRun && run != null) {
            checkRun();
        }
    }

    @AfterEach
    void checkTheLastRun() {
        checkRun();
    }

    private void checkRun() {
        Run ending = run;
        if (ending == null) {
            return;
        }
        run = null;
        String after = events(ending.caseId()).toString();
        assertThat(after).as("events after %d rejected commands: %s", ending.requests().size(), ending.requests())
                         .isEqualTo(ending.before());
        lastChecked = new Checked(ending.caseId(), after, api.requestsSent());
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
