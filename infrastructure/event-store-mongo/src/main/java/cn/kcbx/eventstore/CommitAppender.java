package cn.kcbx.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
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
 */
final class CommitAppender {

    private static final Duration MAX_APPEND_TIME = Duration.ofSeconds(60);
    private static final Duration LOCAL_TURN_WAIT = Duration.ofMillis(200);

    private final MongoCollection<Document> events;
    private final LogPositions log;
    private final ChainHeads chainHeads;
    private final RequestLedger requests;
    private final CommitListener commitListener;
    private final Clock clock;
    /** The position after the last commit this process knows of; 0 until the end of the log was looked up. */
    private final AtomicLong nextPosition = new AtomicLong();
    private final ReentrantLock localTurns = new ReentrantLock(true);

    CommitAppender(MongoCollection<Document> events, LogPositions log, ChainHeads chainHeads, RequestLedger requests,
                   CommitListener commitListener, Clock clock) {
        this.events = events;
        this.log = log;
        this.chainHeads = chainHeads;
        this.requests = requests;
        this.commitListener = commitListener;
        this.clock = clock;
    }

    void append(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        requireOneCommit(eventMessages);
        boolean turnTaken = takeTurn();
        try {
            appendCommit(eventMessages, serializer);
        } finally {
            if (turnTaken) {
                localTurns.unlock();
            }
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

    private void appendCommit(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        EventMessage<?> first = eventMessages.get(0);
        String requestId = RequestLedger.requestIdOf(first);
        String aggregateId = aggregateIdOf(first);
        long deadline = System.nanoTime() + MAX_APPEND_TIME.toNanos();
        String previousHash = first instanceof DomainEventMessage<?> domainEvent
                ? chainHeads.previousHash(aggregateId, domainEvent.getSequenceNumber()) : null;
        Document commit = CommitDocuments.commit(eventMessages, serializer, 0, requestId, CommitDocuments.stamp(clock),
                                                 previousHash);
        while (System.nanoTime() < deadline) {
            long firstPosition = nextPosition();
            long lastPosition = firstPosition + eventMessages.size() - 1;
            commitListener.positionsChosen(aggregateId, firstPosition, lastPosition);
            CommitDocuments.moveTo(commit, firstPosition);
            try {
                events.insertOne(commit);
                nextPosition.accumulateAndGet(lastPosition + 1, Math::max);
                chainHeads.remember(commit);
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                if (nextPosition.get() > firstPosition) {
                    continue; // another writer of this process took the position: try after it
                }
                if (events.find(eq(ID, firstPosition)).first() != null) {
                    nextPosition.accumulateAndGet(log.endFrom(firstPosition), Math::max);
                    continue; // another process took it
                }
                throw duplicateFailure(first, requestId, e);
            }
        }
        throw new ConcurrencyException("could not append within " + MAX_APPEND_TIME + ": the log is too contended");
    }

    private long nextPosition() {
        long next = nextPosition.get();
        if (next == 0) {
            nextPosition.accumulateAndGet(log.end(), Math::max);
            next = nextPosition.get();
        }
        return next;
    }

    private RuntimeException duplicateFailure(EventMessage<?> first, String requestId, MongoWriteException cause) {
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
