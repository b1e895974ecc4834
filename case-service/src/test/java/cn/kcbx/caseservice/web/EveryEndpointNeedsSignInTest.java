package cn.kcbx.caseservice.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.kcbx.access.testing.EndpointSweep;
import cn.kcbx.access.testing.SignedInActors;
import cn.kcbx.caseservice.support.CaseServiceTestBase;
import cn.kcbx.kernel.actor.Actor;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Every endpoint the service maps, today's and tomorrow's, answers 401 without a token, except the public few. */
class EveryEndpointNeedsSignInTest extends CaseServiceTestBase {

    /** Reachable without signing in: signing in, the API documentation and the error page. */
    private static final Set<String> PUBLIC = Set.of("POST /api/auth/sign-in", "GET /v3/api-docs",
            "GET /v3/api-docs/swagger-config", "GET /v3/api-docs.yaml", "GET /swagger-ui.html", "GET /error");

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void every_endpoint_but_the_public_ones_answers_401_in_the_api_error_shape() {
        List<EndpointSweep.Answer> answers = EndpointSweep.withoutToken(context, port);

        assertThat(answers).extracting(EndpointSweep.Answer::endpoint)
                           .contains("POST /api/cases", "GET /api/cases/{caseId}/events", "GET /api/auth/me",
                                     "POST /api/auth/password", "GET /api/admin/accounts",
                                     "POST /api/admin/accounts/{username}/disable");
        for (EndpointSweep.Answer answer : answers) {
            if (PUBLIC.contains(answer.endpoint())) {
                assertThat(answer.status()).as(answer.toString()).isNotIn(401, 403);
            } else {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
                assertThat(answer.code()).as(answer.toString()).isEqualTo("UNAUTHENTICATED");
                assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
            }
        }
    }

    /** The access module's answers keep their own status here, ahead of this service's error handler. */
    @Test
    void sign_in_rejections_keep_their_status_and_code_in_this_service() {
        SignedInActors users = new SignedInActors(context, port);
        users.token(new Actor("sweep-town", Actor.Role.TOWN, "430181105"));
        EndpointSweep.Answer wrong = EndpointSweep.call(port, "POST", "/api/auth/sign-in",
                                                        "{\"username\": \"sweep-town\", \"password\": \"Wrong2026pass\"}");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("BAD_CREDENTIALS");
        EndpointSweep.Answer empty = EndpointSweep.call(port, "POST", "/api/auth/sign-in", "{}");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo("CREDENTIALS_REQUIRED");
    }
}
