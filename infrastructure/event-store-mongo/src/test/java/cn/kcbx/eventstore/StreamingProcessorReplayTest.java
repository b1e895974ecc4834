package cn.kcbx.eventstore;

import com.mongodb.client.MongoCollection;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store inside a real Axon pipeline: {@link EmbeddedEventStore}, a {@link PooledStreamingEventProcessor} with two
 * segments and axon-mongo's {@link MongoTokenStore}. Live processing, a reset and replay, and processing after the
 * replay must each deliver every event exactly once, in case order, and the stored tokens must stay one number.
 */
class StreamingProcessorReplayTest {

    private static final Logger log = LoggerFactory.getLogger(StreamingProcessorReplayTest.class);
    private static final String PROCESSOR = "replay-test";
    private static final int CASES = 50;
    private static final int WRITERS = 4;
    /** A plain token is {"globalIndex":n}; one carrying a gap set or event ids would grow far past this. */
    private static final int MAX_PLAIN_TOKEN_BYTES = 64;
    /** A ReplayToken repeats class names of the tokens it wraps: bigger, but as constant. */
    private static final int MAX_REPLAY_TOKEN_BYTES = 512;

    /** One handler invocation. */
    record Delivery(long position, String eventId, String caseId, long sequence, boolean replay) {
    }

    /** The event handler: records every invocation; two segments call it concurrently. */
    static final class Collector {
        final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> perEvent = new ConcurrentHashMap<>();

        @EventHandler
        void on(TestStore.Happened payload, EventMessage<?> event, TrackingToken token, ReplayStatus status) {
            deliveries.add(new Delivery(token.position().orElseThrow(), event.getIdentifier(), payload.caseId(),
                                        payload.sequence(), status.isReplay()));
            perEvent.computeIfAbsent(event.getIdentifier(), id -> new AtomicInteger()).incrementAndGet();
        }
    }

