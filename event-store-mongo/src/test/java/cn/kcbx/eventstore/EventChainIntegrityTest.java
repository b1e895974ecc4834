package cn.kcbx.eventstore;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.kcbx.eventstore.BrokenLink.Kind;
import com.mongodb.client.MongoCollection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper evidence of the event store: every case's events are hash-chained as stored, signed checkpoints record
 * every case's chain head, and the verifier finds the first broken link when someone edits MongoDB directly.
 */
class EventChainIntegrityTest {

    @TempDir
    Path keyDirectory;

    private final TestStore store = new TestStore(Duration.ofMinutes(5), CommitListener.NONE);
    private final MongoCollection<Document> events = store.database.getCollection("events");
    private SigningKey key;
    private IntegrityCheckpoints checkpoints;

    private IntegrityCheckpoints checkpoints() {
        if (checkpoints == null) {
            key = SigningKey.create(keyDirectory.resolve("signing.key"));
            checkpoints = new IntegrityCheckpoints(store.database, store.engine, () -> key, Clock.systemUTC());
        }
        return checkpoints;
    }

    private VerificationReport verify() {
        checkpoints();
        return new IntegrityVerifier(checkpoints).verify(key.publicKeyBase64(), Set.of());
    }

    private Document commitAt(long position) {
        return events.find(eq("_id", position)).first();
    }

    @SuppressWarnings("unchecked")
    private static List<Document> eventsOf(Document commit) {
        return (List<Document>) commit.get("events");
    }

    // ------------------------------------------------------------------ the chain as stored

    @Test
    void eachEventCarriesThePreviousHash_fromGenesis_acrossAndWithinCommits() {
        store.append("case-a", 0, 1);   // position 1
        store.append("case-b", 0, 2);   // 2..3
        store.append("case-a", 1, 3);   // 4..6

        List<Document> a1 = eventsOf(commitAt(1));
        List<Document> a2 = eventsOf(commitAt(4));
        assertThat(a1.get(0).getString("prevHash")).isEqualTo(EventChain.GENESIS);
        assertThat(a2.get(0).getString("prevHash")).isEqualTo(a1.get(0).getString("hash"));
        assertThat(a2.get(1).getString("prevHash")).isEqualTo(a2.get(0).getString("hash"));
        assertThat(a2.get(2).getString("prevHash")).isEqualTo(a2.get(1).getString("hash"));
        assertThat(eventsOf(commitAt(2)).get(0).getString("prevHash")).isEqualTo(EventChain.GENESIS);
        // The hash covers the payload exactly as stored (whatever is inside it, e.g. ciphertext).
        Document stored = a2.get(1);
        assertThat(stored.getString("hash")).hasSize(64).isEqualTo(EventChain.hash(
                "case-a", 2, stored.getString("eventId"), stored.getString("timestamp"),
                stored.getString("payloadType"), stored.getString("payloadRevision"), stored.getString("payload"),
                stored.getString("metaData"), stored.getString("prevHash")));
    }

    @Test
    void eventsWithoutACase_areNotChained_andDoNotDisturbTheChains() {
        store.append("case-a", 0, 1);
        store.engine.appendEvents(org.axonframework.eventhandling.GenericEventMessage.asEventMessage("no case"));
        store.append("case-a", 1, 1);

        assertThat(eventsOf(commitAt(2)).get(0).containsKey("hash")).isFalse();
        assertThat(eventsOf(commitAt(3)).get(0).getString("prevHash"))
                .isEqualTo(eventsOf(commitAt(1)).get(0).getString("hash"));
        checkpoints().take(Set.of());
        VerificationReport report = verify();
        assertThat(report.ok()).isTrue();
        assertThat(report.checkedEvents()).isEqualTo(2);
    }

