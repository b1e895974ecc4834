package cn.kcbx.directory;

import cn.kcbx.access.AccessAutoConfiguration;
import cn.kcbx.access.AccessClock;
import cn.kcbx.access.account.AccountUnits;
import cn.kcbx.eventstore.spring.EventStoreAutoConfiguration;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The unit directories, in both services, and the account rule that binds accounts only to listed units. */
@AutoConfiguration(after = {EventStoreAutoConfiguration.class, AccessAutoConfiguration.class})
@ConditionalOnBean(EventStorageEngine.class)
public class UnitDirectoryAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    UnitDirectories unitDirectories(EventStorageEngine eventStorageEngine) {
        return new UnitDirectories(eventStorageEngine);
    }

    @Bean
    @ConditionalOnMissingBean
    AccountUnits accountUnits(UnitDirectories directories, AccessClock clock) {
        return new DirectoryAccountUnits(directories, clock.clock());
    }
}
