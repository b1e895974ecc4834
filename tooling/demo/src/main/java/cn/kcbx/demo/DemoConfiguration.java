package cn.kcbx.demo;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.time.DateRules;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.client.RestClient;

/**
 * The demo county, switched on with {@code kcbx.demo.enabled=true} in the all-in-one app, which adds this
 * configuration to the case service it starts (the services' own jars do not carry the demo): the
 * {@link SimulatedClock} takes the place of the system clock, the {@link DemoAccounts} can sign in and the
 * {@link DemoLoader} fills an empty store on start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "kcbx.demo.enabled", havingValue = "true")
@EnableConfigurationProperties(DemoProperties.class)
public class DemoConfiguration {

    /** The clock of the case rules and, through Axon's static clock, of every event's timestamp. */
    @Bean
    @Primary
    SimulatedClock simulatedClock() {
        SimulatedClock clock = new SimulatedClock(DateRules.CHINA_ZONE);
        GenericEventMessage.clock = clock;
        return clock;
    }

    @Bean
    DemoLoader demoLoader(DemoProperties properties, SimulatedClock clock, CasePolicy policy,
                          EventStorageEngine eventStorage, RestClient.Builder restClientBuilder,
                          Environment environment, ObjectMapper objectMapper, AccountService accounts) {
        return new DemoLoader(properties, clock, policy, eventStorage, restClientBuilder, environment, objectMapper,
                              accounts);
    }

    @Bean
    DemoAccounts demoAccounts(AccountService accounts, PasswordEncoder passwordEncoder) {
        return new DemoAccounts(accounts, passwordEncoder);
    }

    /** The demo's sign-in accounts, one per role (deploy/DEMO.md), before anyone can try them. */
    @Bean
    ApplicationRunner demoAccountsRunner(DemoAccounts demoAccounts) {
        return arguments -> demoAccounts.ensure();
    }
}
