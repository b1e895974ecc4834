package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventhandling.DomainEventData;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static cn.kcbx.eventstore.CommitDocuments.AGGREGATE_ID;
import static cn.kcbx.eventstore.CommitDocuments.STREAM_KEY;

/**
 * Reads one aggregate's events by {@code $in} lookups on its commits' unique streamKeys. The first lookup is small
 * (most cases, and most reads after a snapshot, are short) unless this process has seen the case longer, and each
 * further one twice as large, up to the read window.
 */
final class CaseReader {

    /** How many sequence numbers the first lookup of a case covers. */
    static final int FIRST_WINDOW = 16;

    private final MongoCollection<Document> events;
    private final int readWindow;
    private final ChainHeads chainHeads;

    CaseReader(MongoCollection<Document> events, int readWindow, ChainHeads chainHeads) {
        this.events = events;
        this.readWindow = readWindow;
        this.chainHeads = chainHeads;
    }

    Stream<? extends DomainEventData<?>> read(String aggregateId, long firstSequence) {
        List<Document> commits = commits(aggregateId, firstSequence, false);
        if (!commits.isEmpty()) {
            chainHeads.remember(commits.get(commits.size() - 1)); // the next command on this case chains from here
        }
        return commits.stream().flatMap(commit -> CommitDocuments.events(commit).stream())
                      .filter(event -> event.getSequenceNumber() >= firstSequence);
    }

    Optional<Long> lastSequenceNumber(String aggregateId) {
        // Only the commits' headers: a county's directory may hold hundreds of events in one commit.
        List<Document> commits = commits(aggregateId, 0, true);
        return commits.isEmpty() ? Optional.empty()
                : Optional.of(CommitDocuments.lastSequence(commits.get(commits.size() - 1)));
    }

    /** See {@link GapFreeMongoEventStorageEngine#aggregateIdsStartingWith}: a scan, for rare lookups only. */
    List<String> aggregateIdsStartingWith(String prefix) {
        return events.find(Filters.regex(STREAM_KEY, "^" + Pattern.quote(prefix) + "[^/]*/0$"))
                     .projection(Projections.include(AGGREGATE_ID))
                     .map(commit -> commit.getString(AGGREGATE_ID)).into(new ArrayList<>());
    }

    /** The aggregate's commits from the one holding {@code firstSequence} on; without their events when asked. */
    private List<Document> commits(String aggregateId, long firstSequence, boolean headersOnly) {
        List<Document> result = new ArrayList<>();
        long expected = firstSequence;
        if (firstSequence > 0) {
            Document covering = commitCovering(aggregateId, firstSequence);
            if (covering != null) {
                result.add(covering);
                expected = CommitDocuments.lastSequence(covering) + 1;
            }
        }
        // A case this process has seen is read in one window up to one past the end it had then, if it has not grown.
        long seenUpTo = chainHeads.lastSeenSequence(aggregateId) + 2;
        int windowSize = (int) Math.min(readWindow, Math.max(FIRST_WINDOW, seenUpTo - expected));
        while (true) {
            long windowEnd = expected + windowSize;
            List<Document> found = events.find(CommitDocuments.caseCommitsStartingIn(aggregateId, expected, windowEnd))
                                         .projection(headersOnly ? Projections.exclude(CommitDocuments.EVENTS) : null)
                                         .into(new ArrayList<>());
            found.sort(Comparator.comparingLong(CommitDocuments::firstSequence));
            for (Document commit : found) {
                if (CommitDocuments.firstSequence(commit) != expected) {
                    return result;
                }
                result.add(commit);
                expected = CommitDocuments.lastSequence(commit) + 1;
            }
            if (expected < windowEnd) {
                return result; // the next commit would have started inside this window
            }
            windowSize = Math.min(windowSize * 2, readWindow);
        }
    }

    /** The commit that starts before {@code sequence} and holds it, if any. */
    private Document commitCovering(String aggregateId, long sequence) {
        long from = Math.max(0, sequence - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        if (from >= sequence) {
            return null;
        }
        return events.find(CommitDocuments.caseCommitsStartingIn(aggregateId, from, sequence))
                     .into(new ArrayList<>()).stream()
                     .filter(d -> CommitDocuments.lastSequence(d) >= sequence)
                     .findFirst().orElse(null);
    }
}
