package cn.kcbx.eventstore;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controlled experiment: the same {@link StallScenario} (one commit becomes visible 3 s after it took its place in
 * the order, 20 other commits are written and read meanwhile) against axon-mongo's timestamp-ordered engine and
 * against ours. The first must lose the stalled event, otherwise the scenario proves nothing about the second.
 */
class TimestampOrderedStoreCounterExampleTest {

    private static final Duration STALL = Duration.ofSeconds(3);
    private static final int OTHER_WRITES = 20;

    @Test
    void timestampOrderedStore_liveReaderMissesACommitThatBecomesVisibleLate() throws Exception {
        Serializer serializer = JacksonSerializer.defaultSerializer();
        TestMongo mongo = TestMongo.get();
        MongoDatabase database = mongo.client().getDatabase(mongo.newDatabaseName("axonmongo"));
        // Default storage strategy: a document per event, tracked by (timestamp, sequence) with a 1 s look-back.
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                                                                .mongoTemplate(DefaultMongoTemplate.builder()
                                                                                                   .mongoDatabase(database)
                                                                                                   .build())
                                                                .eventSerializer(serializer)
                                                                .snapshotSerializer(serializer)
                                                                .build();
        StallScenario.StallableStore store = new StallScenario.StallableStore() {
            @Override
            public void append(List<? extends DomainEventMessage<?>> events) {
                engine.appendEvents(events);
            }

            @Override
            public void appendStalled(List<? extends DomainEventMessage<?>> events, Runnable inPlace,
                                      CountDownLatch release) {
                // The event's timestamp is its place in this store's order, taken when it was created; holding the
                // insert is a commit that becomes visible late, e.g. a paused JVM or a slow network.
                inPlace.run();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                engine.appendEvents(events);
            }

            @Override
            public Stream<? extends TrackedEventMessage<?>> read(TrackingToken token) {
                return engine.readEvents(token, false);
            }
        };

        StallScenario.Outcome outcome = StallScenario.run(store, STALL, OTHER_WRITES);

        String stalled = outcome.appended().get(0);
        List<String> others = outcome.appended().subList(1, outcome.appended().size());
        // The live reader had moved more than the look-back window past the stalled event's timestamp: lost for good.
        assertThat(outcome.live()).doesNotContain(stalled);
        assertThat(outcome.live()).containsExactlyInAnyOrderElementsOf(others);
        // The event is stored, though: a replay from the start finds it, so live and replay disagree.
        assertThat(outcome.replay()).containsExactlyInAnyOrderElementsOf(outcome.appended());
        assertThat(outcome.replay()).isNotEqualTo(outcome.live());
    }

    @Test
    void gapFreeStore_sameStall_missesNothing_andReplayEqualsLive() throws Exception {
        GapFreeEventStoreContractTest.StallingListener listener = new GapFreeEventStoreContractTest.StallingListener();
        TestStore store = new TestStore(Duration.ofMinutes(5), listener);

        StallScenario.Outcome outcome = StallScenario.run(GapFreeEventStoreContractTest.gapFree(store, listener),
                                                          STALL, OTHER_WRITES);

        assertThat(outcome.live()).containsExactlyInAnyOrderElementsOf(outcome.appended());
        assertThat(outcome.live()).doesNotHaveDuplicates();
        assertThat(outcome.replay()).isEqualTo(outcome.live());
        // Nothing was papered over with a tombstone: the stalled writer held no position anyone waited for.
        assertThat(GapFreeEventStoreContractTest.tombstones(store)).isZero();
    }
}
