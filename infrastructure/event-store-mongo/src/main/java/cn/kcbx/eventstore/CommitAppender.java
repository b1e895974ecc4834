package cn.kcbx.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import static cn.kcbx.eventstore.CommitDocuments.ID;
import static com.mongodb.client.model.Filters.eq;

/**
 * Appends the events of one command as one commit document, at the next free global position. The insert itself
 * claims the position: a writer inserts right after the last commit it knows of, and a duplicate-key error on
 * {@code _id} tells it someone else took that position, so it moves to the end of the log and tries again. A
 * position is only ever claimed by a writer that has seen the commit before it, so commits become visible in position
 * order and no position is reserved but unwritten: a writer that stalls (or dies) before its insert holds nothing.
 * (Counters are no alternative: the embedded server's {@code findAndModify} returns duplicate values under
 * concurrency.) A duplicate key on streamKey or requestId is a lost race on the case or a resent request.
 *
 * <p>Group commit: the commits of concurrent commands of this process are written together. Each command builds its
 * commit (serialization, encryption, the hash chain) on its own thread and queues it; whoever holds the turn takes
 * everything queued, in order, and inserts it with one ordered {@code insertMany} at consecutive positions: one round
 * trip, and one durable write (one sync) for all of them. An ordered insert stops at the first commit it cannot store,
 * so what is stored is always a prefix of the batch at consecutive positions, never a hole; the commit that failed is
 * judged as a single one would be (position taken: retried at the end of the log; streamKey or request id taken: that
 * command fails), and the rest are inserted again after it. Each command returns only once its own commit is stored
 * (and, with a durable write concern, on disk).
 */
final class CommitAppender {

    private static final Duration MAX_APPEND_TIME = Duration.ofSeconds(60);
    private static final Duration LOCAL_TURN_WAIT = Duration.ofMillis(200);
    /** At most this many commits per insert; the driver splits a larger message by itself anyway. */
    static final int MAX_BATCH = 64;
    private static final InsertManyOptions IN_ORDER = new InsertManyOptions().ordered(true);

    private final MongoCollection<Document> events;
    private final LogPositions log;
    private final ChainHeads chainHeads;
    private final RequestLedger requests;
    private final CommitListener commitListener;
    private final Clock clock;
    /** The position after the last commit this process knows of; 0 until the end of the log was looked up. */
    private final AtomicLong nextPosition = new AtomicLong();
    private final ReentrantLock localTurns = new ReentrantLock(true);
    /** Commits built and waiting for a writer, in the order they were queued. */
    private final ArrayDeque<QueuedCommit> queue = new ArrayDeque<>();

    CommitAppender(MongoCollection<Document> events, LogPositions log, ChainHeads chainHeads, RequestLedger requests,
                   CommitListener commitListener, Clock clock) {
        this.events = events;
        this.log = log;
        this.chainHeads = chainHeads;
        this.requests = requests;
        this.commitListener = commitListener;
        this.clock = clock;
    }

    /** A command's commit between being built and being stored (or refused). */
    private static final class QueuedCommit {

        final EventMessage<?> first;
        final String requestId;
        final String aggregateId;
        final Document commit;
        final int eventCount;
        /** Taken by a writer: only that writer stores it or fails it. Guarded by the queue. */
        boolean taken;
        final CompletableFuture<Void> outcome = new CompletableFuture<>();

        QueuedCommit(EventMessage<?> first, String requestId, String aggregateId, Document commit) {
            this.first = first;
            this.requestId = requestId;
            this.aggregateId = aggregateId;
            this.commit = commit;
            this.eventCount = CommitDocuments.eventCount(commit);
        }

        long firstPosition() {
            return CommitDocuments.id(commit);
        }
    }

    void append(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        requireOneCommit(eventMessages);
        QueuedCommit mine = build(eventMessages, serializer);
        synchronized (queue) {
            queue.addLast(mine);
        }
        long deadline = System.nanoTime() + MAX_APPEND_TIME.toNanos();
        while (!isTaken(mine)) {
            if (takeTurn()) {
                try {
                    if (!isTaken(mine)) {
                        writeQueued();
                    }
                } finally {
                    localTurns.unlock();
                }
            } else if (!isTaken(mine)) {
                // The turn is held too long (its holder stalled): do not wait for it. Racing it for positions is
                // still correct, the unique position decides.
                writeQueued();
            }
        }
        awaitOutcome(mine, deadline);
    }

    /** The commit, built outside the turn: serializing and sealing personal data need no position. */
    private QueuedCommit build(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        EventMessage<?> first = eventMessages.get(0);
        String requestId = RequestLedger.requestIdOf(first);
        String aggregateId = aggregateIdOf(first);
        String previousHash = first instanceof DomainEventMessage<?> domainEvent
                ? chainHeads.previousHash(aggregateId, domainEvent.getSequenceNumber()) : null;
        Document commit = CommitDocuments.commit(eventMessages, serializer, 0, requestId, CommitDocuments.stamp(clock),
                                                 previousHash);
        return new QueuedCommit(first, requestId, aggregateId, commit);
    }

    private boolean isTaken(QueuedCommit commit) {
        synchronized (queue) {
            return commit.taken;
        }
    }

    /** Waits for the writer that took the commit; returns normally once it is stored, else throws why not. */
    private static void awaitOutcome(QueuedCommit commit, long deadline) {
        try {
            commit.outcome.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new ConcurrencyException("could not append within " + MAX_APPEND_TIME + ": the log is too contended");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcurrencyException("interrupted while its commit was being appended");
        }
    }

