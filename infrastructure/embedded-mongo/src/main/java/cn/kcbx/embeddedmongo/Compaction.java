package cn.kcbx.embeddedmongo;

import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Keeps the store file near the size of the data it holds. MVStore appends every commit as a new chunk and reuses a
 * chunk's space only once nothing in it is live any more; a chunk with a few live pages left pins its space, and new
 * chunks that do not fit the holes grow the file. With auto-commit off, MVStore's own background housekeeping does
 * not run, so this thread does the part of it that never commits by itself: it rewrites the live pages of sparse
 * chunks (the content stays the same, so this runs beside the operations) and lets the group commit write them; the
 * emptied chunks' space is then reused at once. It does not move chunks to shrink the file: moving stores a new chunk
 * (a commit at an arbitrary moment, which once left a crash with the read side's positions ahead of a projection),
 * and under the exclusive lock it tripped an assertion inside MVStore that closed the store.
 */
final class Compaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Compaction.class);

    /** Chunks less full than this are rewritten. */
    private static final int CHUNK_FILL_RATE = 70;
    /** Bytes rewritten per round. */
    private static final int BYTES_PER_ROUND = 4 * 1024 * 1024;

    private final MVStore store;
    private final GroupCommit groupCommit;
    private final Thread thread;
    /** Guards {@link #running}; the thread waits on it between rounds, so that closing never needs an interrupt. */
    private final Object pause = new Object();
    private boolean running = true;

    Compaction(MVStore store, GroupCommit groupCommit, Duration interval) {
        this.store = store;
        this.groupCommit = groupCommit;
        this.thread = new Thread(() -> run(interval), "embedded-store-compaction");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run(Duration interval) {
        while (awaitNextRound(interval)) {
            try {
                compactOnce();
            } catch (RuntimeException e) {
                if (isRunning() && !store.isClosed()) {
                    log.warn("Embedded store compaction round failed; the next round tries again", e);
                }
            }
        }
    }

    /** Waits out the interval; false once closed. */
    private boolean awaitNextRound(Duration interval) {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (pause) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pause.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    running = false;
                }
            }
            return running;
        }
    }

    private boolean isRunning() {
        synchronized (pause) {
            return running;
        }
    }

    void compactOnce() {
        if (store.compact(CHUNK_FILL_RATE, BYTES_PER_ROUND) && store.hasUnsavedChanges()) {
            groupCommit.commitPending();
        }
    }

    /**
     * Stops the rounds and waits for one under way to finish. Never by interrupting the thread: an interrupt that
     * reaches it inside the store's file I/O closes the file channel (ClosedByInterruptException), and the commit that
     * marks a clean shutdown then failed ("Writing to FileChannelImpl failed", seen at a product's close in a test).
     */
    @Override
    public void close() {
        synchronized (pause) {
            running = false;
            pause.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
