package cn.kcbx.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static cn.kcbx.eventstore.CommitDocuments.ID;

/**
 * Reads the global log in position order for tracking processors, never stepping over a missing position. The write
 * protocol leaves no such holes; if one appears anyway (a commit deleted by hand, a foreign writer), the reader waits
 * {@link EventStoreSettings#holeTimeout()} on its own monotonic clock ({@link HoleTracker}) and then fills it with a
 * tombstone, as Axon's gap-aware tokens would give up a gap, yet the token stays one number.
 */
final class StreamingReader {

    private static final Logger log = LoggerFactory.getLogger(StreamingReader.class);
    private static final int MAX_READ_ROUNDS = 1000;

    private final MongoCollection<Document> events;
    private final EventStoreSettings settings;
    private final Clock clock;
    private final HoleTracker holes;

    StreamingReader(MongoCollection<Document> events, EventStoreSettings settings, Clock clock,
                    LongSupplier nanoClock) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.holes = new HoleTracker(settings.holeTimeout(), nanoClock);
    }

    /** At most one batch of the events after {@code token}; empty when the reader has caught up (or must wait). */
    Stream<? extends TrackedEventData<?>> read(TrackingToken token) {
        long expected = positionAfter(token);
        List<TrackedEventData<?>> batch = new ArrayList<>();
        for (int round = 0; round < MAX_READ_ROUNDS && batch.size() < settings.readBatchSize(); round++) {
            List<Document> window = window(expected);
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
    private List<Document> window(long expected) {
        long from = Math.max(1, expected - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        int size = (int) (expected - from) + settings.readWindow();
        List<Document> window = events.find(CommitDocuments.atPositions(from, size)).sort(Sorts.ascending(ID))
                                      .into(new ArrayList<>());
        window.removeIf(document -> CommitDocuments.lastPosition(document) < expected);
        return window;
    }

    /** Delivers the commits of {@code window} that continue at {@code expected}; answers the next expected position. */
    private static long deliverContiguous(List<Document> window, long expected, List<TrackedEventData<?>> batch) {
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

    /** Fills {@code first..last} with tombstones, in order, stopping at the first position already written. */
    private long tombstone(long first, long last) {
        for (long position = first; position <= last; position++) {
            try {
                events.insertOne(CommitDocuments.tombstone(position, CommitDocuments.stamp(clock)));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return position - 1;
                }
                throw e;
            }
        }
        return last;
    }
}
