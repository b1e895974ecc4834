package cn.kcbx.eventstore;

import cn.kcbx.eventstore.BrokenLink.Kind;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            checkpoints = signer(headFile());
        }
        return checkpoints;
    }

    /** The head file beside the key, as the case service keeps it. */
    private CheckpointHeadFile headFile() {
        return new CheckpointHeadFile(keyDirectory.resolve("checkpoint.head"));
    }

    /** A (further) signer with this test's key: another process, or this one after a restart. */
    private IntegrityCheckpoints signer(CheckpointHeadFile headFile) {
        return new IntegrityCheckpoints(store.database, store.engine, () -> key, headFile, Clock.systemUTC());
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

    /** Rewrites the single event of the commit at {@code position} with a recomputed, self-consistent hash. */
    private void rewriteConsistently(long position, String forgedPayload) {
        Document commit = commitAt(position);
        Document original = eventsOf(commit).get(0);
        events.updateOne(eq("_id", position), set("events.0.payload", forgedPayload));
        events.updateOne(eq("_id", position), set("events.0.hash", EventChain.hash(
                commit.getString("aggregateId"), original.get("sequence", Number.class).longValue(),
                original.getString("eventId"), original.getString("timestamp"), original.getString("payloadType"),
                original.getString("payloadRevision"), forgedPayload, original.getString("metaData"),
                original.getString("prevHash"))));
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
    void anEventAppendedAfterAStrippedHash_chainsOn_soOnlyTheAlteredEventIsReported() {
        store.append("case-a", 0, 1);
        store.append("case-a", 1, 1);
        events.updateOne(eq("_id", 2L), unset("events.0.hash"));
        // Another process, which has not seen the case: it finds the previous hash in the store.
        GapFreeMongoEventStorageEngine otherProcess = GapFreeMongoEventStorageEngine.builder()
                .database(store.database).eventSerializer(store.serializer).snapshotSerializer(store.serializer)
                .build();
        otherProcess.appendEvents(TestStore.events("case-a", 2, 1, java.util.Map.of()));

        VerificationReport report = verify();

        assertThat(report.brokenLinks()).extracting(BrokenLink::kind, BrokenLink::position)
                                        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.EVENT_ALTERED, 2L));
        assertThat(report.checkedEvents()).isEqualTo(3);
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

    // ------------------------------------------------------------------ deleting checkpoints (issue 10, finding 6)

    @Test
    void a_consistently_rewritten_event_cannot_be_hidden_by_emptying_both_checkpoint_collections() {
        store.append("case-a", 0, 1);   // 1
        store.append("case-a", 1, 1);   // 2
        checkpoints().take(Set.of());
        rewriteConsistently(2L, "{\"caseId\":\"case-a\",\"sequence\":1,\"note\":\"rewritten\"}");
        assertThat(verify().firstBrokenLink().kind()).isEqualTo(Kind.CHAIN_REWRITTEN);

        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION).deleteMany(new Document());
        store.database.getCollection(IntegrityCheckpoints.ENTRIES_COLLECTION).deleteMany(new Document());
        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report).isFalse();
        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
        assertThat(link.checkpoint()).isEqualTo(1);
        assertThat(link.message()).containsPattern("\\p{IsHan}").contains("第 1 号");
        // Nor does the signer start a fresh chain over the rewritten history, which would launder it.
        assertThatThrownBy(() -> checkpoints().take(Set.of()))
                .isInstanceOfSatisfying(IntegrityViolationException.class,
                                        e -> assertThat(e.brokenLink().kind()).isEqualTo(Kind.CHECKPOINT_MISSING));
        assertThat(checkpoints().isEmpty()).isTrue();
    }

    @Test
    void deleting_only_the_newest_checkpoint_does_not_go_unnoticed() {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 1, 1);
        Checkpoint newest = checkpoints().take(Set.of());
        assertThat(newest.number()).isEqualTo(2);

        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION).deleteOne(eq("_id", 2L));
        store.database.getCollection(IntegrityCheckpoints.ENTRIES_COLLECTION)
                      .deleteMany(new Document("_id", new Document("$regex", "^" + newest.entriesId())));
        VerificationReport report = verify();

        assertThat(report.ok()).as("%s", report).isFalse();
        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
        assertThat(link.checkpoint()).isEqualTo(2);
        assertThat(report.brokenLinkCount()).isEqualTo(1);
        // The next checkpoint is refused instead of silently taking number 2 again.
        assertThatThrownBy(() -> checkpoints().take(Set.of()))
                .isInstanceOfSatisfying(IntegrityViolationException.class,
                                        e -> assertThat(e.brokenLink().checkpoint()).isEqualTo(2));
        assertThat(checkpoints().latest().orElseThrow().number()).isEqualTo(1);
    }

    @Test
    void a_crash_between_storing_a_checkpoint_and_writing_the_head_is_not_tampering_and_cannot_hide_a_later_deletion()
            throws Exception {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 1, 1);
        // The head cannot be written (its temporary file is blocked): the checkpoint is stored, the head stays behind,
        // exactly what a crash between the two leaves.
        Path blocker = keyDirectory.resolve("checkpoint.head.tmp");
        Files.createDirectories(blocker.resolve("blocked"));
        assertThatThrownBy(() -> checkpoints().take(Set.of())).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(checkpoints().latest().orElseThrow().number()).isEqualTo(2);
        assertThat(headFile().read().orElseThrow().number()).isEqualTo(1);

        VerificationReport behind = verify();
        assertThat(behind.ok()).as("a head one behind is no tampering: %s", behind.brokenLinks()).isTrue();
        assertThat(behind.checkpointsChecked()).isEqualTo(2);

        // The restarted signer catches its head up to the genuine checkpoint it finds after it ...
        Files.delete(blocker.resolve("blocked"));
        Files.delete(blocker);
        IntegrityCheckpoints restarted = signer(headFile());
        assertThat(restarted.catchUpHead(Set.of())).isNull();
        assertThat(headFile().read().orElseThrow().number()).isEqualTo(2);
        // ... so deleting that checkpoint now shows.
        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION).deleteOne(eq("_id", 2L));
        BrokenLink link = verify().firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
        assertThat(link.checkpoint()).isEqualTo(2);
    }

    @Test
    void a_head_left_behind_is_caught_up_by_the_next_checkpoint_too() {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        CheckpointHead first = headFile().read().orElseThrow();
        store.append("case-a", 1, 1);
        checkpoints().take(Set.of());
        headFile().write(first); // as a crash before the head write leaves it
        store.append("case-a", 2, 1);

        Checkpoint third = checkpoints().take(Set.of());

        assertThat(third.number()).isEqualTo(3);
        assertThat(headFile().read().orElseThrow()).isEqualTo(CheckpointHead.of(third));
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void a_history_re_signed_with_a_stolen_copy_of_the_key_differs_from_the_head() {
        store.append("case-a", 0, 1);   // 1
        store.append("case-a", 1, 1);   // 2
        checkpoints().take(Set.of());
        store.append("case-b", 0, 1);   // 3
        checkpoints().take(Set.of());
        // Someone with the database and a copy of the key (but not the head file) rewrites an event, drops the
        // checkpoints and signs the same number of fresh, valid, chained ones.
        rewriteConsistently(2L, "{\"caseId\":\"case-a\",\"sequence\":1,\"note\":\"rewritten\"}");
        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION).deleteMany(new Document());
        store.database.getCollection(IntegrityCheckpoints.ENTRIES_COLLECTION).deleteMany(new Document());
        IntegrityCheckpoints forger = signer(new CheckpointHeadFile(keyDirectory.resolve("forger/head")));
        Checkpoint forged = forger.take(Set.of());
        store.append("case-b", 1, 1);
        forger.take(Set.of());

        VerificationReport report = verify();

        assertThat(report.brokenLinks()).as("%s", report.brokenLinks()).hasSize(1);
        BrokenLink link = report.firstBrokenLink();
        assertThat(link.kind()).isEqualTo(Kind.CHECKPOINT_HEAD_MISMATCH);
        assertThat(link.checkpoint()).isEqualTo(2);
        assertThat(link.expectedHash()).isEqualTo(headFile().read().orElseThrow().digest());
        assertThat(forged.signatureValid()).isTrue();
        assertThatThrownBy(() -> checkpoints().take(Set.of()))
                .isInstanceOfSatisfying(IntegrityViolationException.class,
                                        e -> assertThat(e.brokenLink().kind())
                                                .isEqualTo(Kind.CHECKPOINT_HEAD_MISMATCH));
    }

    @Test
    void a_signer_without_a_head_file_adopts_the_stored_checkpoints_once_and_then_guards_them() throws Exception {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 1, 1);
        checkpoints().take(Set.of());
        Files.delete(headFile().file()); // as on a signer's new machine: checkpoints in the store, no head yet

        assertThat(verify().ok()).isTrue();
        assertThat(signer(headFile()).catchUpHead(Set.of())).isNull();
        assertThat(headFile().read().orElseThrow().number()).isEqualTo(2);

        store.database.getCollection(IntegrityCheckpoints.CHECKPOINTS_COLLECTION).deleteOne(eq("_id", 2L));
        assertThat(verify().firstBrokenLink().kind()).isEqualTo(Kind.CHECKPOINT_MISSING);
    }

    @Test
    void a_garbled_head_file_is_reported_not_ignored() throws Exception {
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        Files.writeString(headFile().file(), "number=1\ndigest=not-a-digest\n");

        VerificationReport report = verify();

        assertThat(report.ok()).isFalse();
        assertThat(report.firstBrokenLink().kind()).isEqualTo(Kind.CHECKPOINT_HEAD_MISMATCH);
        assertThat(report.firstBrokenLink().message()).contains("无法读取");
        assertThatThrownBy(() -> checkpoints().take(Set.of())).isInstanceOf(IntegrityViolationException.class);
    }

    @Test
    void the_head_file_is_owner_only_and_names_the_latest_checkpoint() throws Exception {
        store.append("case-a", 0, 2);
        Checkpoint checkpoint = checkpoints().take(Set.of());

        Path file = headFile().file();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(headFile().read()).contains(new CheckpointHead(1, checkpoint.digest(), 2));
        assertThat(Files.readString(file)).contains("number=1").contains("digest=" + checkpoint.digest());
        assertThat(Files.exists(file.resolveSibling("checkpoint.head.tmp"))).isFalse();
    }

    @Test
    void two_signers_with_heads_of_their_own_continue_each_others_checkpoints_without_false_alarms() {
        IntegrityCheckpoints other = signer(new CheckpointHeadFile(keyDirectory.resolve("other/checkpoint.head")));
        store.append("case-a", 0, 1);
        checkpoints().take(Set.of());
        store.append("case-a", 1, 1);
        assertThat(other.take(Set.of()).number()).isEqualTo(2);
        store.append("case-a", 2, 1);

        assertThat(verify().ok()).as("the store ahead of this signer's head is fine").isTrue();
        assertThat(checkpoints().take(Set.of()).number()).isEqualTo(3);
        assertThat(headFile().read().orElseThrow().number()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentAppendsToDifferentCases_keepEveryChainValid() throws Exception {
        int writers = 6;
        IntegrityCheckpoints checkpointTaker = checkpoints(); // created before any writer may need it
        IntegrityCheckpoints sameHeadFile = signer(headFile()); // a second signer taking turns on the same head
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
                        if (writer < 2 && c % 50 == writer * 25) { // checkpoints while the others keep writing
                            (writer == 0 ? checkpointTaker : sameHeadFile).take(Set.of());
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
        assertThat(headFile().read().orElseThrow()).isEqualTo(CheckpointHead.of(checkpoints().latest().orElseThrow()));
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
