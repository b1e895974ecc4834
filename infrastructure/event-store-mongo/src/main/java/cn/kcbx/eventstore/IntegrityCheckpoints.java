package cn.kcbx.eventstore;

import cn.kcbx.eventstore.BrokenLink.Kind;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;

/**
 * Signed checkpoints over every case's chain head. A checkpoint is a small header in {@code integrity_checkpoints}
 * ({@code _id} = its number, claimed by the insert, so two takers never both get one number) and its entries in
 * chunks of {@value #CHUNK_SIZE} cases in {@code integrity_checkpoint_entries}, far below MongoDB's 16 MB per document.
 *
 * <p>A checkpoint continues from the previous one: it starts from that checkpoint's (verified) entries and walks only
 * the commits stored since, recomputing their chains. It refuses to sign a history whose chain is already broken.
 * Writers are never blocked: the walk reads up to the head it saw when it started.
 *
 * <p>Checkpoints form a chain of their own (each signs the previous one's digest), and the signer records the latest
 * one in its {@link CheckpointHeadFile} outside MongoDB, after the checkpoint is stored. Deleting the newest
 * checkpoints, or all of them, therefore leaves the store behind the head, and no new checkpoint is signed over
 * that (it would start the signed history afresh and hide the deletion). A crash between storing a checkpoint and
 * writing the head leaves the head one behind; the next {@link #catchUpHead} (at start and before every checkpoint)
 * moves it on to the stored, genuinely signed checkpoints that continue its chain.
 */
public class IntegrityCheckpoints {

    public static final String CHECKPOINTS_COLLECTION = "integrity_checkpoints";
    public static final String ENTRIES_COLLECTION = "integrity_checkpoint_entries";
    static final int CHUNK_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(IntegrityCheckpoints.class);
    private static final byte[] ROOT_TAG = "kcbx-integrity-entries-v1".getBytes(StandardCharsets.UTF_8);

    private final GapFreeMongoEventStorageEngine engine;
    private final MongoCollection<Document> checkpoints;
    private final MongoCollection<Document> entries;
    private final Supplier<SigningKey> signingKey;
    private final CheckpointHeadFile headFile;
    private final Clock clock;

    /**
     * @param signingKey supplies the key when a checkpoint is taken (so a service can start, and verify, without it)
     * @param headFile   the signer's record of its latest checkpoint, outside MongoDB (beside the key file)
     */
    public IntegrityCheckpoints(MongoDatabase database, GapFreeMongoEventStorageEngine engine,
                                Supplier<SigningKey> signingKey, CheckpointHeadFile headFile, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.checkpoints = database.getCollection(CHECKPOINTS_COLLECTION);
        this.entries = database.getCollection(ENTRIES_COLLECTION);
        this.signingKey = Objects.requireNonNull(signingKey);
        this.headFile = Objects.requireNonNull(headFile);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Takes a checkpoint at the current head of the log, or answers the latest one when nothing was stored since.
     *
     * @param trustedPublicKeys keys (besides the signing key) whose earlier checkpoints may be continued
     * @throws IntegrityViolationException when the history since the last checkpoint (or that checkpoint) is broken
     */
    public synchronized Checkpoint take(Set<String> trustedPublicKeys) {
        SigningKey key = signingKey.get();
        return headFile.exclusively(() -> takeHoldingTheHead(key, trustedPublicKeys));
    }

    private Checkpoint takeHoldingTheHead(SigningKey key, Set<String> trustedPublicKeys) {
        BrokenLink headProblem = catchUpHeadHoldingIt(key.publicKeyBase64(), trustedPublicKeys);
        if (headProblem != null) {
            throw new IntegrityViolationException(headProblem);
        }
        Optional<Checkpoint> latest = latest();
        long head = headPosition();
        if (latest.isPresent() && head <= latest.get().upToPosition()) {
            return latest.get();
        }
        ChainWalk walk = new ChainWalk();
        long from = 1;
        long number = 1;
        String previousDigest = EventChain.GENESIS;
        if (latest.isPresent()) {
            Checkpoint previous = latest.get();
            // Continue only a genuine checkpoint, so that a forged one is never carried forward under a new signature.
            BrokenLink problem = problemWith(previous, key.publicKeyBase64(), trustedPublicKeys);
            if (problem != null) {
                throw new IntegrityViolationException(problem);
            }
            entriesOf(previous).forEach(walk::seed);
            from = previous.upToPosition() + 1;
            number = previous.number() + 1;
            previousDigest = previous.digest();
        }
        walk.walk(engine.eventsCollection(), from, head, position -> { });
        if (walk.brokenLinkCount() > 0) {
            throw new IntegrityViolationException(walk.brokenLinks().get(0));
        }
        List<CheckpointEntry> caseHeads = walk.entries();
        String entriesId = UUID.randomUUID().toString();
        int chunkCount = (caseHeads.size() + CHUNK_SIZE - 1) / CHUNK_SIZE;
        Checkpoint unsigned = new Checkpoint(number, head, clock.instant().toString(), caseHeads.size(),
                                             rootHash(caseHeads), previousDigest, key.publicKeyBase64(), null,
                                             entriesId, chunkCount);
        Checkpoint checkpoint = withSignature(unsigned, key.sign(unsigned.signedContent()));
        // Entries first: a header never points at entries that are not there yet.
        for (int chunk = 0; chunk < chunkCount; chunk++) {
            List<Document> rows = caseHeads.subList(chunk * CHUNK_SIZE,
                                                    Math.min(caseHeads.size(), (chunk + 1) * CHUNK_SIZE))
                                           .stream().map(IntegrityCheckpoints::entryDocument).toList();
            entries.insertOne(new Document("_id", chunkId(entriesId, chunk)).append("entries", rows));
        }
        try {
            checkpoints.insertOne(headerDocument(checkpoint));
        } catch (MongoWriteException e) {
            entries.deleteMany(in("_id", chunkIds(entriesId, chunkCount)));
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                // Another signer (with a head file of its own) was first: take its checkpoint over if it is genuine.
                log.info("Checkpoint {} was taken by another process at the same time; using it", number);
                BrokenLink problem = catchUpHeadHoldingIt(key.publicKeyBase64(), trustedPublicKeys);
                if (problem != null) {
                    throw new IntegrityViolationException(problem);
                }
                return byNumber(number).orElseThrow();
            }
            throw e;
        }
        // Only now that it is stored: a crash before this line leaves the head one behind, which catchUpHead mends.
        headFile.write(CheckpointHead.of(checkpoint));
        log.info("Integrity checkpoint {} signed: up to position {}, {} cases, root hash {}", number, head,
                 caseHeads.size(), checkpoint.rootHash());
        return checkpoint;
    }

