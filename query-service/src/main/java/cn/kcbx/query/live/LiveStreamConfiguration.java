package cn.kcbx.query.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveStreamProperties.class)
class LiveStreamConfiguration {

    static final String SUBSCRIBERS = "kcbx.sse.subscribers";

    /** {@code kcbx.sse.subscribers}: open live streams (/api/live), a count only: not who, nor which region. */
    @Bean
    MeterBinder liveSubscribers(LiveUpdates liveUpdates) {
        return registry -> Gauge.builder(SUBSCRIBERS, liveUpdates, LiveUpdates::subscriberCount)
                                .description("Open live streams (server-sent events) of the ledgers and dashboards")
                                .strongReference(true)
                                .register(registry);
    }
}
