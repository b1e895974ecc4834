package cn.kcbx.caseservice.web;


import cn.kcbx.access.testing.EndpointSweep;
import cn.kcbx.caseservice.support.CaseServiceTestBase;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import java.util.Set;

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
        EndpointSweep.assertEveryEndpointNeedsSignIn(context, port, PUBLIC,
                "POST /api/cases", "GET /api/cases/{caseId}/events", "GET /api/auth/me",
                "POST /api/auth/password", "GET /api/admin/accounts", "POST /api/admin/accounts/{username}/disable",
                "POST /api/integrity/verification", "GET /api/cases/{caseId}/personal-data",
                "GET /api/intake/sealing-key");
    }

    /** The access module's answers keep their own status here, ahead of this service's error handler. */
    @Test
    void sign_in_rejections_keep_their_status_and_code_in_this_service() {
        EndpointSweep.assertSignInRejectionsKeepTheirStatus(context, port);
    }

    /** Found by hand on the query service (it had no request bodies before sign-in): these were 500s. */
    @Test
    void unreadable_sign_in_and_password_requests_are_4xx_in_this_service() {
        EndpointSweep.assertUnreadableAccessRequestsAre4xx(context, port);
    }
}
