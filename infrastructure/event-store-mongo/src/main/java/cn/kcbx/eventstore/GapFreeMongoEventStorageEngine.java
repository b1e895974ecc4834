package cn.kcbx.eventstore;

import static cn.kcbx.eventstore.CommitDocuments.AGGREGATE_ID;
import static cn.kcbx.eventstore.CommitDocuments.COMMITTED_AT;
import static cn.kcbx.eventstore.CommitDocuments.FIRST_SEQUENCE;
import static cn.kcbx.eventstore.CommitDocuments.ID;
import static cn.kcbx.eventstore.CommitDocuments.LAST_SEQUENCE;
import static cn.kcbx.eventstore.CommitDocuments.REQUEST_ID;
import static cn.kcbx.eventstore.CommitDocuments.STREAM_KEY;
import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.SerializedMetaData;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Axon event storage engine on MongoDB that never lets a streaming reader skip an event, needs no multi-document
 * transactions and trusts no wall clock.
 *
 * <p><b>Order.</b> The global position of a commit is its {@code _id}, claimed by the insert itself: a writer inserts
 * at the position right after the last commit it knows of, and a duplicate-key error tells it someone else took that
 * position, so it moves to the end of the log and tries again. A position is only ever claimed by a writer that has
 * seen the commit before it, so commits become visible in position order and there is no reserved-but-unwritten
 * position for a reader to step over: a writer that stalls (or dies) before its insert holds nothing, and when it
 * wakes it appends at the end. (Counters are no alternative: the embedded server's {@code findAndModify} returns
 * duplicate values under concurrency.) Readers still never step over a missing position; if one appears anyway (a
 * commit deleted by hand, a foreign writer), they wait {@link EventStoreSettings#holeTimeout()} on their own clock
 * and then fill it with a tombstone, as Axon's gap-aware tokens would give up a gap, yet the tracking token stays one
 * number ({@link GlobalSequenceTrackingToken}).
 *
 * <p><b>Atomicity.</b> All events of one command are one document. <b>Concurrency.</b> A unique {@code streamKey}
 * (case id and first sequence number) lets only one of two writers extending the same case win. <b>Idempotency.</b>
 * A unique {@code requestId} (taken from the first event's metadata) stores a client request at most once.
 *
 * <p><b>Tamper evidence.</b> Each event of a case carries the hash of the case's previous event and its own
 * ({@link EventChain}); the previous hash comes from the case's previous commit (remembered from the last read or
 * write of the case, else one indexed lookup), never from a global lock. {@link IntegrityCheckpoints} signs every
 * case's chain head, and {@link IntegrityVerifier} finds the first broken link.
 *
 * <p><b>Indexes.</b> Every read is an equality or {@code $in} lookup on a unique index ({@code _id}, {@code streamKey},
 * {@code requestId}), which the embedded server (unique indexes only) and real MongoDB both serve without a scan.
 */
public class GapFreeMongoEventStorageEngine extends AbstractEventStorageEngine {

    /** The metadata key carrying the client's request id. */
    public static final String REQUEST_ID_KEY = "requestId";

    private static final Logger log = LoggerFactory.getLogger(GapFreeMongoEventStorageEngine.class);
    private static final Duration MAX_APPEND_TIME = Duration.ofSeconds(60);
    private static final Duration LOCAL_TURN_WAIT = Duration.ofMillis(200);
    private static final int MAX_READ_ROUNDS = 1000;
    private static final int FIRST_CASE_WINDOW = 16;
    private static final int MAX_REMEMBERED_CHAIN_HEADS = 10_000;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final EventStoreSettings settings;
    private final CommitListener commitListener;
    private final Clock clock;
    private final HoleTracker holes;
    /** The position after the last commit this process knows of; 0 until the end of the log was looked up. */
    private final AtomicLong nextPosition = new AtomicLong();
    private final ReentrantLock localTurns = new ReentrantLock(true);
    /**
     * The chain head of cases this process recently read or wrote, so that an append usually needs no extra read for
     * its previous hash. Only a hint: it is used only when it names exactly the sequence before the append, and an
     * append on a stale head cannot land, because the unique streamKey rejects it.
     */
    private final Map<String, ChainHead> recentChainHeads = new ConcurrentHashMap<>();

    private record ChainHead(long lastSequence, String hash) {
    }

    protected GapFreeMongoEventStorageEngine(Builder builder) {
        super(builder);
        this.settings = builder.settings;
        this.commitListener = builder.commitListener;
        this.clock = builder.clock;
        this.events = builder.database.getCollection(settings.eventsCollection());
        this.snapshots = builder.database.getCollection(settings.snapshotsCollection());
        this.holes = new HoleTracker(settings.holeTimeout(), builder.nanoClock);
        ensureIndexes();
    }

    public static Builder builder() {
        return new Builder();
    }

    private void ensureIndexes() {
        events.createIndex(Indexes.ascending(STREAM_KEY), new IndexOptions().unique(true).sparse(true)
                                                                            .name("streamKey_unique"));
        events.createIndex(Indexes.ascending(REQUEST_ID), new IndexOptions().unique(true).sparse(true)
                                                                            .name("requestId_unique"));
    }

    // ---------------------------------------------------------------------------------------------------- writing

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        requireOneCommit(eventMessages);
        String requestId = requestIdOf(eventMessages.get(0));
        String aggregateId = aggregateIdOf(eventMessages.get(0));
        int count = eventMessages.size();
        boolean turnTaken = takeTurn();
        try {
            appendCommit(eventMessages, serializer, requestId, aggregateId, count);
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

    private void appendCommit(List<? extends EventMessage<?>> eventMessages, Serializer serializer, String requestId,
                              String aggregateId, int count) {
        long deadline = System.nanoTime() + MAX_APPEND_TIME.toNanos();
        // The chain depends on the case only, not on the position, so a retry at another position keeps the hashes.
        String previousHash = aggregateId == null ? null : previousHash(aggregateId, firstSequenceOf(eventMessages));
        Document commit = CommitDocuments.commit(eventMessages, serializer, 0, requestId, now(), previousHash);
        while (System.nanoTime() < deadline) {
            long first = nextPosition();
            long last = first + count - 1;
            commitListener.positionsChosen(aggregateId, first, last);
            CommitDocuments.moveTo(commit, first);
            try {
                events.insertOne(commit);
                nextPosition.accumulateAndGet(last + 1, Math::max);
                rememberChainHead(commit);
                return;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                if (nextPosition.get() > first) {
                    continue; // another writer of this process took the position: try after it
                }
                if (events.find(eq(ID, first)).first() != null) {
                    nextPosition.accumulateAndGet(endOfLogFrom(first), Math::max);
                    continue; // another process took it
                }
                throw duplicateFailure(eventMessages.get(0), requestId, e);
            }
        }
        throw new ConcurrencyException("could not append within " + MAX_APPEND_TIME + ": the log is too contended");
    }

    /**
     * The hash of the case's event before {@code sequence}: the last hash of the case's previous commit, found by its
     * unique streamKey (usually the commit starting right before, else one of the few that could end there). No lock:
     * if another writer extends the case at the same time, the unique streamKey lets only one of the two commits in,
     * and the loser is retried by Axon on the new state.
     */
    private String previousHash(String aggregateId, long sequence) {
        if (sequence == 0) {
            return EventChain.GENESIS;
        }
        ChainHead known = recentChainHeads.get(aggregateId);
        if (known != null && known.lastSequence() == sequence - 1) {
            return known.hash();
        }
        Document previous = events.find(eq(STREAM_KEY, CommitDocuments.streamKey(aggregateId, sequence - 1))).first();
        if (previous == null || previous.get(LAST_SEQUENCE, Number.class).longValue() != sequence - 1) {
            previous = caseCommitEndingAt(aggregateId, sequence - 1);
        }
        if (previous == null) {
            log.warn("Case {} has no stored event {} before the one being appended: chaining from the genesis hash",
                     aggregateId, sequence - 1);
            return EventChain.GENESIS;
        }
        String hash = CommitDocuments.lastHash(previous);
        return hash != null ? hash : legacyChainHead(aggregateId, sequence - 1);
    }

    private void rememberChainHead(Document commit) {
        String aggregateId = commit.getString(AGGREGATE_ID);
        String hash = CommitDocuments.lastHash(commit);
        if (aggregateId == null || hash == null) {
            return;
        }
        if (recentChainHeads.size() >= MAX_REMEMBERED_CHAIN_HEADS) {
            recentChainHeads.clear(); // crude, but cheap and without a lock: a miss only costs one indexed read
        }
        recentChainHeads.put(aggregateId, new ChainHead(commit.get(LAST_SEQUENCE, Number.class).longValue(), hash));
    }

    private Document caseCommitEndingAt(String aggregateId, long lastSequence) {
        long from = Math.max(0, lastSequence - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        List<String> keys = LongStream.rangeClosed(from, lastSequence)
                                      .mapToObj(s -> CommitDocuments.streamKey(aggregateId, s)).toList();
        return events.find(in(STREAM_KEY, keys)).into(new ArrayList<>()).stream()
                     .filter(d -> d.get(LAST_SEQUENCE, Number.class).longValue() == lastSequence)
                     .findFirst().orElse(null);
    }

    /** A case stored before the chain existed: its chain is computed over its stored events, as the verifier does. */
    private String legacyChainHead(String aggregateId, long lastSequence) {
        String hash = EventChain.GENESIS;
        for (Document commit : readCommits(aggregateId, 0)) {
            for (ChainedEvent event : CommitDocuments.chainedEvents(commit)) {
                if (event.sequence() <= lastSequence) {
                    hash = event.isChained() ? event.hash() : event.hashAfter(hash);
                }
            }
        }
        return hash;
    }

    private static long firstSequenceOf(List<? extends EventMessage<?>> eventMessages) {
        return ((DomainEventMessage<?>) eventMessages.get(0)).getSequenceNumber();
    }

    private long nextPosition() {
        long next = nextPosition.get();
        if (next == 0) {
            nextPosition.accumulateAndGet(endOfLogFrom(lastCommitStart()), Math::max);
            next = nextPosition.get();
        }
        return next;
    }

    /** Walks contiguous commits from {@code position} on; answers the position after the last of them. */
    private long endOfLogFrom(long position) {
        long next = position;
        while (true) {
            List<Document> window = events.find(in(ID, positions(next, settings.readWindow())))
                                          .sort(Sorts.ascending(ID)).into(new ArrayList<>());
            long before = next;
            for (Document document : window) {
                if (CommitDocuments.id(document) == next) {
                    next = CommitDocuments.lastPosition(document) + 1;
                }
            }
            if (next == before || next < before + settings.readWindow()) {
                return Math.max(next, 1);
            }
        }
    }

    /**
     * The start of the last commit, found with O(log n) indexed window probes: commits hold at most
     * {@link EventStoreSettings#MAX_EVENTS_PER_COMMIT} positions and leave no gaps, so a window of that size holds a
     * commit start exactly when it does not lie beyond the last commit.
     */
    private long lastCommitStart() {
        if (!hasCommitStartIn(1)) {
            return 1;
        }
        long low = 1;
        long high = 2;
        while (hasCommitStartIn(high)) {
            low = high;
            high *= 2;
        }
        while (high - low > 1) {
            long middle = (low + high) >>> 1;
            if (hasCommitStartIn(middle)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return low; // the largest position whose window holds a commit start: the last start itself
    }

    private boolean hasCommitStartIn(long from) {
        return events.find(in(ID, positions(from, EventStoreSettings.MAX_EVENTS_PER_COMMIT))).first() != null;
    }

    private RuntimeException duplicateFailure(EventMessage<?> first, String requestId, MongoWriteException cause) {
        if (requestId != null && events.find(eq(REQUEST_ID, requestId)).first() != null) {
            return new DuplicateRequestException(requestId);
        }
        if (first instanceof DomainEventMessage<?> domainEvent) {
            return new ConcurrencyException(
                    "case " + domainEvent.getAggregateIdentifier() + " was changed concurrently: sequence "
                            + domainEvent.getSequenceNumber() + " is already taken", cause);
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

    private static String requestIdOf(EventMessage<?> event) {
        Object requestId = event.getMetaData().get(REQUEST_ID_KEY);
        return requestId == null ? null : requestId.toString();
    }

    /** Fills {@code first..last} with tombstones, in order, stopping at the first position already written. */
    private long tombstone(long first, long last) {
        for (long position = first; position <= last; position++) {
            try {
                events.insertOne(CommitDocuments.tombstone(position, now()));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return position - 1;
                }
                throw e;
            }
        }
        return last;
    }

    private String now() {
        return DateTimeUtils.formatInstant(clock.instant());
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = CommitDocuments.snapshot(snapshot, serializer);
        try {
            // Replace only an older snapshot; a newer one stays (the upsert then collides on _id).
            snapshots.replaceOne(and(eq(ID, snapshot.getAggregateIdentifier()),
                                     lt(CommitDocuments.snapshotSequenceField(), snapshot.getSequenceNumber())),
                                 document, new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- streaming

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        long expected = positionAfter(trackingToken);
        List<TrackedEventData<?>> batch = new ArrayList<>();
        for (int round = 0; round < MAX_READ_ROUNDS && batch.size() < settings.readBatchSize(); round++) {
            List<Document> window = readWindow(expected);
            long next = deliverContiguous(window, expected, batch);
            if (next != expected) {
                expected = next;
                holes.advancedTo(expected);
                continue;
            }
            Long nextWritten = firstIdAfter(window, expected);
            if (nextWritten == null) {
                break; // caught up
            }
            // Position `expected` is missing while a later one exists. Never step over it: wait, or give it up.
            long giveUpTo = holes.observe(expected, nextWritten - 1);
            if (giveUpTo < expected) {
                break;
            }
            long tombstonedTo = tombstone(expected, giveUpTo);
            if (tombstonedTo >= expected) {
                log.warn("Gave up positions {}..{}: missing for longer than {} while later commits exist", expected,
                         tombstonedTo, settings.holeTimeout());
                expected = tombstonedTo + 1;
                holes.advancedTo(expected);
            }
        }
        return batch.stream();
    }

    /**
     * The commits from {@code expected} on, one indexed {@code $in} lookup. It reaches back far enough to find the
     * commit holding {@code expected} when a token points into the middle of a commit.
     */
    private List<Document> readWindow(long expected) {
        long from = Math.max(1, expected - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        int size = (int) (expected - from) + settings.readWindow();
        List<Document> window = events.find(in(ID, positions(from, size))).sort(Sorts.ascending(ID))
                                      .into(new ArrayList<>());
        window.removeIf(document -> CommitDocuments.lastPosition(document) < expected);
        return window;
    }

    /** Delivers the commits of {@code window} that continue at {@code expected}; answers the next expected position. */
    private long deliverContiguous(List<Document> window, long expected, List<TrackedEventData<?>> batch) {
        for (Document document : window) {
            long id = CommitDocuments.id(document);
            long last = CommitDocuments.lastPosition(document);
            if (last < expected) {
                continue;
            }
            if (id > expected) {
                break; // a hole at expected
            }
            if (!CommitDocuments.isTombstone(document)) {
                List<DomainEventData<String>> commitEvents = CommitDocuments.events(document);
                for (int i = 0; i < commitEvents.size(); i++) {
                    long position = id + i;
                    if (position >= expected) {
                        batch.add(new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(position),
                                                               commitEvents.get(i)));
                    }
                }
            }
            expected = last + 1;
        }
        return expected;
    }

    private static Long firstIdAfter(List<Document> window, long expected) {
        return window.stream().map(CommitDocuments::id).filter(id -> id > expected).min(Comparator.naturalOrder())
                     .orElse(null);
    }

    private static List<Long> positions(long from, int count) {
        return LongStream.range(from, from + count).boxed().toList();
    }

    private static long positionAfter(TrackingToken token) {
        if (token == null) {
            return 1;
        }
        if (!(token instanceof GlobalSequenceTrackingToken globalToken)) {
            throw new IllegalArgumentException("unsupported tracking token " + token.getClass().getName()
                                                       + "; this store uses GlobalSequenceTrackingToken");
        }
        return globalToken.getGlobalIndex() + 1;
    }

    @Override
    public TrackingToken createTailToken() {
        return null;
    }

    /** The position of the last commit: a processor starting here sees only what is appended later. */
    @Override
    public TrackingToken createHeadToken() {
        long head = endOfLogFrom(lastCommitStart()) - 1;
        return head == 0 ? null : new GlobalSequenceTrackingToken(head);
    }

    /**
     * The identifier of the event stored at {@code position}; empty when no event is there (beyond the end of the log,
     * a hole, or a position given up with a tombstone). A reader uses it to check that an event it has already seen is
     * still stored: after a crash that lost the last commits, a restore from an older backup or a MongoDB rollback,
     * the position may be empty or hold a different event. One indexed lookup.
     */
    public Optional<String> eventIdentifierAt(long position) {
        if (position < 1) {
            return Optional.empty();
        }
        long from = Math.max(1, position - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        for (Document commit : events.find(in(ID, positions(from, (int) (position - from + 1))))) {
            if (CommitDocuments.id(commit) <= position && CommitDocuments.lastPosition(commit) >= position) {
                return CommitDocuments.isTombstone(commit) ? Optional.empty()
                        : Optional.of(CommitDocuments.eventId(commit, (int) (position - CommitDocuments.id(commit))));
            }
        }
        return Optional.empty();
    }

    /** The position just before the first commit stored at or after {@code dateTime} (by its writer's clock). */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long low = 1;
        long high = endOfLogFrom(lastCommitStart()) - 1;
        long answer = high + 1;
        while (low <= high) {
            long middle = (low + high) >>> 1;
            Document commit = firstCommitAtOrAfter(middle, high);
            if (commit == null) {
                high = middle - 1;
                continue;
            }
            Instant committedAt = DateTimeUtils.parseInstant(commit.getString(COMMITTED_AT));
            if (committedAt.isBefore(dateTime)) {
                low = CommitDocuments.lastPosition(commit) + 1;
            } else {
                answer = CommitDocuments.id(commit);
                high = middle - 1;
            }
        }
        return answer <= 1 ? null : new GlobalSequenceTrackingToken(answer - 1);
    }

    private Document firstCommitAtOrAfter(long from, long to) {
        for (long start = from; start <= to; start += settings.readWindow()) {
            Document found = events.find(in(ID, positions(start, (int) Math.min(settings.readWindow(), to - start + 1))))
                                   .sort(Sorts.ascending(ID)).into(new ArrayList<>()).stream()
                                   .filter(d -> !CommitDocuments.isTombstone(d)).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------- per case

    @Override
    protected Stream<? extends DomainEventData<?>> readEventData(String aggregateIdentifier, long firstSequenceNumber) {
        List<Document> commits = readCommits(aggregateIdentifier, firstSequenceNumber);
        if (!commits.isEmpty()) {
            rememberChainHead(commits.get(commits.size() - 1)); // the next command on this case chains from here
        }
        return commits.stream().flatMap(commit -> CommitDocuments.events(commit).stream())
                      .filter(event -> event.getSequenceNumber() >= firstSequenceNumber);
    }

    /**
     * The case's commits from the one holding {@code firstSequence} on, by {@code $in} lookups on streamKey. The first
     * lookup is small (most cases, and most reads after a snapshot, are short) and each further one twice as large.
     */
    private List<Document> readCommits(String aggregateId, long firstSequence) {
        return readCommits(aggregateId, firstSequence, false);
    }

    /** The aggregate's commits from the one holding {@code firstSequence} on; without their events when asked. */
    private List<Document> readCommits(String aggregateId, long firstSequence, boolean headersOnly) {
        List<Document> result = new ArrayList<>();
        long expected = firstSequence;
        if (firstSequence > 0) {
            Document covering = caseCommitCovering(aggregateId, firstSequence);
            if (covering != null) {
                result.add(covering);
                expected = covering.get(LAST_SEQUENCE, Number.class).longValue() + 1;
            }
        }
        int windowSize = FIRST_CASE_WINDOW;
        while (true) {
            long windowEnd = expected + windowSize;
            List<String> keys = LongStream.range(expected, windowEnd)
                                          .mapToObj(sequence -> CommitDocuments.streamKey(aggregateId, sequence))
                                          .toList();
            List<Document> found = events.find(in(STREAM_KEY, keys))
                                         .projection(headersOnly ? Projections.exclude(CommitDocuments.EVENTS) : null)
                                         .into(new ArrayList<>());
            found.sort(Comparator.comparingLong(d -> d.get(FIRST_SEQUENCE, Number.class).longValue()));
            for (Document commit : found) {
                if (commit.get(FIRST_SEQUENCE, Number.class).longValue() != expected) {
                    return result;
                }
                result.add(commit);
                expected = commit.get(LAST_SEQUENCE, Number.class).longValue() + 1;
            }
            if (expected < windowEnd) {
                return result; // the next commit would have started inside this window
            }
            windowSize = Math.min(windowSize * 2, settings.readWindow());
        }
    }

    private Document caseCommitCovering(String aggregateId, long sequence) {
        long from = Math.max(0, sequence - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        List<String> keys = LongStream.range(from, sequence)
                                      .mapToObj(s -> CommitDocuments.streamKey(aggregateId, s)).toList();
        if (keys.isEmpty()) {
            return null;
        }
        return events.find(in(STREAM_KEY, keys)).into(new ArrayList<>()).stream()
                     .filter(d -> d.get(LAST_SEQUENCE, Number.class).longValue() >= sequence)
                     .findFirst().orElse(null);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        // Only the commits' headers: a county's directory may hold hundreds of events in one commit.
        List<Document> commits = readCommits(aggregateIdentifier, 0, true);
        return commits.isEmpty() ? Optional.empty()
                : Optional.of(commits.get(commits.size() - 1).get(LAST_SEQUENCE, Number.class).longValue());
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(eq(ID, aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(CommitDocuments.snapshotData(snapshot));
    }

    // ---------------------------------------------------------------------------------------------------- requests

    /** The stored result of an earlier client request with this id, if it was processed. */
    public Optional<StoredRequest> findRequest(String requestId) {
        Document commit = events.find(eq(REQUEST_ID, requestId)).first();
        if (commit == null) {
            return Optional.empty();
        }
        MetaData metaData = getEventSerializer().deserialize(new SerializedMetaData<>(
                CommitDocuments.firstMetaData(commit), String.class));
        return Optional.of(new StoredRequest(requestId, commit.getString(AGGREGATE_ID),
                                             CommitDocuments.payloadTypes(commit), Map.copyOf(metaData)));
    }

    /** The filters the streaming and per-case reads use, for index checks ({@code explain}) in tests. */
    public Bson streamingReadFilter(long fromPosition) {
        return in(ID, positions(fromPosition, settings.readWindow()));
    }

    public Bson caseReadFilter(String aggregateId) {
        return in(STREAM_KEY, LongStream.range(0, FIRST_CASE_WINDOW)
                                        .mapToObj(s -> CommitDocuments.streamKey(aggregateId, s)).toList());
    }

    public Bson requestLookupFilter(String requestId) {
        return eq(REQUEST_ID, requestId);
    }

    /**
     * Every aggregate whose identifier starts with the prefix, found by its first commit. A scan of the store: only
     * for rare lookups (which counties keep a unit directory).
     */
    public List<String> aggregateIdsStartingWith(String prefix) {
        return events.find(Filters.regex(STREAM_KEY, "^" + Pattern.quote(prefix) + "[^/]*/0$"))
                     .projection(Projections.include(AGGREGATE_ID))
                     .map(commit -> commit.getString(AGGREGATE_ID)).into(new ArrayList<>());
    }

    public MongoCollection<Document> eventsCollection() {
        return events;
    }

    /** Configures the engine; the database is required, everything else has a default. */
    public static class Builder extends AbstractEventStorageEngine.Builder {

        private MongoDatabase database;
        private EventStoreSettings settings = EventStoreSettings.DEFAULT;
        private CommitListener commitListener = CommitListener.NONE;
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
