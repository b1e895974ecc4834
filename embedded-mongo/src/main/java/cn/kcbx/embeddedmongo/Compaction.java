package cn.kcbx.embeddedmongo;

import java.time.Duration;
import org.h2.mvstore.MVStore;

/**
 * Keeps the store file near the size of the data it holds. MVStore appends every commit as a new chunk and reuses a
 * chunk's space only once nothing in it is live any more; a chunk with a few live pages left would pin its space for
 * ever. With auto-commit off, MVStore's background housekeeping does not run, so the group commit calls this right
 * before a commit, at most once per interval: it rewrites the live pages of sparse chunks into the coming commit, and
 * the emptied chunks' space is reused once the retention time has passed. (Shrinking the file itself happens at
 * start-up and at a clean shutdown.)
 */
final class Compaction implements GroupCommit.Housekeeping {

    /** Chunks less full than this are rewritten. */
    private static final int TARGET_FILL_RATE = 60;
    /** Bytes rewritten per round, small enough to keep the pause of the commit it rides on short. */
    private static final int REWRITE_BYTES_PER_ROUND = 1024 * 1024;

    private final long intervalNanos;
    private long lastRound = System.nanoTime();

    Compaction(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void beforeCommit(MVStore store) {
        long now = System.nanoTime();
        if (now - lastRound < intervalNanos) {
            return;
        }
        lastRound = now;
        store.compact(TARGET_FILL_RATE, REWRITE_BYTES_PER_ROUND);
    }
}