    /**
     * Compares the stored checkpoints with the signer's head and moves the head on to stored checkpoints after it
     * that are genuinely signed and continue its chain (left there by a crash between storing a checkpoint and
     * writing the head, by another signer, or found by a signer whose head file is new). Called at start and before
     * every checkpoint.
     *
     * @return what is wrong (the store is behind the head, or holds another checkpoint under the head's number), or
     *         null when the store agrees with the head
     */
    public synchronized BrokenLink catchUpHead(Set<String> trustedPublicKeys) {
        String publicKey = signingKey.get().publicKeyBase64();
        return headFile.exclusively(() -> catchUpHeadHoldingIt(publicKey, trustedPublicKeys));
    }

    private BrokenLink catchUpHeadHoldingIt(String signingPublicKey, Set<String> trustedPublicKeys) {
        Optional<CheckpointHead> head;
        try {
            head = head();
        } catch (IntegrityViolationException e) {
            return e.brokenLink();
        }
        Checkpoint vouched = null;
        if (head.isPresent()) {
            Optional<Checkpoint> atHead = byNumber(head.get().number());
            if (atHead.isEmpty()) {
                return missingFromHead(head.get(), latest().map(Checkpoint::number).orElse(0L));
            }
            if (!head.get().names(atHead.get())) {
                return headMismatch(head.get(), atHead.get());
            }
            vouched = atHead.get();
        }
        Checkpoint adopted = vouched;
        for (Document document : checkpoints.find(gt("_id", vouched == null ? 0L : vouched.number()))
                                            .sort(Sorts.ascending("_id"))) {
            Checkpoint next = header(document);
            BrokenLink problem = placeInChain(adopted, next);
            if (problem == null) {
                problem = signatureProblem(next, signingPublicKey, trustedPublicKeys);
            }
            if (problem != null) {
                return problem;
            }
            adopted = next;
        }
        if (adopted != vouched) {
            headFile.write(CheckpointHead.of(adopted));
            if (vouched == null) {
                log.warn("The checkpoint head file {} was missing; it now records the stored checkpoints up to {}. "
                                 + "From now on, deleting checkpoints from MongoDB is detected", headFile.file(),
                         adopted.number());
            } else {
                log.warn("The checkpoint head file was behind the store (a crash after storing a checkpoint, or "
                                 + "another signer): moved from checkpoint {} to {}", vouched.number(), adopted.number());
            }
        }
        return null;
    }

    /**
     * The signer's head: the latest checkpoint as recorded outside MongoDB, or empty when none was recorded yet.
     *
     * @throws IntegrityViolationException when the head file is there but unreadable
     */
    public Optional<CheckpointHead> head() {
        try {
            return headFile.read();
        } catch (IllegalStateException e) {
            throw new IntegrityViolationException(new BrokenLink(
                    Kind.CHECKPOINT_HEAD_MISMATCH, null, null, null, null, null, null,
                    "库外记录最新校验点的文件（" + headFile.file() + "）无法读取或内容不完整：" + e.getMessage()
                            + "。无法确认库中的校验点是否被删除，请从备份恢复该文件或检查是否被改动"));
        }
    }

