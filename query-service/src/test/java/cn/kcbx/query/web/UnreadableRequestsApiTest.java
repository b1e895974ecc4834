package cn.kcbx.query.web;

import cn.kcbx.access.testing.RawRequests;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.TestUsers;
import cn.kcbx.testsupport.TestMongo;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What Tomcat refuses before Spring sees it, and the error page itself, answer in the error shape: these were
 * Tomcat's HTML page (unencoded {@code [ ] |}) and a 500 ({@code GET /error}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class UnreadableRequestsApiTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("query_unreadable");

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
    void unencoded_brackets_or_a_pipe_in_the_address_get_the_json_400_not_tomcats_html_page() {
        RawRequests.assertUnencodedCharactersAreAJson400(port, "/api/ledgers/sanbang", town());
    }

    @Test
    void the_error_page_called_directly_is_a_404_not_a_500() {
        RawRequests.assertTheErrorPageCalledDirectlyIsA404(port, town());
    }

    private String town() {
        return new TestUsers(context, port).authorization(TestUsers.actor("TOWN"));
    }
}