    /**
     * Writers of this process take turns, so they do not all race for the same position; a writer that holds its
     * turn too long (stalled) is not waited for: the others then race for positions, which is still correct.
     */
    private boolean takeTurn() {
        try {
            return localTurns.tryLock(LOCAL_TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes what is queued (in order, up to {@link #MAX_BATCH}) and stores it; every commit taken gets its outcome. */
    private void writeQueued() {
        List<QueuedCommit> batch = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
                QueuedCommit next = queue.pollFirst();
                next.taken = true;
                batch.add(next);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store(batch);
        } catch (RuntimeException e) {
            // Which of them are stored is unknown (a lost connection, say): each command fails as a single insert
            // would have, and a retry with the same request id finds its commit if it was stored after all.
            batch.forEach(commit -> commit.outcome.completeExceptionally(e));
        } catch (Error e) {
            batch.forEach(commit -> commit.outcome.completeExceptionally(e));
            throw e;
        }
    }

    private void store(List<QueuedCommit> batch) {
        long deadline = System.nanoTime() + MAX_APPEND_TIME.toNanos();
        List<QueuedCommit> left = new ArrayList<>(batch);
        while (!left.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                ConcurrencyException tooLong = new ConcurrencyException(
                        "could not append within " + MAX_APPEND_TIME + ": the log is too contended");
                left.forEach(commit -> commit.outcome.completeExceptionally(tooLong));
                return;
            }
            long position = nextPosition();
            String committedAt = CommitDocuments.stamp(clock);
            for (QueuedCommit commit : left) {
                commitListener.positionsChosen(commit.aggregateId, position, position + commit.eventCount - 1);
                CommitDocuments.moveTo(commit.commit, position);
                CommitDocuments.restamp(commit.commit, committedAt);
                position += commit.eventCount;
            }
            int stored = left.size();
            WriteError refused = null;
            MongoException refusal = null;
            try {
                if (left.size() == 1) {
                    events.insertOne(left.get(0).commit);
                } else {
                    events.insertMany(left.stream().map(commit -> commit.commit).toList(), IN_ORDER);
                }
            } catch (MongoWriteException e) {
                stored = 0;
                refused = e.getError();
                refusal = e;
            } catch (MongoBulkWriteException e) {
                BulkWriteError first = e.getWriteErrors().isEmpty() ? null : e.getWriteErrors().get(0);
                if (first == null) {
                    throw e; // only a write concern error: which commits are stored is unknown
                }
                stored = first.getIndex();
                refused = first;
                refusal = e;
            }
            for (QueuedCommit commit : left.subList(0, stored)) {
                nextPosition.accumulateAndGet(commit.firstPosition() + commit.eventCount, Math::max);
                chainHeads.remember(commit.commit);
                commit.outcome.complete(null);
            }
            left = new ArrayList<>(left.subList(stored, left.size()));
            if (refused == null) {
                return;
            }
            QueuedCommit failed = left.get(0);
            if (refused.getCategory() != ErrorCategory.DUPLICATE_KEY) {
                left.remove(0);
                failed.outcome.completeExceptionally(refusal);
                continue;
            }
            long firstPosition = failed.firstPosition();
            if (nextPosition.get() > firstPosition) {
                continue; // another writer of this process took the position: try after it
            }
            if (events.find(eq(ID, firstPosition)).first() != null) {
                nextPosition.accumulateAndGet(log.endFrom(firstPosition), Math::max);
                continue; // another process took it
            }
            left.remove(0);
            failed.outcome.completeExceptionally(duplicateFailure(failed.first, failed.requestId, refusal));
        }
    }

    private long nextPosition() {
        long next = nextPosition.get();
        if (next == 0) {
            nextPosition.accumulateAndGet(log.end(), Math::max);
            next = nextPosition.get();
        }
        return next;
    }

    private RuntimeException duplicateFailure(EventMessage<?> first, String requestId, MongoException cause) {
        if (requests.isStored(requestId)) {
            return new DuplicateRequestException(requestId);
        }
        if (first instanceof DomainEventMessage<?> domainEvent) {
            return new CaseChangedConcurrentlyException(domainEvent.getAggregateIdentifier(),
                                                        domainEvent.getSequenceNumber(), cause);
        }
        return cause;
    }

    private static void requireOneCommit(List<? extends EventMessage<?>> eventMessages) {
        if (eventMessages.size() > EventStoreSettings.MAX_EVENTS_PER_COMMIT) {
            throw new IllegalArgumentException("one command may store at most " + EventStoreSettings.MAX_EVENTS_PER_COMMIT
                                                       + " events, got " + eventMessages.size());
        }
        String aggregateId = aggregateIdOf(eventMessages.get(0));
        long expectedSequence = eventMessages.get(0) instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : 0;
        for (EventMessage<?> event : eventMessages) {
            if (!Objects.equals(aggregateId, aggregateIdOf(event))) {
                throw new IllegalArgumentException("the events of one commit must all belong to one aggregate");
            }
            if (event instanceof DomainEventMessage<?> domainEvent
                    && domainEvent.getSequenceNumber() != expectedSequence++) {
                throw new IllegalArgumentException("the events of one commit must have consecutive sequence numbers");
            }
        }
    }

    private static String aggregateIdOf(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domainEvent ? domainEvent.getAggregateIdentifier() : null;
    }
}
