package cn.kcbx.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import cn.kcbx.eventstore.BrokenLink.Kind;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.nio.charset.StandardCharsets;
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
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed checkpoints over every case's chain head. A checkpoint is a small header in {@code integrity_checkpoints}
 * ({@code _id} = its number, claimed by the insert, so two takers never both get one number) and its entries in
 * chunks of {@value #CHUNK_SIZE} cases in {@code integrity_checkpoint_entries}, far below MongoDB's 16 MB per document.
 *
 * <p>A checkpoint continues from the previous one: it starts from that checkpoint's (verified) entries and walks only
 * the commits stored since, recomputing their chains. It refuses to sign a history whose chain is already broken.
 * Writers are never blocked: the walk reads up to the head it saw when it started.
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
    private final Clock clock;

    /**
     * @param signingKey supplies the key when a checkpoint is taken (so a service can start, and verify, without it)
     */
    public IntegrityCheckpoints(MongoDatabase database, GapFreeMongoEventStorageEngine engine,
                                Supplier<SigningKey> signingKey, Clock clock) {
        this.engine = Objects.requireNonNull(engine);
        this.checkpoints = database.getCollection(CHECKPOINTS_COLLECTION);
        this.entries = database.getCollection(ENTRIES_COLLECTION);
        this.signingKey = Objects.requireNonNull(signingKey);
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
                log.info("Checkpoint {} was taken by another process at the same time; using it", number);
                return byNumber(number).orElseThrow();
            }
            throw e;
        }
        log.info("Integrity checkpoint {} signed: up to position {}, {} cases, root hash {}", number, head,
                 caseHeads.size(), checkpoint.rootHash());
        return checkpoint;
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
        List<CheckpointEntry> stored = entriesOf(checkpoint);
        String root = rootHash(stored);
        if (stored.size() != checkpoint.caseCount() || !root.equals(checkpoint.rootHash())) {
            return new BrokenLink(Kind.CHECKPOINT_CONTENT_INVALID, null, null, checkpoint.upToPosition(), number,
                                  checkpoint.rootHash(), root,
                                  "第 " + number + " 号校验点的案件清单与签名的根哈希不符：清单在签发后被改动或删除（应有 "
                                          + checkpoint.caseCount() + " 个案件，现有 " + stored.size() + " 个）");
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
