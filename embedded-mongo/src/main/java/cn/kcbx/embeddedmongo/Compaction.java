package cn.kcbx.embeddedmongo;

import java.time.Duration;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store file near the size of the data it holds. MVStore appends every commit as a new chunk and reuses a
 * chunk's space only once nothing in it is live any more; a chunk with a few live pages left pins its space, and new
 * chunks that do not fit the holes grow the file. With auto-commit off, MVStore's own background housekeeping does
 * not run, so this thread does what it would, minus its commits at arbitrary moments (which would write half-done
 * operations): it rewrites the live pages of sparse chunks (the content stays the same, so this runs beside the
 * operations) and moves chunks from the end of the file into the free space (which commits, so it runs with no
 * operation in flight), then lets the group commit write the result.
 */
final class Compaction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Compaction.class);

    /** Chunks less full than this are rewritten. */
    private static final int CHUNK_FILL_RATE = 70;
    /** Chunks are moved together while less of the file than this is in use. */
    private static final int FILE_FILL_RATE = 70;
    /** Bytes rewritten and moved per round. */
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
        boolean rewritten = store.compact(CHUNK_FILL_RATE, BYTES_PER_ROUND);
        if (store.getFileStore() instanceof RandomAccessStore file && store.getFillRate() < FILE_FILL_RATE) {
            // Moving chunks stores a new chunk of the maps as they stand: a commit, so only between whole operations
            // (beside them it once wrote one collection's map before and another's after an operation, and a crash
            // then left the read side's positions ahead of its projections).
            groupCommit.exclusively(() -> file.compactMoveChunks(FILE_FILL_RATE, BYTES_PER_ROUND, store));
        } else if (rewritten && store.hasUnsavedChanges()) {
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
