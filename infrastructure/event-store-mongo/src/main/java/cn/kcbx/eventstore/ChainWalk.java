package cn.kcbx.eventstore;

import cn.kcbx.eventstore.BrokenLink.Kind;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.LongStream;

import static com.mongodb.client.model.Filters.in;

/**
 * Recomputes the cases' hash chains while walking the event log in position order, and compares them with signed
 * checkpoints. Shared by the checkpoint taker (which refuses to sign a broken history) and the verifier.
 *
 * <p>A case's events appear in position order in sequence order: a command on a case is only stored after the
 * case's earlier events were read, so its commit lands at a later position.
 */
final class ChainWalk {

    private static final int WINDOW = 256;

    /** A case's chain head: its last event's sequence and stored hash. */
    record Head(long lastSequence, String hash) {
    }

    private final Map<String, Head> heads = new HashMap<>();
    private final List<BrokenLink> brokenLinks = new ArrayList<>();
    private long brokenLinkCount;
    private long checkedEvents;
    private long emptyPositions;

    /** Starts from a checkpoint's heads instead of from nothing. */
    void seed(CheckpointEntry entry) {
        heads.put(entry.caseId(), new Head(entry.lastSequence(), entry.hash()));
    }

    /**
     * Walks the commits at positions {@code from..to} in order, calling {@code beforePosition} with each commit's
     * position before it is checked (for checkpoint boundaries).
     */
    void walk(MongoCollection<Document> events, long from, long to, LongConsumer beforePosition) {
        long next = from;
        while (next <= to) {
            long windowEnd = Math.min(to + 1, next + WINDOW);
            List<Long> ids = LongStream.range(next, windowEnd).boxed().toList();
            List<Document> window = events.find(in(CommitDocuments.ID, ids)).sort(Sorts.ascending(CommitDocuments.ID))
                                          .into(new ArrayList<>());
            for (Document commit : window) {
                long id = CommitDocuments.id(commit);
                if (id < next) {
                    continue;
                }
                emptyPositions += id - next;
                beforePosition.accept(id);
                if (CommitDocuments.isTombstone(commit)) {
                    emptyPositions++;
                } else {
                    check(id, commit);
                }
                next = CommitDocuments.lastPosition(commit) + 1;
            }
            if (next < windowEnd) {
                emptyPositions += windowEnd - next;
                next = windowEnd;
            }
        }
    }

    private void check(long firstPosition, Document commit) {
        List<ChainedEvent> events = CommitDocuments.chainedEvents(commit);
        for (int i = 0; i < events.size(); i++) {
            ChainedEvent event = events.get(i);
            if (event.aggregateId() != null) {
                check(firstPosition + i, event);
            }
        }
    }

    private void check(long position, ChainedEvent event) {
        String caseId = event.aggregateId();
        long sequence = event.sequence();
        Head head = heads.get(caseId);
        long expectedSequence = head == null ? 0 : head.lastSequence() + 1;
        String expectedPrevious = head == null ? EventChain.GENESIS : head.hash();
        checkedEvents++;
        if (!event.isChained()) {
            report(Kind.EVENT_ALTERED, caseId, sequence, position, null, "(hash)", null,
                   "事件的哈希字段被删除：案件 " + caseId + " 第 " + sequence + " 号事件（位置 " + position
                           + "）没有哈希，说明记录在数据库中被改动过");
            heads.put(caseId, new Head(sequence, event.hashAfter(expectedPrevious)));
            return;
        }
        if (sequence < expectedSequence) {
            report(Kind.CHAIN_BROKEN, caseId, sequence, position, null, null, event.hash(),
                   "事件顺序被打乱：案件 " + caseId + " 第 " + sequence + " 号事件（位置 " + position
                           + "）重复出现或出现在其后续事件之后");
            return;
        }
        String recomputed = event.hashAfter(event.prevHash());
        if (sequence > expectedSequence) {
            report(Kind.EVENT_MISSING, caseId, expectedSequence, position, null, event.prevHash(), expectedPrevious,
                   "事件缺失：案件 " + caseId + " 缺少第 " + expectedSequence
                           + (sequence - 1 > expectedSequence ? "–" + (sequence - 1) : "") + " 号事件（在位置 "
                           + position + " 的第 " + sequence + " 号事件之前），记录在数据库中被删除");
        } else if (recomputed.equals(event.hash()) && !expectedPrevious.equals(event.prevHash())) {
            report(Kind.CHAIN_BROKEN, caseId, sequence, position, null, expectedPrevious, event.prevHash(),
                   "事件链断开：案件 " + caseId + " 第 " + sequence + " 号事件（位置 " + position
                           + "）记录的前一哈希与前一事件不符，事件被替换或改写");
        }
        if (!recomputed.equals(event.hash())) {
            report(Kind.EVENT_ALTERED, caseId, sequence, position, null, event.hash(), recomputed,
                   "事件内容被篡改：案件 " + caseId + " 第 " + sequence + " 号事件（位置 " + position
                           + "）的内容与写入时的哈希不符");
        }
        // Continue from what is stored, so that one edit is reported once, not again for every later event.
        heads.put(caseId, new Head(sequence, event.hash()));
    }

