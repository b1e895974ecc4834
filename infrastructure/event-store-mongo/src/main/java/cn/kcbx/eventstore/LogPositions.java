package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static cn.kcbx.eventstore.CommitDocuments.COMMITTED_AT;
import static cn.kcbx.eventstore.CommitDocuments.ID;

/**
 * Where things are in the global log: its end, the event at a position, and the tokens Axon asks for. Commits hold at
 * most {@link EventStoreSettings#MAX_EVENTS_PER_COMMIT} positions and leave no gaps, so every answer is a few indexed
 * window probes, never a scan or a sort over the collection.
 */
final class LogPositions {

    private final MongoCollection<Document> events;
    private final int readWindow;

    LogPositions(MongoCollection<Document> events, int readWindow) {
        this.events = events;
        this.readWindow = readWindow;
    }

    /** The position after the last commit. */
    long end() {
        return endFrom(lastCommitStart());
    }

    /** Walks contiguous commits from {@code position} on; answers the position after the last of them. */
    long endFrom(long position) {
        long next = position;
        while (true) {
            List<Document> window = events.find(CommitDocuments.atPositions(next, readWindow))
                                          .sort(Sorts.ascending(ID)).into(new ArrayList<>());
            long before = next;
            for (Document document : window) {
                if (CommitDocuments.id(document) == next) {
                    next = CommitDocuments.lastPosition(document) + 1;
                }
            }
            if (next == before || next < before + readWindow) {
                return Math.max(next, 1);
            }
        }
    }

    /**
     * The start of the last commit, found with O(log n) window probes: a window of
     * {@link EventStoreSettings#MAX_EVENTS_PER_COMMIT} positions holds a commit start exactly when it does not lie
     * beyond the last commit.
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
        return events.find(CommitDocuments.atPositions(from, EventStoreSettings.MAX_EVENTS_PER_COMMIT)).first() != null;
    }

    /** The position of the last commit: a processor starting here sees only what is appended later. */
    TrackingToken headToken() {
        long head = end() - 1;
        return head == 0 ? null : new GlobalSequenceTrackingToken(head);
    }

    /** The position just before the first commit stored at or after {@code dateTime} (by its writer's clock). */
    TrackingToken tokenAt(Instant dateTime) {
        long low = 1;
        long high = end() - 1;
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
        for (long start = from; start <= to; start += readWindow) {
            Document found = events.find(CommitDocuments.atPositions(start, (int) Math.min(readWindow, to - start + 1)))
                                   .sort(Sorts.ascending(ID)).into(new ArrayList<>()).stream()
                                   .filter(d -> !CommitDocuments.isTombstone(d)).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** See {@link GapFreeMongoEventStorageEngine#eventIdentifierAt}. One indexed lookup. */
    Optional<String> eventIdentifierAt(long position) {
        if (position < 1) {
            return Optional.empty();
        }
        long from = Math.max(1, position - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        for (Document commit : events.find(CommitDocuments.atPositions(from, (int) (position - from + 1)))) {
            if (CommitDocuments.id(commit) <= position && CommitDocuments.lastPosition(commit) >= position) {
                return CommitDocuments.isTombstone(commit) ? Optional.empty()
                        : Optional.of(CommitDocuments.eventId(commit, (int) (position - CommitDocuments.id(commit))));
            }
        }
        return Optional.empty();
    }
}
