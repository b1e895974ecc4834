package cn.kcbx.access;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.AccountStore;
import cn.kcbx.access.account.AccountUnits;
import cn.kcbx.access.account.AddAdminProperties;
import cn.kcbx.access.account.AddedAdmin;
import cn.kcbx.access.account.InitialAdmin;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.signin.SessionSeal;
import cn.kcbx.access.signin.SignInGate;
import cn.kcbx.access.signin.SignInService;
import cn.kcbx.access.signin.SignInSessions;
import cn.kcbx.access.signin.SignInThrottle;
import cn.kcbx.embeddedmongo.KeyFiles;
import cn.kcbx.privacy.PrivacyAutoConfiguration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Path;
import java.util.Map;

/**
 * The access log, accounts, sign-in sessions and the sign-in throttle in the shared MongoDB ({@code access_log},
 * {@code accounts}, {@code sign_in_sessions}, {@code sign_in_throttle}), the session key, and the administrators made
 * on the server (first run, {@code kcbx.security.add-admin}). The web side (filter chain, endpoints) is
 * {@link AccessWebSecurityAutoConfiguration}.
 */
@AutoConfiguration(after = MongoDataAutoConfiguration.class)
@ConditionalOnBean(MongoDatabaseFactory.class)
@EnableConfigurationProperties({SecurityProperties.class, AddAdminProperties.class})
public class AccessAutoConfiguration {

    /** The default session key file, next to the embedded store's data file like the master key. */
    public static final String SESSION_KEY_FILE_NAME = "kcbx-session.key";

    private static final Logger log = LoggerFactory.getLogger(AccessAutoConfiguration.class);

    /** Real time; a test gives its own {@link AccessClock} bean to move time on. */
    @Bean
    @ConditionalOnMissingBean
    AccessClock accessClock() {
        return AccessClock.system();
    }

    @Bean
    @ConditionalOnMissingBean
    AccessLog accessLog(MongoDatabaseFactory databaseFactory, AccessClock clock) {
        return new AccessLog(databaseFactory.getMongoDatabase().getCollection("access_log"), clock.clock());
    }

    /**
     * Hashes are stored as {@code {bcrypt}$2a$10$…}: the prefix names the algorithm, so a stronger one can be
     * introduced later while old hashes still verify.
     */
    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder(SecurityProperties properties) {
        return new DelegatingPasswordEncoder("bcrypt",
                                             Map.of("bcrypt", new BCryptPasswordEncoder(properties.bcryptStrength())));
    }

    @Bean
    @ConditionalOnMissingBean
    AccountStore accountStore(MongoDatabaseFactory databaseFactory) {
        return new AccountStore(databaseFactory.getMongoDatabase().getCollection("accounts"));
    }

    /**
     * The key that seals sessions, from a file outside MongoDB: {@code kcbx.security.session-key-file}, or
     * {@code kcbx-session.key} next to the embedded store's data file. Generated when missing: a new key only signs
     * everyone out. With a MongoDB of its own and no file named, the service does not start (both services must use
     * the same key, so neither may quietly make up its own).
     */
    @Bean
    @ConditionalOnMissingBean
    SessionSeal sessionSeal(SecurityProperties properties, Environment environment) {
        Path file;
        if (properties.sessionKeyFile() != null) {
            file = properties.sessionKeyFile();
        } else if (PrivacyAutoConfiguration.runsOnEmbeddedStore(environment)) {
            file = PrivacyAutoConfiguration.inDataDirectory(environment, SESSION_KEY_FILE_NAME);
        } else {
            throw new IllegalStateException("kcbx.security.session-key-file is not set. With a MongoDB of its own "
                    + "(spring.data.mongodb.uri) both services need the path of the same session key file, which "
                    + "seals sign-in sessions; it is generated there if missing. See deploy/README.md.");
        }
        log.info("Sign-in session key: {} (generated on first start; losing it only signs everyone out)",
                 file.toAbsolutePath());
        return new SessionSeal(KeyFiles.load(file, true, "Session key",
                                              "point kcbx.security.session-key-file at it"));
    }

    @Bean
    @ConditionalOnMissingBean
    SignInSessions signInSessions(MongoDatabaseFactory databaseFactory, SessionSeal seal) {
        return new SignInSessions(databaseFactory.getMongoDatabase().getCollection("sign_in_sessions"), seal);
    }

    @Bean
    @ConditionalOnMissingBean
    SignInThrottle signInThrottle(MongoDatabaseFactory databaseFactory, SecurityProperties properties) {
        return new SignInThrottle(databaseFactory.getMongoDatabase().getCollection("sign_in_throttle"),
                                  properties.throttle());
    }

    @Bean
    @ConditionalOnMissingBean
    SignInGate signInGate(SecurityProperties properties) {
        return new SignInGate(properties.throttle());
    }

    @Bean
    @ConditionalOnMissingBean
    AccountService accountService(AccountStore store, SignInSessions sessions, SignInThrottle throttle,
                                  PasswordEncoder passwordEncoder, AccessLog accessLog, AccessClock clock,
                                  ObjectProvider<AccountUnits> units) {
        return new AccountService(store, sessions, throttle, passwordEncoder, accessLog, clock,
                                  units.getIfAvailable(() -> AccountUnits.ANY));
    }

    @Bean
    @ConditionalOnMissingBean
    SignInService signInService(AccountStore store, SignInSessions sessions, SignInThrottle throttle,
                                SignInGate gate, PasswordEncoder passwordEncoder, AccessLog accessLog,
                                AccessClock clock, SecurityProperties properties) {
        return new SignInService(store, sessions, throttle, gate, passwordEncoder, accessLog, clock, properties);
    }

    @Bean
    InitialAdmin initialAdmin(SecurityProperties properties, AccountStore store, AccountService accounts,
                              PasswordEncoder passwordEncoder, AccessClock clock) {
        return new InitialAdmin(properties.initialAdmin(), store, accounts, passwordEncoder, clock);
    }

    @Bean
    AddedAdmin addedAdmin(AddAdminProperties settings, AccountStore store, AccountService accounts,
                          PasswordEncoder passwordEncoder, AccessClock clock) {
        return new AddedAdmin(settings, store, accounts, passwordEncoder, clock);
    }

    /**
     * Before the service answers its first request, so that an administrator can sign in right away: the first
     * administrator, one added on the server, and the county of older school accounts.
     */
    @Bean
    ApplicationRunner initialAdminRunner(InitialAdmin initialAdmin, AddedAdmin addedAdmin, AccountService accounts) {
        return arguments -> {
            initialAdmin.ensure();
            addedAdmin.ensure();
            accounts.assignCountiesToOlderSchoolAccounts("county of older school accounts (at start-up)");
        };
    }
}
