package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.bson.Document;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * An Axon event storage engine on MongoDB that never lets a streaming reader skip an event, needs no multi-document
 * transactions and trusts no wall clock.
 *
 * <p>Why gap-free: a tracking processor's token is one number ({@link GlobalSequenceTrackingToken}), so a position
 * that became visible after a reader passed it would be lost for that reader. Positions are therefore claimed by the
 * insert itself, in order, and no position is ever reserved but unwritten ({@link CommitAppender}); a reader still
 * never steps over a missing one ({@link StreamingReader}). Why no transactions: the embedded server has none, and
 * none are needed: all events of one command are one document, and unique indexes decide every race (the position,
 * one writer per case, one commit per client request; {@link EventCollections}).
 *
 * <p>This class only wires the parts and answers Axon: {@link CommitAppender} (positions, commit documents,
 * {@link ChainHeads} for the hash chain), {@link StreamingReader}, {@link CaseReader}, {@link Snapshots},
 * {@link RequestLedger} and {@link LogPositions} (end of the log, tokens).
 */
public class GapFreeMongoEventStorageEngine extends AbstractEventStorageEngine {

    /** The metadata key carrying the client's request id. */
    public static final String REQUEST_ID_KEY = "requestId";

    private final MongoCollection<Document> events;
    private final LogPositions log;
    private final CommitAppender appender;
    private final StreamingReader streamingReader;
    private final CaseReader caseReader;
    private final Snapshots snapshots;
    private final RequestLedger requests;
    private final AppendObserver appendObserver;
    private final LongSupplier nanoClock;
    private final ChainHeads chainHeads;

    protected GapFreeMongoEventStorageEngine(Builder builder) {
        super(builder);
        EventCollections collections = new EventCollections(builder.database, builder.settings);
        this.events = collections.events;
        int readWindow = builder.settings.readWindow();
        this.chainHeads = new ChainHeads(events);
        this.log = new LogPositions(events, readWindow);
        this.requests = new RequestLedger(events, getEventSerializer());
        this.appender = new CommitAppender(events, log, chainHeads, requests, builder.commitListener, builder.clock);
        this.appendObserver = builder.appendObserver;
        this.nanoClock = builder.nanoClock;
        this.streamingReader = new StreamingReader(events, builder.settings, builder.clock, builder.nanoClock);
        this.caseReader = new CaseReader(events, readWindow, chainHeads);
        this.snapshots = new Snapshots(collections.snapshots);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return; // nothing appended, nothing to report
        }
        long start = nanoClock.getAsLong();
        AppendObserver.Outcome outcome = AppendObserver.Outcome.FAILED;
        try {
            appender.append(eventMessages, serializer);
            outcome = AppendObserver.Outcome.STORED;
        } catch (ConcurrencyException | DuplicateRequestException e) {
            outcome = AppendObserver.Outcome.CONFLICT;
            throw e;
        } finally {
            appendObserver.appended(outcome, nanoClock.getAsLong() - start);
        }
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        snapshots.store(snapshot, serializer);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return streamingReader.read(trackingToken);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        return caseReader.read(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return caseReader.lastSequenceNumber(aggregateIdentifier);
    }

    /**
     * Whether this process last saw the aggregate with fewer than {@code events} events (read or appended here). A
     * hint only: another process may have extended it since; false when this process has not seen it lately.
     */
    public boolean lastSeenShorterThan(String aggregateIdentifier, int events) {
        return chainHeads.lastSeenShorterThan(aggregateIdentifier, events);
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return snapshots.read(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /** The position of the last commit: a processor starting here sees only what is appended later. */
    @Override
    public TrackingToken createHeadToken() {
        return log.headToken();
    }

    /** The position just before the first commit stored at or after {@code dateTime} (by its writer's clock). */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return log.tokenAt(dateTime);
    }

    /**
     * The identifier of the event stored at {@code position}; empty when no event is there (beyond the end of the log,
     * a hole, or a position given up with a tombstone). A reader uses it to check that an event it has already seen is
     * still stored: after a crash that lost the last commits, a restore from an older backup or a MongoDB rollback,
     * the position may be empty or hold a different event. One indexed lookup.
     */
    public Optional<String> eventIdentifierAt(long position) {
        return log.eventIdentifierAt(position);
    }

    /** The stored result of an earlier client request with this id, if it was processed. */
    public Optional<StoredRequest> findRequest(String requestId) {
        return requests.find(requestId);
    }

    /**
     * Every aggregate whose identifier starts with the prefix, found by its first commit. A scan of the store: only
     * for rare lookups (which counties keep a unit directory).
     */
    public List<String> aggregateIdsStartingWith(String prefix) {
        return caseReader.aggregateIdsStartingWith(prefix);
    }

    /** The commit documents ({@link CommitDocuments}), for tools that measure the store's reads (the benchmark). */
    public MongoCollection<Document> eventsCollection() {
        return events;
    }

    /** Configures the engine; the database is required, everything else has a default. */
    public static class Builder extends AbstractEventStorageEngine.Builder {

        private MongoDatabase database;
        private EventStoreSettings settings = EventStoreSettings.DEFAULT;
        private CommitListener commitListener = CommitListener.NONE;
        private AppendObserver appendObserver = AppendObserver.NONE;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoClock = System::nanoTime;

        public Builder database(MongoDatabase database) {
            this.database = database;
            return this;
        }

        public Builder settings(EventStoreSettings settings) {
            this.settings = Objects.requireNonNull(settings);
            return this;
        }

        public Builder commitListener(CommitListener commitListener) {
            this.commitListener = Objects.requireNonNull(commitListener);
            return this;
        }

        public Builder appendObserver(AppendObserver appendObserver) {
            this.appendObserver = Objects.requireNonNull(appendObserver);
            return this;
        }

        /** Only stamps {@code committedAt} (for {@link #createTokenAt}); ordering never depends on it. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(org.axonframework.serialization.upcasting.event.EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        protected void validate() {
            super.validate();
            Objects.requireNonNull(database, "database is required");
        }

        public GapFreeMongoEventStorageEngine build() {
            validate();
            return new GapFreeMongoEventStorageEngine(this);
        }
    }
}