    /** Compares the heads now (the walk has just passed the checkpoint's position) with the checkpoint's entries. */
    void compare(Checkpoint checkpoint, Iterable<CheckpointEntry> entries) {
        long number = checkpoint.number();
        Set<String> recorded = new HashSet<>();
        for (CheckpointEntry entry : entries) {
            recorded.add(entry.caseId());
            Head head = heads.get(entry.caseId());
            if (head == null) {
                report(Kind.CASE_MISSING, entry.caseId(), entry.lastSequence(), null, number, entry.hash(), null,
                       "案件缺失：第 " + number + " 号校验点记录的案件 " + entry.caseId() + "（共 "
                               + (entry.lastSequence() + 1) + " 个事件）已不在事件库中，整个案件被删除");
            } else if (head.lastSequence() < entry.lastSequence()) {
                report(Kind.EVENT_MISSING, entry.caseId(), head.lastSequence() + 1, null, number, entry.hash(),
                       head.hash(), "事件缺失：第 " + number + " 号校验点记录案件 " + entry.caseId() + " 已有第 "
                               + entry.lastSequence() + " 号事件，事件库中只到第 " + head.lastSequence()
                               + " 号，其后的事件被删除");
            } else if (head.lastSequence() > entry.lastSequence()) {
                report(Kind.EVENT_INSERTED, entry.caseId(), entry.lastSequence() + 1, null, number, entry.hash(),
                       head.hash(), "事件被插入：案件 " + entry.caseId() + " 第 " + (entry.lastSequence() + 1)
                               + " 号事件出现在第 " + number + " 号校验点所覆盖的位置（≤ " + checkpoint.upToPosition()
                               + "），但校验点签发时并不存在");
            } else if (!head.hash().equals(entry.hash())) {
                report(Kind.CHAIN_REWRITTEN, entry.caseId(), entry.lastSequence(), null, number, entry.hash(),
                       head.hash(), "案件被改写：案件 " + entry.caseId() + " 到第 " + entry.lastSequence()
                               + " 号事件为止的哈希与第 " + number + " 号校验点签名记录的不符，事件被改写并重算了哈希");
            }
        }
        for (Map.Entry<String, Head> head : heads.entrySet()) {
            if (!recorded.contains(head.getKey())) {
                report(Kind.EVENT_INSERTED, head.getKey(), 0L, null, number, null, head.getValue().hash(),
                       "案件被插入：案件 " + head.getKey() + " 出现在第 " + number + " 号校验点所覆盖的位置（≤ "
                               + checkpoint.upToPosition() + "），但校验点签发时并不存在");
            }
        }
    }

    void report(Kind kind, String caseId, Long sequence, Long position, Long checkpoint, String expectedHash,
                String actualHash, String message) {
        brokenLinkCount++;
        if (brokenLinks.size() < VerificationReport.MAX_REPORTED) {
            brokenLinks.add(new BrokenLink(kind, caseId, sequence, position, checkpoint, expectedHash, actualHash,
                                           message));
        }
    }

    /** The entries of a checkpoint at the current position: every case's head, sorted by case id. */
    List<CheckpointEntry> entries() {
        return heads.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new CheckpointEntry(e.getKey(), e.getValue().lastSequence(), e.getValue().hash()))
                    .toList();
    }

    List<BrokenLink> brokenLinks() {
        return brokenLinks;
    }

    long brokenLinkCount() {
        return brokenLinkCount;
    }

    long checkedEvents() {
        return checkedEvents;
    }

    long checkedCases() {
        return heads.size();
    }

    long emptyPositions() {
        return emptyPositions;
    }
}