    private final TestStore store = new TestStore(Duration.ofSeconds(10), CommitListener.NONE);
    private final DefaultMongoTemplate template = DefaultMongoTemplate.builder().mongoDatabase(store.database).build();
    private final MongoTokenStore tokenStore = MongoTokenStore.builder().mongoTemplate(template)
                                                              .serializer(store.serializer).build();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(store.engine)
                                                                    .fetchDelay(50).timeUnit(TimeUnit.MILLISECONDS)
                                                                    .build();
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
    private final Collector collector = new Collector();
    private final PooledStreamingEventProcessor processor =
            PooledStreamingEventProcessor.builder()
                                         .name(PROCESSOR)
                                         .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                                                                       .eventHandlers(collector)
                                                                                       .build())
                                         .messageSource(eventStore)
                                         .tokenStore(tokenStore)
                                         .transactionManager(NoTransactionManager.INSTANCE)
                                         .coordinatorExecutor(coordinator)
                                         .workerExecutor(workers)
                                         .initialSegmentCount(2)
                                         .batchSize(20)
                                         .tokenClaimInterval(200)
                                         .build();
    private final Map<String, Long> nextSequence = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        processor.shutDown();
        eventStore.shutDown();
        coordinator.shutdownNow();
        workers.shutdownNow();
    }

    @Test
    void liveReplayAndLiveAgain_deliverEveryEventExactlyOnceEach_inCaseOrder_withOneNumberTokens() throws Exception {
        processor.start();

        // Live: one event per case, then the rest of the 500, each phase by 4 concurrent writers.
        appendConcurrently(1, 1);
        awaitDeliveries(CASES);
        awaitStoredTokensAt(CASES);
        int tokenSizeAt50 = maxStoredTokenSize(GlobalSequenceTrackingToken.class);
        appendConcurrently(9, 3);
        int total = CASES * 10;
        awaitDeliveries(total);
        awaitStoredTokensAt(total);
        int tokenSizeAt500 = maxStoredTokenSize(GlobalSequenceTrackingToken.class);
        log.info("stored token size: {} bytes after {} events, {} bytes after {} events", tokenSizeAt50, CASES,
                 tokenSizeAt500, total);
        // Ten times the events, the same token: only the digits of the position grow.
        assertThat(tokenSizeAt500).isLessThan(MAX_PLAIN_TOKEN_BYTES).isLessThanOrEqualTo(tokenSizeAt50 + 1);

        List<Delivery> live = List.copyOf(collector.deliveries);
        assertThat(live).hasSize(total).noneMatch(Delivery::replay);
        assertThat(collector.perEvent).hasSize(total).allSatisfy((id, count) -> assertThat(count).hasValue(1));
        assertCaseOrder(live, 10);

        // Reset: the stored token becomes a ReplayToken of plain positions. (Axon 4.13's default initial token is
        // ReplayToken(head), so resetTokens() stores it nested in a second ReplayToken; the first event unnests it.)
        processor.shutDown();
        processor.resetTokens();
        int tokenSizeAtReset = maxStoredTokenSize(ReplayToken.class);
        log.info("stored token size at reset: {} bytes", tokenSizeAtReset);
        assertThat(tokenSizeAtReset).isLessThan(MAX_REPLAY_TOKEN_BYTES);
        assertThat(rawTokens()).extracting(raw -> ((ReplayToken) deserialize(raw)).getTokenAtReset())
                               .containsOnly(new GlobalSequenceTrackingToken(total));

        List<Integer> sizesDuringReplay = new CopyOnWriteArrayList<>();
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        Future<?> sampling = sampler.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                rawTokens().forEach(token -> sizesDuringReplay.add(token.bytes().length));
            }
        });
        try {
            processor.start();
            awaitDeliveries(2 * total);
        } finally {
            sampling.cancel(true);
            sampler.shutdownNow();
        }
        List<Delivery> replay = collector.deliveries.subList(total, 2 * total);
        assertThat(replay).allMatch(Delivery::replay);
        assertThat(collector.perEvent).hasSize(total).allSatisfy((id, count) -> assertThat(count).hasValue(2));
        assertCaseOrder(replay, 10);
        // Each segment sees the very same sequence of (position, event) it saw live.
        assertThat(bySegment(replay)).isEqualTo(bySegment(live));
        // Replaying 500 events never made a stored token bigger than it was at the reset.
        log.info("{} token samples during replay, largest {} bytes", sizesDuringReplay.size(),
                 sizesDuringReplay.stream().mapToInt(Integer::intValue).max().orElse(0));
        assertThat(sizesDuringReplay.stream().distinct()).as("sampled mid-replay tokens").hasSizeGreaterThan(1);
        assertThat(sizesDuringReplay).allSatisfy(size -> assertThat(size).isLessThanOrEqualTo(
                tokenSizeAtReset));

        // After the replay: new events are delivered once, as regular events, and the tokens are plain again.
        appendConcurrently(2, 2);
        int after = total + CASES * 2;
        awaitDeliveries(total + after);
        List<Delivery> afterReplay = collector.deliveries.subList(2 * total, total + after);
        assertThat(afterReplay).noneMatch(Delivery::replay);
        assertThat(afterReplay).extracting(Delivery::position).allMatch(position -> position > total);
        assertThat(collector.perEvent).hasSize(after)
                                      .allSatisfy((id, count) -> assertThat(count.get()).isBetween(1, 2));
        assertThat(collector.perEvent.values().stream().filter(count -> count.get() == 1)).hasSize(CASES * 2);
        assertCaseOrder(collector.deliveries.stream().filter(d -> !d.replay()).toList(), 12);
        awaitStoredTokensAt(after);
        assertThat(maxStoredTokenSize(GlobalSequenceTrackingToken.class)).isLessThanOrEqualTo(tokenSizeAt500 + 1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Appends {@code perCase} more events to every case, in commits of 1..maxCommit events, by 4 threads. */
    private void appendConcurrently(int perCase, int maxCommit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    // A case belongs to one writer, so its sequence numbers never collide.
                    for (int c = writer; c < CASES; c += WRITERS) {
                        String caseId = "case-" + c;
                        long first = nextSequence.getOrDefault(caseId, 0L);
                        long end = first + perCase;
                        while (first < end) {
                            int count = (int) Math.min(end - first,
                                                       1 + ThreadLocalRandom.current().nextInt(maxCommit));
                            store.engine.appendEvents(TestStore.events(caseId, first, count, Map.of()));
                            first += count;
                        }
                        nextSequence.put(caseId, end);
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void awaitDeliveries(int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.deliveries.size() >= count);
        // Nothing more arrives than expected (a duplicate would show up within a few polls).
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
               .until(() -> collector.deliveries.size() == count);
    }

    /** Every case's deliveries are its sequence 0..n-1, in order. */
    private static void assertCaseOrder(List<Delivery> deliveries, int perCase) {
        Map<String, List<Long>> sequences = deliveries.stream().collect(
                Collectors.groupingBy(Delivery::caseId, Collectors.mapping(Delivery::sequence, Collectors.toList())));
        assertThat(sequences).hasSize(CASES);
        List<Long> expected = new ArrayList<>();
        for (long s = 0; s < perCase; s++) {
            expected.add(s);
        }
        sequences.forEach((caseId, seen) -> assertThat(seen).as(caseId).isEqualTo(expected));
    }

    /** (position, event id) in delivery order, per segment: the default policy sends a case to one segment. */
    private static Map<Integer, List<String>> bySegment(List<Delivery> deliveries) {
        Segment[] segments = Segment.computeSegments(0, 1);
        Map<Integer, List<String>> result = new HashMap<>();
        for (Delivery delivery : deliveries) {
            for (Segment segment : segments) {
                if (segment.matches(delivery.caseId())) {
                    result.computeIfAbsent(segment.getSegmentId(), s -> new ArrayList<>())
                          .add(delivery.position() + "=" + delivery.eventId());
                }
            }
        }
        assertThat(result).hasSize(2);
        result.values().forEach(StreamingProcessorReplayTest::assertIncreasingPositions);
        return result;
    }

    private static void assertIncreasingPositions(List<String> positionsAndIds) {
        List<Long> positions = positionsAndIds.stream().map(p -> Long.parseLong(p.substring(0, p.indexOf('='))))
                                              .toList();
        List<Long> sorted = new ArrayList<>(positions);
        Collections.sort(sorted);
        assertThat(positions).isEqualTo(sorted).doesNotHaveDuplicates();
    }

    record RawToken(int segment, String type, byte[] bytes) {
    }

    /** The token documents as MongoTokenStore stored them. */
    private List<RawToken> rawTokens() {
        MongoCollection<Document> tokens = template.trackingTokensCollection();
        List<RawToken> result = new ArrayList<>();
        for (Document document : tokens.find(new Document("processorName", PROCESSOR))) {
            Object token = document.get("token");
            byte[] bytes = token instanceof Binary binary ? binary.getData() : token == null ? new byte[0]
                    : (byte[]) token;
            result.add(new RawToken(document.getInteger("segment"), document.getString("tokenType"), bytes));
        }
        return result;
    }

    private TrackingToken deserialize(RawToken raw) {
        return store.serializer.deserialize(new SimpleSerializedObject<>(raw.bytes(), byte[].class, raw.type(), null));
    }

    /** Waits until both segments stored a token at {@code position}, as processors do after each batch. */
    private void awaitStoredTokensAt(long position) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<RawToken> tokens = rawTokens();
            assertThat(tokens).hasSize(2);
            assertThat(tokens).allSatisfy(raw -> assertThat(deserialize(raw).position()).hasValue(position));
        });
    }

    /** The largest stored token, after checking every segment holds one of {@code type}. */
    private int maxStoredTokenSize(Class<? extends TrackingToken> type) {
        List<RawToken> tokens = rawTokens();
        assertThat(tokens).hasSize(2).allSatisfy(raw -> assertThat(raw.type()).isEqualTo(type.getName()));
        return tokens.stream().mapToInt(raw -> raw.bytes().length).max().orElseThrow();
    }
}
