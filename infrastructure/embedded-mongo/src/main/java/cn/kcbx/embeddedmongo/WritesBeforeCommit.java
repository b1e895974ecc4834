package cn.kcbx.embeddedmongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;

/**
 * Where a command writes what its durable commit follows within the same command (the student's claim, a new data key
 * and the case's mapping to it).
 *
 * <p>When the embedded store runs in this very process, those writes use {@code w: 1}: they are answered before the
 * disk, and the command's commit, a durable write made after them, makes them durable too, because the store commits
 * everything in the order it was done ({@link GroupCommit}). Nothing is lost that anything durable depends on: a crash
 * before the commit takes the command's writes and its unacknowledged commit together, exactly as a crash before the
 * writes would, and the store cannot restart without this process. A command that writes first and then fails (no
 * commit) leaves what a crash at that moment leaves today: a claim taken over after its grace period, a data key no
 * event uses.
 *
 * <p>Anywhere else (the embedded store of another process reached by URI, a MongoDB replica set) they keep the client's
 * durable write concern: that store could restart, or fail over, between such a write and the commit, and keep the
 * commit but lose the write (a case without its claim, events sealed with a key that is gone).
 */
public final class WritesBeforeCommit {

    private WritesBeforeCommit() {
    }

    /** {@code collection} with {@code w: 1} when the store lives in this process, else as it is. */
    public static <T> MongoCollection<T> of(MongoCollection<T> collection, boolean storeInThisProcess) {
        return storeInThisProcess ? collection.withWriteConcern(WriteConcern.W1) : collection;
    }
}
