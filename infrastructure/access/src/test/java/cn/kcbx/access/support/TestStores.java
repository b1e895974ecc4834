package cn.kcbx.access.support;

import cn.kcbx.access.AccessClock;
import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.AccountStore;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.signin.SessionSeal;
import cn.kcbx.access.signin.SignInGate;
import cn.kcbx.access.signin.SignInService;
import cn.kcbx.access.signin.SignInSessions;
import cn.kcbx.access.signin.SignInThrottle;
import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoDatabase;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.Map;

/** The access module's stores and services on a fresh database, without Spring (for unit-level tests). */
public final class TestStores {

    public final MovableClock clock = new MovableClock(AccessTestApplication.START);
    public final AccessClock accessClock = new AccessClock(clock);
    public final MongoDatabase database;
    public final AccountStore accounts;
    public final SignInSessions sessions;
    public final SignInThrottle throttle;
    public final AccessLog accessLog;
    public final SecurityProperties properties;

    public TestStores(String prefix) {
        this(prefix, SecurityProperties.defaults());
    }

    public TestStores(String prefix, SecurityProperties properties) {
        this.properties = properties;
        database = TestMongo.get().client().getDatabase(TestMongo.get().newDatabaseName(prefix));
        accounts = new AccountStore(database.getCollection("accounts"));
        sessions = new SignInSessions(database.getCollection("sign_in_sessions"), SessionSeal.random());
        throttle = new SignInThrottle(database.getCollection("sign_in_throttle"), properties.throttle());
        accessLog = new AccessLog(database.getCollection("access_log"), clock);
    }

    public static PasswordEncoder encoder() {
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));
    }

    public AccountService accountService(PasswordEncoder encoder) {
        return new AccountService(accounts, sessions, throttle, encoder, accessLog, accessClock);
    }

    public SignInService signInService(PasswordEncoder encoder) {
        return new SignInService(accounts, sessions, throttle, new SignInGate(properties.throttle()), encoder,
                                 accessLog, accessClock, properties);
    }
}
