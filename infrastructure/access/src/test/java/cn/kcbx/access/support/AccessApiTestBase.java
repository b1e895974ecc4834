package cn.kcbx.access.support;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.RandomPasswords;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.testsupport.TestMongo;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AccessTestApplication} on a random port, in a database of its own, with a clock the test moves. */
@SpringBootTest(classes = AccessTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=access-test")
public abstract class AccessApiTestBase {

    private static final String DATABASE = TestMongo.get().newDatabaseName("access");
    private static final AtomicInteger USERS = new AtomicInteger();

    /** The password of the accounts {@link #account} creates. */
    protected static final String PASSWORD = "Gui2026river";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected AccountService accounts;

    @Autowired
    protected MovableClock clock;

    protected Http http;

    @BeforeEach
    void startClient() {
        http = new Http(port);
    }

    /** A new account (fresh user name) with {@link #PASSWORD}, no password change required. */
    protected Actor account(Actor.Role role, String unit) {
        Actor actor = new Actor("user-" + USERS.incrementAndGet(), role, unit);
        accounts.provision(actor, "测试用户", PASSWORD, RandomPasswords.encoder(), "test");
        return actor;
    }

    protected Actor town() {
        return account(Actor.Role.TOWN, "430181105");
    }

    protected Actor admin() {
        return account(Actor.Role.ADMIN, "430181");
    }

    protected String signIn(Actor actor) {
        return http.token(actor.userId(), PASSWORD);
    }

    /** An ApiError answer: status, code and a Chinese message, as JSON. */
    protected static void assertError(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).as("content type of %s", answer).startsWith("application/json");
        assertThat(answer.code()).as("%s", answer).isEqualTo(code);
        assertThat(answer.body().path("status").asInt()).isEqualTo(status);
        assertThat(answer.message()).as("%s", answer).containsPattern("\\p{IsHan}");
    }
}
