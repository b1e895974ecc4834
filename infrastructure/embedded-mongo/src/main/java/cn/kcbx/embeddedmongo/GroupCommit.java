package cn.kcbx.embeddedmongo;

import org.h2.mvstore.MVStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Makes the embedded store's answers durable: an operation's answer leaves only once everything it did (and
 * everything it could have seen) is committed to the MVStore file and synced to disk.
 *
 * <p>Operations run concurrently under the shared side of a read-write lock. A commit takes the exclusive side, so
 * it only ever writes the store as it stands between whole operations: never the data map of an insert without its
 * index entries (MVStore's own background auto-commit did exactly that, and a restart then refused appends). The
 * commit itself is one MVStore chunk; the fsync runs after the lock is released, so the next operations already run
 * while the disk syncs.
 *
 * <p>Group commit: an operation that finds its work not yet durable either leads the next commit (if none is under
 * way) or waits for it. One commit and one fsync cover every operation finished before it, so under load many
 * commands share one sync.
 */
final class GroupCommit {

    private final MVStore store;
    private final ReentrantReadWriteLock operations = new ReentrantReadWriteLock();
    /** Ticket of the last finished operation that may have changed data. */
    private final AtomicLong lastWrite = new AtomicLong();
    /** Per collection (database.collection): the ticket of the last write to it. */
    private final Map<String, Long> lastWriteTo = new ConcurrentHashMap<>();
    private static final String ANY_COLLECTION = "";
    private final Object monitor = new Object();
    private long durableUpTo;
    private boolean committing;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong durableWrites = new AtomicLong();

    GroupCommit(MVStore store) {
        this.store = store;
    }

    /**
     * Runs an operation that may change data. A durable write returns once its changes are on disk; any other write
     * returns at once (its changes reach the disk with the next commit, still between whole operations and in order).
     *
     * @param collection the collection it writes, or null when unknown (then every later read waits for it)
     * @param durable    whether the client asked for an acknowledgement that survives a crash
     */
    <T> T write(String collection, boolean durable, Supplier<T> operation) {
        long ticket;
        operations.readLock().lock();
        try {
            return operation.get();
        } finally {
            ticket = lastWrite.incrementAndGet();
            if (durable) {
                lastWriteTo.merge(collection == null ? ANY_COLLECTION : collection, ticket, Math::max);
            }
            operations.readLock().unlock();
            if (durable) {
                awaitDurable(ticket);
            }
        }
    }

    /**
     * Runs a read, and returns once every write it could have seen is on disk, so that no answer reveals what a crash
     * could take back. A read of one collection waits only for writes to that collection (and to unknown ones): the
     * read side's projection writes do not slow down the command side's reads of events. Writes that did not ask for
     * durability do not hold reads back: what they wrote can be rebuilt (projections, processor positions).
     *
     * @param collection the collection it reads, or null when unknown (then it waits for every write)
     */
    <T> T read(String collection, Supplier<T> operation) {
        T result;
        operations.readLock().lock();
        try {
            result = operation.get();
        } finally {
            operations.readLock().unlock();
        }
        long seen = collection == null ? lastWrite.get()
                : Math.max(lastWriteTo.getOrDefault(collection, 0L), lastWriteTo.getOrDefault(ANY_COLLECTION, 0L));
        awaitDurable(seen);
        return result;
    }

    /** Returns once every write finished before this call is on disk; leads the commit if nobody else does. */
    void awaitDurable(long ticket) {
        synchronized (monitor) {
            while (durableUpTo < ticket && committing) {
                try {
                    monitor.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the store to sync", e);
                }
            }
            if (durableUpTo >= ticket) {
                return;
            }
            committing = true;
        }
        long target = -1;
        try {
            target = commitAndSync();
        } finally {
            synchronized (monitor) {
                committing = false;
                if (target > durableUpTo) {
                    durableUpTo = target;
                }
                monitor.notifyAll();
            }
        }
        if (target < ticket) {
            throw new IllegalStateException("the store did not become durable up to write " + ticket);
        }
    }

    private long commitAndSync() {
        long target;
        operations.writeLock().lock();
        try {
            target = lastWrite.get();
            store.commit();
        } finally {
            operations.writeLock().unlock();
        }
        store.sync();
        commits.incrementAndGet();
        durableWrites.set(target);
        return target;
    }

    /** Runs {@code work} with no operation in flight, then commits and syncs it (start-up repair, shutdown). */
    void exclusively(Runnable work) {
        operations.writeLock().lock();
        try {
            work.run();
            store.commit();
        } finally {
            operations.writeLock().unlock();
        }
        store.sync();
    }

    /**
     * Returns once every write answered so far, durable or not, is on disk (at once if it already is): the sync
     * barrier.
     */
    void awaitFinishedWrites() {
        awaitDurable(lastWrite.get());
    }

    /** Commits and syncs what is not yet on disk, such as pages that the compaction rewrote. */
    void commitPending() {
        awaitDurable(lastWrite.incrementAndGet());
    }

    long commits() {
        return commits.get();
    }

    long durableWrites() {
        return durableWrites.get();
    }
}
