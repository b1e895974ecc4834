package cn.kcbx.query.config;

import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.projection.ProjectionSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The clock ledgers and reports are computed against, the overdue thresholds per county, the projections' settings. */
@Configuration(proxyBeanMethods = false)
class ReadSideConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(DateRules.CHINA_ZONE);
    }

    /** The projection machinery's part of the settings. */
    @Bean
    ProjectionSettings projectionSettings(QueryServiceProperties properties) {
        return properties.projectionSettings();
    }

    @Bean
    OverduePolicy overduePolicy(QueryServiceProperties properties) {
        return properties.overdue()::rulesFor;
    }
}
