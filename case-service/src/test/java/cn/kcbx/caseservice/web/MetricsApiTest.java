package cn.kcbx.caseservice.web;

import cn.kcbx.access.testing.MetricsScrape;
import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's metrics, read as Prometheus reads them, on the actuator's own port (as the images run it): commands
 * by type, outcome and code, appends to the event store, refused sign-ins; and on the public port, nobody (a signed-in
 * clerk of any rank, or an anonymous caller) reads them.
 */
@AutoConfigureObservability(tracing = false)
@TestPropertySource(properties = "management.server.port=0")
class MetricsApiTest extends ApiTestBase {

    private static final String COMMANDS = "kcbx_commands_total";

    @LocalManagementPort
    int managementPort;

    @Test
    void commands_rejections_appends_and_refused_sign_ins_are_counted_without_naming_anyone() {
        MetricsScrape before = MetricsScrape.of(managementPort);
        ApiData.Student student = ApiData.newStudent();

        String caseId = identify(student, "2026-09-10");
        Response again = api.post(CASES, ApiData.identify(student, "2026-09-21"), Actor.SCHOOL);
        assertError(again, 409, "DUPLICATE_OPEN_CASE", null);
        Response badDate = api.post(path(caseId, "/verification/confirm"), ApiData.confirm("2026-09-01"), Actor.TOWN);
        assertThat(badDate.status()).as("%s", badDate).isBetween(400, 499);
        HttpResponse<String> refusedSignIn = signIn("metrics.probe.user", "wrong-password-1234");
        assertThat(refusedSignIn.statusCode()).isEqualTo(401);

        MetricsScrape after = MetricsScrape.of(managementPort);
        assertThat(increase(before, after, COMMANDS, "command=IdentifyCase", "outcome=accepted", "code=NONE"))
                .isEqualTo(1);
        assertThat(increase(before, after, COMMANDS, "command=IdentifyCase", "outcome=rejected",
                            "code=DUPLICATE_OPEN_CASE")).isEqualTo(1);
        assertThat(increase(before, after, COMMANDS, "command=ConfirmDropout", "outcome=rejected",
                            "code=" + badDate.code())).isEqualTo(1);
        assertThat(increase(before, after, "kcbx_event_append_seconds_count", "outcome=stored")).isEqualTo(1);
        assertThat(after.value("kcbx_event_append_seconds_sum", "outcome=stored")).isPositive();
        assertThat(increase(before, after, "kcbx_signin_failures_total", "reason=BAD_CREDENTIALS")).isEqualTo(1);

        after.assertNothingPersonal(caseId, student.idNumber(), student.name(), "metrics.probe.user",
                                    Actor.SCHOOL.userId(), Actor.VILLAGE.userId(), Actor.TOWN.userId(),
                                    Actor.VILLAGE.unit(), Actor.SCHOOL.unit());
        assertThat(after.families("kcbx_")).containsExactlyInAnyOrderElementsOf(
                MetricsScrape.listedFamilies("case-service"));
    }

    @Test
    void the_public_port_shows_the_metrics_to_nobody() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/env", "/actuator"}) {
            assertThat(MetricsScrape.get(port, path, null).statusCode()).as("anonymous %s", path).isEqualTo(401);
            for (Actor actor : new Actor[] {Actor.VILLAGE, Actor.TOWN, Actor.COUNTY}) {
                Response answer = api.get(path, actor);
                assertThat(answer.status()).as("%s as %s", path, actor.role()).isEqualTo(403);
                assertThat(answer.raw()).doesNotContain("kcbx_");
            }
        }
        // With a management port the actuator lives there alone; the probes (images, Kubernetes) ask there.
        assertThat(MetricsScrape.get(managementPort, "/actuator/health", null).statusCode()).isEqualTo(200);
    }

    private static double increase(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private HttpResponse<String> signIn(String username, String password) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                                                                                     + "/api/auth/sign-in"))
                                             .header("Content-Type", "application/json")
                                             .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                                     "{\"username\":\"" + username + "\",\"password\":\"" + password
                                                             + "\"}"))
                                             .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