    /** Checkpoints up to the head's number are missing from the store (deleted after they were signed). */
    static BrokenLink missingFromHead(CheckpointHead head, long latestStoredNumber) {
        long firstMissing = latestStoredNumber < head.number() ? latestStoredNumber + 1 : head.number();
        String which = firstMissing == head.number() ? "第 " + head.number() + " 号校验点"
                : "第 " + firstMissing + "–" + head.number() + " 号校验点";
        String stored = latestStoredNumber == 0 ? "库中一个校验点也没有" : "库中最新的是第 " + latestStoredNumber + " 号";
        return new BrokenLink(Kind.CHECKPOINT_MISSING, null, null, null, firstMissing, head.digest(), null,
                              "校验点被删除：" + which + "已不在库中。签发方在数据库之外记录的最新校验点是第 "
                                      + head.number() + " 号，而" + stored
                                      + "；删除校验点可能是为了掩盖此后对事件记录的改动");
    }

    /** The store holds a different checkpoint under the head's number: the signed history was replaced. */
    static BrokenLink headMismatch(CheckpointHead head, Checkpoint stored) {
        return new BrokenLink(Kind.CHECKPOINT_HEAD_MISMATCH, null, null, stored.upToPosition(), head.number(),
                              head.digest(), stored.digest(),
                              "第 " + head.number() + " 号校验点与签发方在数据库之外记录的不符：库中的校验点链已被替换"
                                      + "（例如用泄露的密钥重新签发）");
    }

    /**
     * Whether {@code checkpoint} follows {@code previous} (null: it should be the first): the next number, and the
     * previous checkpoint's digest signed into it. Null when it does.
     */
    static BrokenLink placeInChain(Checkpoint previous, Checkpoint checkpoint) {
        long expectedNumber = previous == null ? 1 : previous.number() + 1;
        if (checkpoint.number() != expectedNumber) {
            return new BrokenLink(Kind.CHECKPOINT_MISSING, null, null, null, expectedNumber, null, null,
                                  "校验点缺失：第 " + expectedNumber + (checkpoint.number() - 1 > expectedNumber
                                          ? "–" + (checkpoint.number() - 1) : "") + " 号校验点已被删除");
        }
        String expectedDigest = previous == null ? EventChain.GENESIS : previous.digest();
        if (!checkpoint.previousDigest().equals(expectedDigest)) {
            return new BrokenLink(Kind.CHECKPOINT_MISSING, null, null, null, checkpoint.number(), expectedDigest,
                                  checkpoint.previousDigest(),
                                  "校验点链断开：第 " + checkpoint.number() + " 号校验点记录的前一校验点摘要与实际不符，"
                                          + "前面的校验点被替换或改动");
        }
        return null;
    }

    /** Where the signer records its latest checkpoint, outside MongoDB. */
    public Path headFile() {
        return headFile.file();
    }

    /** Every checkpoint header, by number. */
    public List<Checkpoint> all() {
        List<Checkpoint> result = new ArrayList<>();
        for (Document document : checkpoints.find().sort(Sorts.ascending("_id"))) {
            result.add(header(document));
        }
        return result;
    }

    public Optional<Checkpoint> latest() {
        return Optional.ofNullable(checkpoints.find().sort(Sorts.descending("_id")).limit(1).first())
                       .map(IntegrityCheckpoints::header);
    }

    public boolean isEmpty() {
        return checkpoints.find().limit(1).first() == null;
    }

    Optional<Checkpoint> byNumber(long number) {
        return Optional.ofNullable(checkpoints.find(eq("_id", number)).first()).map(IntegrityCheckpoints::header);
    }

    /** The stored entries of a checkpoint, in stored order (a missing chunk simply contributes none). */
    public List<CheckpointEntry> entriesOf(Checkpoint checkpoint) {
        List<CheckpointEntry> result = new ArrayList<>();
        List<String> ids = chunkIds(checkpoint.entriesId(), checkpoint.chunkCount());
        List<Document> chunks = entries.find(in("_id", ids)).into(new ArrayList<>());
        chunks.sort(Comparator.comparingInt(chunk -> ids.indexOf(chunk.getString("_id"))));
        for (Document chunk : chunks) {
            for (Document row : chunk.getList("entries", Document.class)) {
                result.add(new CheckpointEntry(row.getString("caseId"), row.get("lastSequence", Number.class)
                                                                           .longValue(), row.getString("hash")));
            }
        }
        return result;
    }

