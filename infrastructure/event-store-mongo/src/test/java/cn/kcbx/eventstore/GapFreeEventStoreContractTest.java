package cn.kcbx.eventstore;

import cn.kcbx.testsupport.TestMongo;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The promises of the event store, on whichever backend {@link TestMongo} picked (the log says which): no event is
 * ever skipped by a streaming reader, every command is stored all or nothing, one writer per case wins, replay equals
 * live.
 */
class GapFreeEventStoreContractTest {

    private static final Logger log = LoggerFactory.getLogger(GapFreeEventStoreContractTest.class);

    /** Simulates a writer process dying between reserving its positions and writing its commit. */
    static final class WriterDied extends RuntimeException {
        WriterDied() {
            super("writer died after reserving positions");
        }
    }

    @Test
    void eightConcurrentWriters_everyEventStoredOnceStreamedOnceInOrder() throws Exception {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        int writers = 8;
        // Enough for thousands of interleaved commits; the throughput at volume is the benchmark module's to measure.
        int commandsPerWriter = 400;
        Map<String, Long> nextSequence = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (LiveReader reader = new LiveReader(token -> store.engine.readEvents(token, false))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    int appended = 0;
                    for (int c = 0; c < commandsPerWriter; c++) {
                        String caseId = "w" + writer + "-case-" + ThreadLocalRandom.current().nextInt(40);
                        int count = 1 + ThreadLocalRandom.current().nextInt(3);
                        long first = nextSequence.getOrDefault(caseId, 0L);
                        store.append(caseId, first, count);
                        nextSequence.put(caseId, first + count);
                        appended += count;
                    }
                    return appended;
                }));
            }
            int total = 0;
            for (Future<Integer> result : results) {
                total += result.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("{} commands ({} events) by {} writers stored in {} s on {}", writers * commandsPerWriter,
                     total, writers, String.format("%.1f", seconds), TestMongo.get().backend().description());
            assertThat(reader.awaitReceived(total, Duration.ofSeconds(60))).as("all streamed").isTrue();
            reader.awaitCaughtUp(Duration.ofSeconds(30)); // and nothing more comes
            List<TrackedEventMessage<?>> live = reader.received();

            assertThat(live).hasSize(total);
            assertStrictlyIncreasingTokens(live);
            assertThat(live.stream().map(TrackedEventMessage::getIdentifier).distinct().count()).isEqualTo(total);
            assertCaseOrderPreserved(live);
            nextSequence.forEach((caseId, next) -> {
                List<Long> sequences = store.engine.readEvents(caseId).asStream()
                                                   .map(DomainEventMessage::getSequenceNumber).toList();
                assertThat(sequences).hasSize(next.intValue());
                for (int i = 0; i < sequences.size(); i++) {
                    assertThat(sequences.get(i)).isEqualTo(i);
                }
            });

            List<TrackedEventMessage<?>> replay = store.readAvailable(null);
            assertThat(tokensAndIds(replay)).isEqualTo(tokensAndIds(live));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriterStalledMidAppend_isNeverSkipped_andReplayEqualsLive() throws Exception {
        StallingListener listener = new StallingListener();
        TestStore store = new TestStore(Duration.ofMinutes(5), listener);

        // The stalled writer chose its position, then holds its insert until the others are written and read: it
        // takes a position only when it wakes, so how long it sleeps does not matter to the store.
        StallScenario.Outcome outcome = StallScenario.run(gapFree(store, listener), Duration.ofSeconds(3), 20);

        assertThat(outcome.live()).containsExactlyInAnyOrderElementsOf(outcome.appended());
        assertThat(outcome.live()).doesNotHaveDuplicates();
        assertThat(outcome.replay()).isEqualTo(outcome.live());
        // The stalled writer held no position the others had to wait for: it appended at the end when it woke.
        assertThat(outcome.live().get(outcome.live().size() - 1)).isEqualTo(outcome.appended().get(0));
        assertThat(tombstones(store)).isZero();
    }

    @Test
    void aWriterKilledBetweenChoosingItsPositionAndWriting_storesNothing_andNobodyWaits() {
        Set<String> dying = ConcurrentHashMap.newKeySet();
        TestStore store = new TestStore(Duration.ofMinutes(5), (caseId, first, last) -> {
            if (dying.contains(caseId)) {
                throw new WriterDied();
            }
        });
        store.append("before", 0, 2);
        dying.add("doomed");
        assertThatThrownBy(() -> store.append("doomed", 0, 3)).isInstanceOf(WriterDied.class);
        store.append("after", 0, 2);

        List<TrackedEventMessage<?>> read = store.readAvailable(null);
        assertThat(read).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                        .containsExactly("before", "before", "after", "after");
        assertThat(read).extracting(TrackedEventMessage::trackingToken)
                        .containsExactly(new GlobalSequenceTrackingToken(1), new GlobalSequenceTrackingToken(2),
                                         new GlobalSequenceTrackingToken(3), new GlobalSequenceTrackingToken(4));
        assertThat(store.engine.readEvents("doomed").asStream()).isEmpty();
        assertThat(tombstones(store)).isZero();
    }

    @Test
    void aMissingPosition_isWaitedFor_thenDeliveredInOrderWhenItArrives() {
        TestStore store = new TestStore(Duration.ofMinutes(5), CommitListener.NONE);
        store.append("case-1", 0, 1);
        Document lostCommit = store.events().find().first();
        store.append("case-2", 0, 1);
        store.append("case-3", 0, 1);
        // Take the middle commit away, as a foreign writer or a hand-made repair might leave it.
        Document middle = store.events().find(new Document("_id", 2L)).first();
        store.events().deleteOne(new Document("_id", 2L));

        assertThat(store.readAvailable(null)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                             .containsExactly("case-1");
        store.events().insertOne(middle);
        assertThat(store.readAvailable(null)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                             .containsExactly("case-1", "case-2", "case-3");
        assertThat(lostCommit).isNotNull();
    }

    @Test
    void aMissingPositionThatNeverArrives_isGivenUpAfterTheHoleTimeout_withoutSkippingAnythingStored() {
        AtomicLong readerNanos = new AtomicLong();
        TestStore store = new TestStore(Duration.ofMinutes(5), CommitListener.NONE, Clock.systemUTC(),
                                        readerNanos::get);
        store.append("case-1", 0, 1);
        store.append("case-2", 0, 2);
        store.append("case-3", 0, 1);
        store.events().deleteOne(new Document("_id", 2L));

        assertThat(store.readAvailable(null)).hasSize(1);
        readerNanos.addAndGet(Duration.ofMinutes(5).toNanos() - 1);
        assertThat(store.readAvailable(null)).as("not yet given up").hasSize(1);
        assertThat(tombstones(store)).isZero();
        readerNanos.incrementAndGet();
        assertThat(store.readAvailable(null)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                             .containsExactly("case-1", "case-3");
        assertThat(tombstones(store)).isEqualTo(2);
        store.append("case-4", 0, 1);
        assertThat(store.readAvailable(null)).hasSize(3);
    }

    @Test
    void allEventsOfOneCommandAreStoredTogetherInOneDocument() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        store.append("case-1", 0, 3);

        List<Document> commits = store.events().find().into(new ArrayList<>());
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).getList("events", Document.class)).hasSize(3);
        assertThat(store.readAvailable(null)).extracting(TrackedEventMessage::trackingToken)
                                             .containsExactly(new GlobalSequenceTrackingToken(1),
                                                              new GlobalSequenceTrackingToken(2),
                                                              new GlobalSequenceTrackingToken(3));
    }

    @Test
    void aReaderResumingInTheMiddleOfACommitGetsTheRestOfIt() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        store.append("case-1", 0, 3);
        store.append("case-2", 0, 1);

        List<TrackedEventMessage<?>> rest = store.readAvailable(new GlobalSequenceTrackingToken(1));

        assertThat(rest).extracting(e -> ((DomainEventMessage<?>) e).getSequenceNumber()).containsExactly(1L, 2L, 0L);
        assertThat(store.engine.readEvents("case-1", 2).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactly(2L);
    }

    @Test
    void twoWritersOnTheSameCase_oneWins_theOtherGetsARetryableConflict_andReadersDoNotWait() {
        TestStore store = new TestStore(Duration.ofMinutes(5), CommitListener.NONE);
        store.append("case-1", 0, 1);

        store.append("case-1", 1, 2);
        assertThatThrownBy(() -> store.append("case-1", 1, 1))
                .isInstanceOf(ConcurrencyException.class)
                .isInstanceOf(CaseChangedConcurrentlyException.class) // the case service decides it again
                .hasMessageContaining("case-1");
        store.append("case-2", 0, 1);

        // The loser's reserved position was given up at once, so readers see case-2 without a 5-minute wait.
        assertThat(store.readAvailable(null)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                             .containsExactly("case-1", "case-1", "case-1", "case-2");
        assertThat(store.engine.lastSequenceNumberFor("case-1")).contains(2L);
    }

    @Test
    void concurrentCommandsShareInserts_aCommitRefusedInABatchLeavesNoHole() throws Exception {
        // Who chose the positions of each case's commit: another thread than the one appending it means the commits
        // of several commands went into one insert.
        Map<String, String> chosenBy = new ConcurrentHashMap<>();
        TestStore store = new TestStore(Duration.ofMinutes(5),
                                        (caseId, first, last) -> chosenBy.put(caseId, Thread.currentThread().getName()));
        int writers = 8;
        int commandsPerWriter = 60;
        Map<String, String> appendedBy = new ConcurrentHashMap<>();
        AtomicLong stored = new AtomicLong();
        AtomicLong resent = new AtomicLong();
        AtomicLong lostRaces = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    for (int c = 0; c < commandsPerWriter; c++) {
                        // Mostly new commands; every 10th resends the writer's first request on a new case, every 7th
                        // decides on a stale state of a case this writer already extended.
                        boolean resend = c % 10 == 9;
                        boolean stale = !resend && c % 7 == 6;
                        String caseId = resend ? "w" + writer + "-resent-" + c
                                : stale ? "w" + writer + "-case-0" : "w" + writer + "-case-" + c;
                        String requestId = "w" + writer + "-req-" + (resend ? 0 : c);
                        appendedBy.put(caseId, Thread.currentThread().getName());
                        try {
                            store.engine.appendEvents(TestStore.events(caseId, 0, 1, Map.of("requestId", requestId)));
                            stored.incrementAndGet();
                        } catch (DuplicateRequestException e) {
                            resent.incrementAndGet();
                        } catch (CaseChangedConcurrentlyException e) {
                            lostRaces.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(resent.get()).isEqualTo(writers * 6L);
        assertThat(lostRaces.get()).isEqualTo(writers * 8L);
        assertThat(stored.get()).isEqualTo(writers * (commandsPerWriter - 14L));
        List<TrackedEventMessage<?>> all = store.readAvailable(null);
        assertThat(all).hasSize((int) stored.get());
        // Every position from the first to the last holds a commit: nothing refused left a hole behind.
        for (int i = 0; i < all.size(); i++) {
            assertThat(((GlobalSequenceTrackingToken) all.get(i).trackingToken()).getGlobalIndex())
                    .isEqualTo(((GlobalSequenceTrackingToken) all.get(0).trackingToken()).getGlobalIndex() + i);
        }
        assertThat(tombstones(store)).isZero();
        assertThat(all).allSatisfy(event -> assertThat(event.getMetaData().get("requestId")).isNotNull());
        assertThat(all.stream().map(e -> e.getMetaData().get("requestId")).distinct().count()).isEqualTo(all.size());
        assertThat(appendedBy.keySet()).anySatisfy(
                caseId -> assertThat(chosenBy.get(caseId)).isNotEqualTo(appendedBy.get(caseId)));
    }

    @Test
    void aRetriedClientRequestIsStoredOnce() {
        TestStore store = new TestStore(Duration.ofMinutes(5), CommitListener.NONE);
        Map<String, String> metaData = Map.of("requestId", "req-42", "actorId", "u-village-1");
        store.engine.appendEvents(TestStore.events("case-1", 0, 1, metaData));

        assertThatThrownBy(() -> store.engine.appendEvents(TestStore.events("case-1", 1, 1, metaData)))
                .isInstanceOf(DuplicateRequestException.class);

        assertThat(store.engine.readEvents("case-1").asStream()).hasSize(1);
        StoredRequest request = store.engine.findRequest("req-42").orElseThrow();
        assertThat(request.aggregateId()).isEqualTo("case-1");
        assertThat(request.metaData()).containsEntry("actorId", "u-village-1");
        assertThat(store.engine.findRequest("req-43")).isEmpty();
        store.append("case-2", 0, 1);
        assertThat(store.readAvailable(null)).hasSize(2);
    }

    @Test
    void snapshotsKeepOnlyTheNewest() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        store.append("case-1", 0, 10);
        store.engine.storeSnapshot(TestStore.events("case-1", 5, 1, Map.of()).get(0));
        store.engine.storeSnapshot(TestStore.events("case-1", 3, 1, Map.of()).get(0));
        assertThat(store.engine.readSnapshot("case-1")).get().extracting(DomainEventMessage::getSequenceNumber)
                                                        .isEqualTo(5L);
        store.engine.storeSnapshot(TestStore.events("case-1", 9, 1, Map.of()).get(0));
        assertThat(store.engine.readSnapshot("case-1")).get().extracting(DomainEventMessage::getSequenceNumber)
                                                        .isEqualTo(9L);
        assertThat(store.engine.readSnapshot("case-2")).isEmpty();
    }

    @Test
    void theProcessKnowsWhichCasesItLastSawShort_untilAnotherProcessExtendsThem() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        store.engine.appendEvents(TestStore.events("appended-here", 0, 4, Map.of()));
        assertThat(store.engine.lastSeenShorterThan("appended-here", 5)).isTrue();
        assertThat(store.engine.lastSeenShorterThan("appended-here", 4)).isFalse();

        GapFreeMongoEventStorageEngine other = GapFreeMongoEventStorageEngine.builder()
                .database(store.database).eventSerializer(store.serializer).snapshotSerializer(store.serializer)
                .build();
        assertThat(other.lastSeenShorterThan("appended-here", 50)).as("not seen by that process").isFalse();
        assertThat(other.readEvents("appended-here").asStream()).hasSize(4);
        assertThat(other.lastSeenShorterThan("appended-here", 5)).as("seen once read").isTrue();

        for (long sequence = 4; sequence < 60; sequence += 4) {
            other.appendEvents(TestStore.events("appended-here", sequence, 4, Map.of()));
        }
        assertThat(store.engine.lastSeenShorterThan("appended-here", 5))
                .as("a hint: stale until this process reads or writes the case again").isTrue();
        // The reader's first window follows the stale hint; the case is still read whole, across several windows.
        assertThat(store.engine.readEvents("appended-here").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(Stream.iterate(0L, s -> s + 1).limit(60).toList());
        assertThat(store.engine.lastSeenShorterThan("appended-here", 60)).isFalse();
        assertThat(store.engine.lastSeenShorterThan("appended-here", 61)).isTrue();
        assertThat(store.engine.readEvents("appended-here", 30).asStream()).hasSize(30);
    }

    @Test
    void longCasesAreReadAcrossSeveralWindows() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        long sequence = 0;
        while (sequence < 300) {
            int count = 1 + (int) (sequence % 3);
            store.append("long-case", sequence, count);
            sequence += count;
        }
        assertThat(store.engine.readEvents("long-case").asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(Stream.iterate(0L, s -> s + 1).limit(sequence).toList());
        assertThat(store.engine.lastSequenceNumberFor("long-case")).contains(sequence - 1);
        assertThat(store.engine.lastSequenceNumberFor("no-such-case")).isEmpty();
    }

    @Test
    void aWriterStartingOnAnExistingLog_appendsAfterItsLastCommit() {
        TestStore first = new TestStore(Duration.ofMinutes(5), CommitListener.NONE);
        for (int i = 0; i < 40; i++) {
            first.append("case-" + i, 0, 1 + i % 3); // commits of 1, 2 and 3 events: starts are not every position
        }
        long lastPosition = ((GlobalSequenceTrackingToken) first.engine.createHeadToken()).getGlobalIndex();

        GapFreeMongoEventStorageEngine restarted = GapFreeMongoEventStorageEngine.builder()
                .database(first.database).eventSerializer(first.serializer).snapshotSerializer(first.serializer)
                .build();
        restarted.appendEvents(TestStore.events("after-restart", 0, 2, Map.of()));

        Document commit = first.events().find(new Document("aggregateId", "after-restart")).first();
        assertThat(commit.get("_id", Number.class).longValue()).isEqualTo(lastPosition + 1);
        List<TrackedEventMessage<?>> all = first.readAvailable(null);
        assertThat(all).hasSize((int) lastPosition + 2);
        assertStrictlyIncreasingTokens(all);
    }

    @Test
    void headAndTimeTokens() {
        Instant start = Instant.parse("2026-09-01T00:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(start);
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE, clockAt(now), System::nanoTime);
        assertThat(store.engine.createTailToken()).isNull();
        assertThat(store.engine.createHeadToken()).isNull();
        store.append("case-1", 0, 2);
        Instant between = start.plusSeconds(1);
        now.set(start.plusSeconds(2));
        store.append("case-2", 0, 1);

        assertThat(store.engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(3));
        TrackingToken at = store.engine.createTokenAt(between);
        assertThat(store.readAvailable(at)).extracting(e -> ((DomainEventMessage<?>) e).getAggregateIdentifier())
                                           .containsExactly("case-2");
    }

    @Test
    void eventIdentifierAt_namesTheEventStoredAtAPosition_andNothingWhereNoEventIs() {
        AtomicLong readerNanos = new AtomicLong();
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE, Clock.systemUTC(),
                                        readerNanos::get);
        store.append("case-1", 0, 3);
        store.append("case-2", 0, 1);
        store.append("case-3", 0, 1);
        List<TrackedEventMessage<?>> stored = store.readAvailable(null);

        for (TrackedEventMessage<?> event : stored) {
            assertThat(store.engine.eventIdentifierAt(event.trackingToken().position().orElseThrow()))
                    .contains(event.getIdentifier());
        }
        assertThat(store.engine.eventIdentifierAt(0)).isEmpty();
        assertThat(store.engine.eventIdentifierAt(6)).isEmpty();

        // Lost and written again, as after a restore from an older backup: the same position, another event.
        store.events().deleteOne(new Document("_id", 5L));
        assertThat(store.engine.eventIdentifierAt(5)).isEmpty();
        GapFreeMongoEventStorageEngine restarted = GapFreeMongoEventStorageEngine.builder()
                                                                                 .database(store.database)
                                                                                 .eventSerializer(store.serializer)
                                                                                 .snapshotSerializer(store.serializer)
                                                                                 .build();
        restarted.appendEvents(TestStore.events("case-4", 0, 1, Map.of()));
        assertThat(store.engine.eventIdentifierAt(5)).isPresent().get().isNotEqualTo(stored.get(4).getIdentifier());

        // A position given up with a tombstone holds no event.
        store.events().deleteOne(new Document("_id", 4L));
        store.readAvailable(null);
        readerNanos.addAndGet(Duration.ofSeconds(5).toNanos());
        store.readAvailable(null);
        assertThat(tombstones(store)).isEqualTo(1);
        assertThat(store.engine.eventIdentifierAt(4)).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Stalls the next append of a case, once, between choosing its position and writing its commit. */
    static final class StallingListener implements CommitListener {

        private final Map<String, Runnable> holds = new ConcurrentHashMap<>();

        void stallNext(String caseId, Runnable inPlace, CountDownLatch release) {
            holds.put(caseId, () -> {
                inPlace.run();
                try {
                    if (!release.await(1, TimeUnit.MINUTES)) {
                        throw new IllegalStateException("the stalled writer was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void positionsChosen(String caseId, long first, long last) {
            Runnable hold = holds.remove(caseId);
            if (hold != null) {
                hold.run();
            }
        }
    }

    static StallScenario.StallableStore gapFree(TestStore store, StallingListener listener) {
        return new StallScenario.StallableStore() {
            @Override
            public void append(List<? extends DomainEventMessage<?>> events) {
                store.engine.appendEvents(events);
            }

            @Override
            public void appendStalled(List<? extends DomainEventMessage<?>> events, Runnable inPlace,
                                      CountDownLatch release) {
                listener.stallNext(events.get(0).getAggregateIdentifier(), inPlace, release);
                store.engine.appendEvents(events);
            }

            @Override
            public Stream<? extends TrackedEventMessage<?>> read(TrackingToken token) {
                return store.engine.readEvents(token, false);
            }
        };
    }

    /** A clock that reads {@code now}: the test moves it. */
    static Clock clockAt(AtomicReference<Instant> now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    static long tombstones(TestStore store) {
        return store.events().countDocuments(new Document("tombstone", true));
    }

    static void assertStrictlyIncreasingTokens(List<TrackedEventMessage<?>> events) {
        long previous = 0;
        for (TrackedEventMessage<?> event : events) {
            long position = ((GlobalSequenceTrackingToken) event.trackingToken()).getGlobalIndex();
            assertThat(position).isGreaterThan(previous);
            previous = position;
        }
    }

    static void assertCaseOrderPreserved(List<TrackedEventMessage<?>> events) {
        Map<String, Long> last = new HashMap<>();
        for (TrackedEventMessage<?> event : events) {
            DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) event;
            long previous = last.getOrDefault(domainEvent.getAggregateIdentifier(), -1L);
            assertThat(domainEvent.getSequenceNumber()).isEqualTo(previous + 1);
            last.put(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber());
        }
    }

    static List<String> tokensAndIds(List<TrackedEventMessage<?>> events) {
        List<String> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TrackedEventMessage<?> event : events) {
            assertThat(seen.add(event.getIdentifier())).isTrue();
            result.add(event.trackingToken() + "=" + event.getIdentifier());
        }
        return result;
    }
}
