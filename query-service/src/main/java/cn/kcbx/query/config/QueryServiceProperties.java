package cn.kcbx.query.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the query service.
 *
 * @param eventFetchDelay       how long the event stream waits before polling the store again once it has caught up:
 *                              the floor of the projection lag for events written by another process
 * @param segments              segments of the {@code case-projections} processor
 * @param batchSize             events per processor batch
 */
@ConfigurationProperties("kcbx.query")
public record QueryServiceProperties(Duration eventFetchDelay, Integer segments,
                                     Integer batchSize) {

    public QueryServiceProperties {
        eventFetchDelay = eventFetchDelay == null ? Duration.ofMillis(100) : eventFetchDelay;
        segments = segments == null ? 2 : segments;
        batchSize = batchSize == null ? 50 : batchSize;
    }
}
