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
    private volatile boolean running = true;

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
        while (running) {
            try {
                Thread.sleep(interval.toMillis());
                compactOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running && !store.isClosed()) {
                    log.warn("Embedded store compaction round failed; the next round tries again", e);
                }
            }
        }
    }

    void compactOnce() {
        if (store.compact(CHUNK_FILL_RATE, BYTES_PER_ROUND) && store.hasUnsavedChanges()) {
            groupCommit.commitPending();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
