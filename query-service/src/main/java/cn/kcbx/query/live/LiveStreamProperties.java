package cn.kcbx.query.live;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the live stream ({@code kcbx.query.live}).
 *
 * @param maxStreamsPerUser streams one account may keep open at once (default 5); a further one closes the oldest
 * @param senderThreads     threads that write to the subscribers at most (default 16), started as needed; a client
 *                          that stops reading holds one of them until the write times out
 * @param outboxCapacity    events a subscriber may fall behind (default 256) before its stream is closed as too slow
 */
@ConfigurationProperties("kcbx.query.live")
public record LiveStreamProperties(Integer maxStreamsPerUser, Integer senderThreads, Integer outboxCapacity) {

    public LiveStreamProperties {
        maxStreamsPerUser = maxStreamsPerUser == null ? 5 : maxStreamsPerUser;
        senderThreads = senderThreads == null ? 16 : senderThreads;
        outboxCapacity = outboxCapacity == null ? 256 : outboxCapacity;
        if (maxStreamsPerUser < 1 || senderThreads < 1 || outboxCapacity < 1) {
            throw new IllegalArgumentException("kcbx.query.live.max-streams-per-user, sender-threads and outbox-capacity"
                                                       + " must be positive");
        }
    }
}
