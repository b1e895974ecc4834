package cn.kcbx.caseservice.integrity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Takes a checkpoint every {@code interval} (the first one interval after start). Several case-service processes may
 * each do so: a checkpoint's number is claimed by its insert, and one with nothing new is not taken at all.
 */
public class PeriodicCheckpoints implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicCheckpoints.class);

    private final IntegrityService integrity;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public PeriodicCheckpoints(IntegrityService integrity, Duration interval) {
        this.integrity = integrity;
        this.interval = interval;
    }

    /** Starts the schedule, unless the interval is zero or negative (off). */
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "integrity-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(integrity::takeScheduledCheckpoint, interval.toMillis(), interval.toMillis(),
                                         TimeUnit.MILLISECONDS);
        log.info("Integrity checkpoints every {}", interval);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
