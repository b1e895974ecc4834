package cn.kcbx.eventstore.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param holeTimeout how long readers wait at a missing event position, while later ones exist, before giving it up
 */
@ConfigurationProperties("kcbx.event-store")
public record EventStoreProperties(Duration holeTimeout) {

    public EventStoreProperties {
        holeTimeout = holeTimeout == null ? Duration.ofSeconds(10) : holeTimeout;
    }
}
