package cn.kcbx.access;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.AccountStore;
import cn.kcbx.access.account.AddAdminProperties;
import cn.kcbx.access.account.AddedAdmin;
import cn.kcbx.access.account.InitialAdmin;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.signin.SignInService;
import cn.kcbx.access.signin.SignInSessions;
import java.util.Map;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The access log, accounts and sign-in sessions in the shared MongoDB ({@code access_log}, {@code accounts},
 * {@code sign_in_sessions}), and the administrators made on the server (first run, {@code kcbx.security.add-admin}).
 * The web side (filter chain, endpoints) is {@link AccessWebSecurityAutoConfiguration}.
 */
@AutoConfiguration(after = MongoDataAutoConfiguration.class)
@ConditionalOnBean(MongoDatabaseFactory.class)
@EnableConfigurationProperties({SecurityProperties.class, AddAdminProperties.class})
public class AccessAutoConfiguration {

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

    @Bean
    @ConditionalOnMissingBean
    SignInSessions signInSessions(MongoDatabaseFactory databaseFactory) {
        return new SignInSessions(databaseFactory.getMongoDatabase().getCollection("sign_in_sessions"));
    }

    @Bean
    @ConditionalOnMissingBean
    AccountService accountService(AccountStore store, SignInSessions sessions, PasswordEncoder passwordEncoder,
                                  AccessLog accessLog, AccessClock clock) {
        return new AccountService(store, sessions, passwordEncoder, accessLog, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    SignInService signInService(AccountStore store, SignInSessions sessions, PasswordEncoder passwordEncoder,
                                AccessLog accessLog, AccessClock clock, SecurityProperties properties) {
        return new SignInService(store, sessions, passwordEncoder, accessLog, clock, properties);
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
