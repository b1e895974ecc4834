package cn.kcbx.query;


import cn.kcbx.access.testing.EndpointSweep;
import cn.kcbx.testsupport.TestMongo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Set;

/** Every endpoint the service maps, today's and tomorrow's, answers 401 without a token, except the public few. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class EveryEndpointNeedsSignInTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("query_sweep");

    /** Reachable without signing in: signing in, the API documentation and the error page. */
    private static final Set<String> PUBLIC = Set.of("POST /api/auth/sign-in", "GET /v3/api-docs",
            "GET /v3/api-docs/swagger-config", "GET /v3/api-docs.yaml", "GET /swagger-ui.html", "GET /error");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void every_endpoint_but_the_public_ones_answers_401_in_the_api_error_shape() {
        EndpointSweep.assertEveryEndpointNeedsSignIn(context, port, PUBLIC,
                "GET /api/cases/{caseId}/timeline", "GET /api/live", "GET /api/auth/me",
                "GET /api/admin/accounts", "POST /api/admin/projections/rebuild", "GET /api/audit",
                "GET /api/ledgers/transfers");
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
