package cn.kcbx.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Step 2 of a master key rotation, in the background: while previous master keys are configured, moves every data key
 * they wrap to the current master key, at start and then every {@code interval} (a process still in step 1 may wrap
 * new keys with the old one until it is restarted), and logs how many are left. Every process in step 2 runs it; the
 * moves are conditional single-document updates, so they never collide ({@link StudentKeys#rewrapToCurrentMasterKey()}).
 */
public final class MasterKeyRewrap implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyRewrap.class);

    private final StudentKeys studentKeys;
    private final MasterKeys masterKeys;
    private final AtomicLong left = new AtomicLong(-1);
    private ScheduledExecutorService scheduler;

    public MasterKeyRewrap(StudentKeys studentKeys, MasterKeys masterKeys) {
        this.studentKeys = studentKeys;
        this.masterKeys = masterKeys;
    }

    /** Starts the passes when previous master keys are configured; otherwise only counts once. */
    public synchronized void start(Duration interval) {
        if (!masterKeys.hasPrevious()) {
            left.set(studentKeys.countNotWrappedByCurrentMasterKey());
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kcbx-master-key-rewrap");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::passQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass: moves what it can, then counts what is left. */
    public StudentKeys.Rewrap pass() {
        StudentKeys.Rewrap done = studentKeys.rewrapToCurrentMasterKey();
        long before = left.getAndSet(done.left());
        if (done.moved() > 0 || done.left() > 0) {
            log.info("Master key rotation: moved {} data keys to master key {}; {} still wrapped by another master "
                             + "key", done.moved(), masterKeys.current().id(), done.left());
        } else if (before != 0) {
            log.info("Master key rotation: every data key is wrapped by master key {}. Once every process runs with "
                             + "it, remove kcbx.privacy.previous-master-key-files {} from the configuration "
                             + "(deploy/README.md, \"Rotating the master key\")",
                     masterKeys.current().id(), masterKeys.previous().stream().map(MasterKey::id).toList());
        }
        return done;
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("Master key rotation: a pass failed, the next one tries again: {}", e.toString());
        }
    }

    /** Data keys not wrapped by the current master key, as last counted (-1 before the first count). */
    public long left() {
        return left.get();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