    @Test
    void aCleanStore_withCheckpointsAndEventsAfterThem_verifiesOk() {
        store.append("case-a", 0, 2);
        store.append("case-b", 0, 1);
        Checkpoint first = checkpoints().take(Set.of());
        store.append("case-a", 2, 1);
        store.append("case-c", 0, 3);
        Checkpoint second = checkpoints().take(Set.of());
        // Nothing new: the latest checkpoint is answered, no empty one is added.
        assertThat(checkpoints().take(Set.of())).isEqualTo(second);
        store.append("case-b", 1, 1);

        assertThat(first.number()).isEqualTo(1);
        assertThat(first.upToPosition()).isEqualTo(3);
        assertThat(first.caseCount()).isEqualTo(2);
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.caseCount()).isEqualTo(3);
        assertThat(second.previousDigest()).isEqualTo(first.digest());
        assertThat(checkpoints().entriesOf(second)).extracting(CheckpointEntry::caseId, CheckpointEntry::lastSequence)
                                                   .containsExactly(org.assertj.core.groups.Tuple.tuple("case-a", 2L),
                                                                    org.assertj.core.groups.Tuple.tuple("case-b", 0L),
                                                                    org.assertj.core.groups.Tuple.tuple("case-c", 2L));
        store.append("case-d", 0, 1);

        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report).isTrue();
        assertThat(report.firstBrokenLink()).isNull();
        assertThat(report.checkedEvents()).isEqualTo(9);
        assertThat(report.checkedCases()).isEqualTo(4);
        assertThat(report.checkpointsChecked()).isEqualTo(2);
        assertThat(report.emptyPositions()).isZero();
    }

    @Test
    void anEmptyStore_verifiesOk_andItsFirstCheckpointHoldsNoCase() {
        Checkpoint checkpoint = checkpoints().take(Set.of());
        VerificationReport report = verify();

        assertThat(checkpoint.caseCount()).isZero();
        assertThat(report.ok()).isTrue();
        assertThat(report.checkedEvents()).isZero();
    }

    // ------------------------------------------------------------------ tampering with events

    @Test
    void aPayloadEditedInMongoDb_isReportedAsThatEvent() {
        store.append("case-a", 0, 2);   // 1..2
        store.append("case-b", 0, 3);   // 3..5
        store.append("case-b", 3, 1);   // 6
        events.updateOne(eq("_id", 3L), set("events.1.payload",
                                            "{\"caseId\":\"case-b\",\"sequence\":1,\"note\":\"edited\"}"));

        VerificationReport report = verify();

        assertThat(report.ok()).isFalse();
        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.EVENT_ALTERED);
        assertThat(link.caseId()).isEqualTo("case-b");
        assertThat(link.sequence()).isEqualTo(1);
        assertThat(link.position()).isEqualTo(4);
        assertThat(link.expectedHash()).isEqualTo(eventsOf(commitAt(3)).get(1).getString("hash"));
        assertThat(link.actualHash()).isNotEqualTo(link.expectedHash()).hasSize(64);
        assertThat(link.message()).containsPattern("\\p{IsHan}").contains("case-b");
        assertThat(report.brokenLinkCount()).as("one edit, one broken link: %s", report.brokenLinks()).isEqualTo(1);
    }

    @Test
    void anEventRewrittenWithARecomputedHash_breaksTheChainAtTheNextEvent() {
        store.append("case-a", 0, 1);   // 1
        store.append("case-a", 1, 1);   // 2
        store.append("case-a", 2, 1);   // 3
        Document second = eventsOf(commitAt(2)).get(0);
        String forgedPayload = "{\"caseId\":\"case-a\",\"sequence\":1,\"note\":\"forged\"}";
        String forgedHash = EventChain.hash("case-a", 1, second.getString("eventId"), second.getString("timestamp"),
                                            second.getString("payloadType"), second.getString("payloadRevision"),
                                            forgedPayload, second.getString("metaData"),
                                            second.getString("prevHash"));
        events.updateOne(eq("_id", 2L), set("events.0.payload", forgedPayload));
        events.updateOne(eq("_id", 2L), set("events.0.hash", forgedHash));

        BrokenLink link = verify().firstBrokenLink();

        assertThat(link.kind()).isEqualTo(Kind.CHAIN_BROKEN);
        assertThat(link.caseId()).isEqualTo("case-a");
        assertThat(link.sequence()).isEqualTo(2);
        assertThat(link.position()).isEqualTo(3);
        assertThat(link.expectedHash()).isEqualTo(forgedHash);
    }

    @Test
    void aCommitDeletedFromTheMiddleOfACase_isAMissingEvent() {
        store.append("case-a", 0, 1);   // 1
        store.append("case-a", 1, 2);   // 2..3
        store.append("case-a", 3, 1);   // 4
        events.deleteOne(eq("_id", 2L));

        VerificationReport report = verify();

        assertThat(report.firstBrokenLink().kind()).isEqualTo(Kind.EVENT_MISSING);
        assertThat(report.firstBrokenLink().sequence()).isEqualTo(1);
        assertThat(report.firstBrokenLink().position()).isEqualTo(4);
        assertThat(report.emptyPositions()).isEqualTo(2);
    }

    @Test
    void aCasesLastCommitDeletedAfterACheckpoint_isDetectedThroughTheCheckpoint() {
        store.append("case-a", 0, 2);   // 1..2
        store.append("case-b", 0, 1);   // 3
        store.append("case-a", 2, 1);   // 4: case-a's last commit
        store.append("case-c", 0, 1);   // 5
        checkpoints().take(Set.of());
        assertThat(verify().ok()).isTrue();

        events.deleteOne(eq("_id", 4L));
        VerificationReport report = verify();

        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.EVENT_MISSING);
        assertThat(link.caseId()).isEqualTo("case-a");
        assertThat(link.sequence()).isEqualTo(2);
        assertThat(link.checkpoint()).isEqualTo(1);
        assertThat(report.brokenLinkCount()).isEqualTo(1);
    }

    @Test
    void theLastCommitOfTheLogDeletedAfterACheckpoint_isDetectedToo() {
        store.append("case-a", 0, 1);
        store.append("case-a", 1, 1);   // 2: the end of the log
        checkpoints().take(Set.of());
        events.deleteOne(eq("_id", 2L));

        BrokenLink link = verify().firstBrokenLink();

        assertThat(link.kind()).isEqualTo(Kind.EVENT_MISSING);
        assertThat(link.caseId()).isEqualTo("case-a");
        assertThat(link.sequence()).isEqualTo(1);
    }

    @Test
    void aWholeCaseDeleted_isDetectedThroughTheCheckpoint() {
        store.append("case-a", 0, 2);
        store.append("case-b", 0, 3);
        store.append("case-c", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-c", 1, 1);

        events.deleteMany(eq("aggregateId", "case-b"));
        VerificationReport report = verify();

        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.CASE_MISSING);
        assertThat(link.caseId()).isEqualTo("case-b");
        assertThat(link.sequence()).isEqualTo(2);
        assertThat(link.message()).contains("整个案件被删除");
        assertThat(report.brokenLinkCount()).isEqualTo(1);
    }

    @Test
    void aCaseRewrittenWithConsistentHashesAfterACheckpoint_differsFromTheSignedHead() {
        store.append("case-a", 0, 1);   // 1
        store.append("case-a", 1, 1);   // 2
        checkpoints().take(Set.of());
        // Rewrite the last event completely, with a correct chain of its own: only the checkpoint can tell.
        Document last = eventsOf(commitAt(2)).get(0);
        String forgedPayload = "{\"caseId\":\"case-a\",\"sequence\":1,\"note\":\"rewritten\"}";
        events.updateOne(eq("_id", 2L), set("events.0.payload", forgedPayload));
        events.updateOne(eq("_id", 2L), set("events.0.hash", EventChain.hash(
                "case-a", 1, last.getString("eventId"), last.getString("timestamp"), last.getString("payloadType"),
                last.getString("payloadRevision"), forgedPayload, last.getString("metaData"),
                last.getString("prevHash"))));

        BrokenLink link = verify().firstBrokenLink();

        assertThat(link.kind()).isEqualTo(Kind.CHAIN_REWRITTEN);
        assertThat(link.caseId()).isEqualTo("case-a");
        assertThat(link.sequence()).isEqualTo(1);
        assertThat(link.expectedHash()).isEqualTo(last.getString("hash"));
    }

    @Test
    void aStrippedHash_afterTheChainExists_isReported() {
        store.append("case-a", 0, 1);
        store.append("case-a", 1, 1);
        events.updateOne(eq("_id", 2L), unset("events.0.hash"));

        BrokenLink link = verify().firstBrokenLink();

        assertThat(link.kind()).isEqualTo(Kind.EVENT_ALTERED);
        assertThat(link.position()).isEqualTo(2);
    }

    @Test
    void aCheckpointIsNotSignedOverABrokenHistory() {
        store.append("case-a", 0, 2);
        events.updateOne(eq("_id", 1L), set("events.0.payload", "{}"));

        assertThatThrownBy(() -> checkpoints().take(Set.of()))
                .isInstanceOfSatisfying(IntegrityViolationException.class,
                                        e -> assertThat(e.brokenLink().kind()).isEqualTo(Kind.EVENT_ALTERED));
        assertThat(checkpoints().isEmpty()).isTrue();
    }

    // ------------------------------------------------------------------ tampering with checkpoints

    @Test
    void aCheckpointWhoseSignedFieldsWereEdited_hasAnInvalidSignature() {
        store.append("case-a", 0, 2);
        store.append("case-b", 0, 1);
        checkpoints().take(Set.of());
        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION)
                      .updateOne(eq("_id", 1L), set("caseCount", 1L));

        BrokenLink link = verify().firstBrokenLink();

        assertThat(link.kind()).isEqualTo(Kind.CHECKPOINT_SIGNATURE_INVALID);
        assertThat(link.checkpoint()).isEqualTo(1);
    }

    @Test
    void aCheckpointWhoseCaseListWasEdited_doesNotMatchItsSignedRootHash() {
        store.append("case-a", 0, 2);
        store.append("case-b", 0, 1);
        Checkpoint checkpoint = checkpoints().take(Set.of());
        // Hide case-b's deletion by dropping it from the checkpoint's list as well.
        MongoCollection<Document> entries = store.database.getCollection(IntegrityCheckpoints.ENTRIES_COLLECTION);
        entries.updateOne(eq("_id", checkpoint.entriesId() + "/0"),
                          new Document("$pull", new Document("entries", new Document("caseId", "case-b"))));
        events.deleteMany(eq("aggregateId", "case-b"));

        VerificationReport report = verify();

        assertThat(report.firstBrokenLink().kind()).isEqualTo(Kind.CHECKPOINT_CONTENT_INVALID);
        assertThat(report.firstBrokenLink().checkpoint()).isEqualTo(1);
    }

    @Test
    void aCheckpointOverManyCases_isStoredInChunks_andEveryChunkIsCovered() {
        int cases = IntegrityCheckpoints.CHUNK_SIZE + 203;
        for (int i = 0; i < cases; i++) {
            store.append(String.format("case-%05d", i), 0, 1);
        }
        Checkpoint checkpoint = checkpoints().take(Set.of());
        assertThat(checkpoint.chunkCount()).isEqualTo(2);
        assertThat(checkpoints().entriesOf(checkpoint)).hasSize(cases);
        assertThat(verify().ok()).isTrue();

        store.database.getCollection(IntegrityCheckpoints.ENTRIES_COLLECTION)
                      .updateOne(eq("_id", checkpoint.entriesId() + "/1"), set("entries.5.lastSequence", 7L));

        assertThat(verify().firstBrokenLink().kind()).isEqualTo(Kind.CHECKPOINT_CONTENT_INVALID);
    }

    @Test
    void aCheckpointForgedWithAnotherKey_isNotTrusted_andADeletedCheckpointBreaksTheirChain() {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 1, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 2, 1);
        checkpoints().take(Set.of());
        MongoCollection<Document> headers = store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION);

        headers.deleteOne(eq("_id", 2L));
        BrokenLink missing = verify().firstBrokenLink();
        assertThat(missing.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
        assertThat(missing.checkpoint()).isEqualTo(2);

        // A forger re-signs checkpoint 3 with a key of their own: the signature is valid, the key is not trusted.
        Checkpoint third = checkpoints().byNumber(3).orElseThrow();
        SigningKey forger = SigningKey.generate();
        Checkpoint forged = new Checkpoint(3, third.upToPosition(), third.takenAt(), third.caseCount(),
                                           third.rootHash(), third.previousDigest(), forger.publicKeyBase64(), null,
                                           third.entriesId(), third.chunkCount());
        headers.updateOne(eq("_id", 3L), new Document("$set", new Document("publicKey", forger.publicKeyBase64())
                .append("signature", forger.sign(forged.signedContent()))));
        VerificationReport report = verify();
        assertThat(report.brokenLinks()).extracting(BrokenLink::kind)
                                        .contains(Kind.CHECKPOINT_KEY_UNTRUSTED);
        // ... unless the verifier is told to trust that key (a rotated, earlier key of this system).
        VerificationReport trusting = new IntegrityVerifier(checkpoints)
                .verify(key.publicKeyBase64(), Set.of(forger.publicKeyBase64()));
        assertThat(trusting.brokenLinks()).extracting(BrokenLink::kind)
                                          .doesNotContain(Kind.CHECKPOINT_KEY_UNTRUSTED);
    }

    // ------------------------------------------------------------------ concurrency and legacy data

    @Test
    void concurrentAppendsToDifferentCases_keepEveryChainValid() throws Exception {
        int writers = 6;
        IntegrityCheckpoints checkpointTaker = checkpoints(); // created before any writer may need it
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    long[] next = new long[5];
                    for (int c = 0; c < 150; c++) {
                        int caseNumber = ThreadLocalRandom.current().nextInt(next.length);
                        int count = 1 + ThreadLocalRandom.current().nextInt(3);
                        store.append("w" + writer + "-case-" + caseNumber, next[caseNumber], count);
                        next[caseNumber] += count;
                        if (writer == 0 && c % 50 == 0) {
                            checkpointTaker.take(Set.of()); // checkpoints while the others keep writing
                        }
                    }
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        checkpoints().take(Set.of());

        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report.brokenLinks()).isTrue();
        assertThat(report.checkedCases()).isEqualTo(writers * 5L);
        assertThat(report.checkpointsChecked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void twoProcessesTakingTurnsOnOneCase_chainThroughEachOthersEvents() {
        GapFreeMongoEventStorageEngine otherProcess = GapFreeMongoEventStorageEngine.builder()
                .database(store.database).eventSerializer(store.serializer).snapshotSerializer(store.serializer)
                .build();
        store.append("case-a", 0, 1);
        otherProcess.appendEvents(TestStore.events("case-a", 1, 2, java.util.Map.of()));
        store.append("case-a", 3, 1);   // this process last saw sequence 0: it must not chain from there
        otherProcess.appendEvents(TestStore.events("case-a", 4, 1, java.util.Map.of()));

        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report.brokenLinks()).isTrue();
        assertThat(report.checkedEvents()).isEqualTo(5);
    }

    @Test
    void eventsStoredBeforeTheChainExisted_areChainedOnAndVerify() {
        store.append("case-a", 0, 2);
        store.append("case-b", 0, 1);
        // As written by the previous version of the store: no prevHash, no hash.
        for (long position : List.of(1L, 3L)) {
            Document commit = commitAt(position);
            for (int i = 0; i < eventsOf(commit).size(); i++) {
                events.updateOne(eq("_id", position), unset("events." + i + ".hash"));
                events.updateOne(eq("_id", position), unset("events." + i + ".prevHash"));
            }
        }
        store.append("case-a", 2, 1);
        checkpoints().take(Set.of());

        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report.brokenLinks()).isTrue();
        assertThat(report.unchainedEvents()).isEqualTo(3);
        assertThat(report.checkedEvents()).isEqualTo(4);
        // Their computed chain is still guarded: by the first chained event after them, and by the checkpoint.
        events.updateOne(eq("_id", 1L), set("events.0.payload", "{}"));
        VerificationReport edited = verify();
        assertThat(edited.firstBrokenLink().kind()).isEqualTo(Kind.CHAIN_BROKEN);
        assertThat(edited.firstBrokenLink().caseId()).isEqualTo("case-a");
        assertThat(edited.firstBrokenLink().sequence()).isEqualTo(2);
        events.updateOne(eq("_id", 3L), set("events.0.payload", "{}"));
        assertThat(verify().brokenLinks()).extracting(BrokenLink::kind, BrokenLink::caseId)
                                          .contains(org.assertj.core.groups.Tuple.tuple(Kind.CHAIN_REWRITTEN,
                                                                                        "case-b"));
    }

    // ------------------------------------------------------------------ the key file

    @Test
    void theSigningKeyFile_isOwnerOnly_andLoadsBackTheSameKey() throws Exception {
        Path file = keyDirectory.resolve("sub/kcbx-integrity-signing.key");
        SigningKey created = SigningKey.create(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        SigningKey loaded = SigningKey.load(file);
        assertThat(loaded.publicKeyBase64()).isEqualTo(created.publicKeyBase64());
        assertThat(SigningKey.verify(created.publicKeyBase64(), "text", loaded.sign("text"))).isTrue();
        assertThat(SigningKey.verify(created.publicKeyBase64(), "other", loaded.sign("text"))).isFalse();
        // A second create does not replace an existing key.
        assertThat(SigningKey.create(file).publicKeyBase64()).isEqualTo(created.publicKeyBase64());
        assertThat(Files.readString(file)).doesNotContain("null").contains("privateKey=");
    }
}
