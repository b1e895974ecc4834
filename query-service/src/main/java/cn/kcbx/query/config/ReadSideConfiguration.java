package cn.kcbx.query.config;

import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.measure.OverduePolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The clock ledgers and reports are computed against, and the overdue thresholds per county. */
@Configuration(proxyBeanMethods = false)
class ReadSideConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(DateRules.CHINA_ZONE);
    }

    @Bean
    OverduePolicy overduePolicy(QueryServiceProperties properties) {
        return properties.overdue()::rulesFor;
    }
}
