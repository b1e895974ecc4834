package cn.kcbx.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

/**
 * How the instances on one database share the live processor's segments. Segments are claimed through the token
 * store, so two instances never process the same one; this makes them split the segments evenly. Each instance writes
 * a heartbeat into {@code query_instances} every {@link #interval}, counts the instances seen within the claim timeout,
 * and offers its share as the processor's {@code maxSegmentProvider}: Axon's coordinator claims up to it and releases
 * what it holds beyond it, for another instance to claim. A stopped instance removes its heartbeat; a killed one stops
 * counting after the claim timeout, when its claims have expired too, and the others then claim its segments.
 */
@Component
public class SegmentShare implements SmartLifecycle {

    static final String INSTANCES_COLLECTION = "query_instances";

    private static final Logger log = LoggerFactory.getLogger(SegmentShare.class);

    private final MongoCollection<Document> instances;
    private final String instance;
    private final LiveProcessor live;
    /** The segment count of the setting, until the token store has its own (fixed at the first start). */
    private volatile int segments;
    private final Duration claimTimeout;
    private final Duration interval;
    private final Clock clock = Clock.systemUTC();
    private volatile int liveInstances = 1;
    private volatile ScheduledExecutorService executor;

    SegmentShare(ReadSideWrites writes, LiveProcessor live, ProjectionSettings settings) {
        this.live = live;
        this.instances = writes.database().getCollection(INSTANCES_COLLECTION);
        this.instance = settings.instanceName();
        this.segments = settings.segments();
        this.claimTimeout = settings.claimTimeout();
        this.interval = heartbeatInterval(settings.claimTimeout());
    }

    /** A quarter of the claim timeout, at most a second: several heartbeats land within every claim timeout. */
    static Duration heartbeatInterval(Duration claimTimeout) {
        Duration quarter = claimTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofSeconds(1)) < 0 ? quarter : Duration.ofSeconds(1);
    }

    /** The most segments this instance may hold now: its even share among the live instances. */
    public int maxSegments() {
        return share(liveInstances);
    }

    private int share(int instanceCount) {
        int count = Math.max(1, instanceCount);
        return Math.max(1, (segments + count - 1) / count);
    }

    /** Instances seen within the claim timeout, this one included. */
    public int liveInstances() {
        return liveInstances;
    }

    public String instanceName() {
        return instance;
    }

    private void round() {
        try {
            Instant now = clock.instant();
            instances.replaceOne(eq("_id", instance), new Document("_id", instance).append("seenAt", Date.from(now)),
                                 new ReplaceOptions().upsert(true));
            long seen = instances.countDocuments(gt("seenAt", Date.from(now.minus(claimTimeout))));
            int stored = live.segmentCount();
            if (stored > 0) {
                segments = stored;
            }
            int count = (int) Math.max(1, seen);
            if (count != liveInstances) {
                log.info("{} query-service instances share the {} segments of the live processor: this one ({}) "
                                 + "takes up to {}", count, segments, instance, share(count));
            }
            liveInstances = count;
        } catch (RuntimeException e) {
            log.warn("Could not share the live processor's segments with the other instances: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "segment-share");
            thread.setDaemon(true);
            return thread;
        });
        round(); // before the processor claims anything: its first claims already see the other instances
        executor.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            try {
                instances.deleteOne(eq("_id", instance));
            } catch (RuntimeException e) {
                // the heartbeat ages out after the claim timeout
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Started before Axon's processors, so that the first claims already see the other instances. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
