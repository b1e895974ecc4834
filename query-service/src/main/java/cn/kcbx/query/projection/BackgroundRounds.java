package cn.kcbx.query.projection;

import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A read-side task that runs in rounds on a daemon thread of its own while the application runs, started after Axon's
 * processors (it may stop and start them) and stopped before them.
 */
abstract class BackgroundRounds implements SmartLifecycle {

    private final String threadName;
    private final Duration firstDelay;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    BackgroundRounds(String threadName, Duration firstDelay, Duration interval) {
        this.threadName = threadName;
        this.firstDelay = firstDelay;
        this.interval = interval;
    }

    /** One round; an exception ends the rounds, so a round catches what it can survive. */
    abstract void round();

    /** Just before the rounds begin. */
    void beforeFirstRound() {
    }

    /** Runs {@code task} on the rounds' thread as soon as it is free; nothing once stopped. */
    void runSoon(Runnable task) {
        ScheduledExecutorService current = executor;
        if (current != null) {
            try {
                current.execute(task);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    @Override
    public synchronized void start() {
        beforeFirstRound();
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, firstDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** After Axon's processors have started. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