    /**
     * What is wrong with a checkpoint on its own (untrusted key, bad signature, entries not matching the signed root
     * hash), or null when it is genuine.
     */
    BrokenLink problemWith(Checkpoint checkpoint, String signingPublicKey, Set<String> trustedPublicKeys) {
        BrokenLink signatureProblem = signatureProblem(checkpoint, signingPublicKey, trustedPublicKeys);
        if (signatureProblem != null) {
            return signatureProblem;
        }
        List<CheckpointEntry> stored = entriesOf(checkpoint);
        String root = rootHash(stored);
        if (stored.size() != checkpoint.caseCount() || !root.equals(checkpoint.rootHash())) {
            long number = checkpoint.number();
            return new BrokenLink(Kind.CHECKPOINT_CONTENT_INVALID, null, null, checkpoint.upToPosition(), number,
                                  checkpoint.rootHash(), root,
                                  "第 " + number + " 号校验点的案件清单与签名的根哈希不符：清单在签发后被改动或删除（应有 "
                                          + checkpoint.caseCount() + " 个案件，现有 " + stored.size() + " 个）");
        }
        return null;
    }

    /** Whether the header is signed by a trusted key and its signature matches; null when it is. */
    private static BrokenLink signatureProblem(Checkpoint checkpoint, String signingPublicKey,
                                               Set<String> trustedPublicKeys) {
        long number = checkpoint.number();
        if (!Objects.equals(checkpoint.publicKey(), signingPublicKey)
                && (trustedPublicKeys == null || !trustedPublicKeys.contains(checkpoint.publicKey()))) {
            return new BrokenLink(Kind.CHECKPOINT_KEY_UNTRUSTED, null, null, null, number, null, null,
                                  "第 " + number + " 号校验点的签名公钥不在受信任的公钥之列（签名密钥文件或 "
                                          + "kcbx.integrity.trusted-public-keys），无法确认它是本系统签发的");
        }
        if (!checkpoint.signatureValid()) {
            return new BrokenLink(Kind.CHECKPOINT_SIGNATURE_INVALID, null, null, checkpoint.upToPosition(), number,
                                  null, null, "第 " + number + " 号校验点的签名无效：校验点内容在签发后被改动");
        }
        return null;
    }

    /** The hash over entries in case-id order; any added, removed or changed entry changes it. */
    static String rootHash(List<CheckpointEntry> entries) {
        EventChain.Encoder encoder = new EventChain.Encoder(ROOT_TAG);
        encoder.number(entries.size());
        for (CheckpointEntry entry : entries) {
            encoder.text(entry.caseId()).number(entry.lastSequence()).text(entry.hash());
        }
        return encoder.digestHex();
    }

    long headPosition() {
        TrackingToken head = engine.createHeadToken();
        return head == null ? 0 : ((GlobalSequenceTrackingToken) head).getGlobalIndex();
    }

    MongoCollection<Document> eventsCollection() {
        return engine.eventsCollection();
    }

    private static Checkpoint withSignature(Checkpoint c, String signature) {
        return new Checkpoint(c.number(), c.upToPosition(), c.takenAt(), c.caseCount(), c.rootHash(),
                              c.previousDigest(), c.publicKey(), signature, c.entriesId(), c.chunkCount());
    }

    private static Document headerDocument(Checkpoint c) {
        return new Document("_id", c.number())
                .append("upToPosition", c.upToPosition())
                .append("takenAt", c.takenAt())
                .append("caseCount", c.caseCount())
                .append("rootHash", c.rootHash())
                .append("previousDigest", c.previousDigest())
                .append("algorithm", SigningKey.ALGORITHM)
                .append("publicKey", c.publicKey())
                .append("signature", c.signature())
                .append("entriesId", c.entriesId())
                .append("chunkCount", c.chunkCount());
    }

    private static Checkpoint header(Document d) {
        return new Checkpoint(d.get("_id", Number.class).longValue(), d.get("upToPosition", Number.class).longValue(),
                              d.getString("takenAt"), d.get("caseCount", Number.class).longValue(),
                              d.getString("rootHash"), d.getString("previousDigest"), d.getString("publicKey"),
                              d.getString("signature"), d.getString("entriesId"),
                              d.get("chunkCount", Number.class).intValue());
    }

    private static Document entryDocument(CheckpointEntry entry) {
        return new Document("caseId", entry.caseId()).append("lastSequence", entry.lastSequence())
                                                     .append("hash", entry.hash());
    }

    private static String chunkId(String entriesId, int chunk) {
        return entriesId + "/" + chunk;
    }

    private static List<String> chunkIds(String entriesId, int chunkCount) {
        return IntStream.range(0, chunkCount).mapToObj(chunk -> chunkId(entriesId, chunk)).toList();
    }
}
