package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static cn.kcbx.eventstore.CommitDocuments.AGGREGATE_ID;
import static cn.kcbx.eventstore.CommitDocuments.STREAM_KEY;
import static com.mongodb.client.model.Filters.eq;

/**
 * The hash a case's next event chains from ({@link EventChain}): the last hash of the case's previous commit. It
 * depends on the case only, never on the global position, so an append retried at another position keeps its
 * hashes, and it needs no lock: if two writers extend a case at the same time, the unique streamKey lets only one of
 * the two commits in, and the loser ({@link CaseChangedConcurrentlyException}) is decided again by the case service
 * on the new state.
 */
final class ChainHeads {

    private static final Logger log = LoggerFactory.getLogger(ChainHeads.class);
    private static final int MAX_REMEMBERED = 10_000;

    private record Head(long lastSequence, String hash) {
    }

    private final MongoCollection<Document> events;
    /**
     * The heads of cases this process recently read or wrote, so that an append usually needs no extra read. Only a
     * hint: it is used only when it names exactly the sequence before the append, and an append on a stale head cannot
     * land, because the unique streamKey rejects it.
     */
    private final Map<String, Head> recent = new ConcurrentHashMap<>();

    ChainHeads(MongoCollection<Document> events) {
        this.events = events;
    }

    /**
     * The hash of the case's event before {@code sequence}: remembered, else found by the previous commit's unique
     * streamKey (usually the commit starting right before, else one of the few that could end there).
     */
    String previousHash(String aggregateId, long sequence) {
        if (sequence == 0) {
            return EventChain.GENESIS;
        }
        Head known = recent.get(aggregateId);
        if (known != null && known.lastSequence() == sequence - 1) {
            return known.hash();
        }
        Document previous = events.find(eq(STREAM_KEY, CommitDocuments.streamKey(aggregateId, sequence - 1))).first();
        if (previous == null || CommitDocuments.lastSequence(previous) != sequence - 1) {
            previous = commitEndingAt(aggregateId, sequence - 1);
        }
        if (previous == null) {
            log.warn("Case {} has no stored event {} before the one being appended: chaining from the genesis hash",
                     aggregateId, sequence - 1);
            return EventChain.GENESIS;
        }
        return headOf(previous);
    }

    /** Whether this process last saw the case with fewer than {@code events} events (a hint: it may have grown since). */
    boolean lastSeenShorterThan(String aggregateId, int events) {
        long last = lastSeenSequence(aggregateId);
        return last >= 0 && last + 1 < events;
    }

    /** The case's last sequence when this process last read or wrote it, or -1 (a hint: it may have grown since). */
    long lastSeenSequence(String aggregateId) {
        Head known = recent.get(aggregateId);
        return known == null ? -1 : known.lastSequence();
    }

    /** Remembers the head a case has after {@code commit} (just read or written). */
    void remember(Document commit) {
        String aggregateId = commit.getString(AGGREGATE_ID);
        if (aggregateId == null || CommitDocuments.lastHash(commit) == null) {
            return;
        }
        if (recent.size() >= MAX_REMEMBERED) {
            recent.clear(); // crude, but cheap and without a lock: a miss only costs one indexed read
        }
        recent.put(aggregateId, new Head(CommitDocuments.lastSequence(commit), headOf(commit)));
    }

    /**
     * The stored hash of the commit's last event. If someone removed it from the record, the hash its stored fields
     * and prevHash give: the verifier reports that event and continues from that value too, so the next event is not
     * reported as well.
     */
    private static String headOf(Document commit) {
        List<ChainedEvent> chained = CommitDocuments.chainedEvents(commit);
        ChainedEvent last = chained.get(chained.size() - 1);
        return last.isChained() ? last.hash() : last.hashAfter(last.prevHash());
    }

    private Document commitEndingAt(String aggregateId, long lastSequence) {
        long from = Math.max(0, lastSequence - EventStoreSettings.MAX_EVENTS_PER_COMMIT + 1);
        return events.find(CommitDocuments.caseCommitsStartingIn(aggregateId, from, lastSequence + 1))
                     .into(new ArrayList<>()).stream()
                     .filter(d -> CommitDocuments.lastSequence(d) == lastSequence)
                     .findFirst().orElse(null);
    }
}
