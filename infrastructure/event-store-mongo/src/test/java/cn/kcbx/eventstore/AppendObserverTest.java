package cn.kcbx.eventstore;

import cn.kcbx.testsupport.TestMongo;

import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metrics' seam: every append (not an empty one) is reported once, with how it ended and how long it took on the store's clock. */
class AppendObserverTest {

    private record Observed(AppendObserver.Outcome outcome, long nanos) {
    }

    @Test
    void each_append_is_reported_stored_or_conflict_with_its_duration() {
        List<Observed> observed = new ArrayList<>();
        AtomicLong clock = new AtomicLong();
        Serializer serializer = JacksonSerializer.defaultSerializer();
        TestMongo mongo = TestMongo.get();
        GapFreeMongoEventStorageEngine engine = GapFreeMongoEventStorageEngine
                .builder()
                .database(mongo.client().getDatabase(mongo.newDatabaseName("es_observer")))
                .appendObserver((outcome, nanos) -> observed.add(new Observed(outcome, nanos)))
                .nanoClock(() -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(3)))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();

        engine.appendEvents(TestStore.events("case-1", 0, 2, Map.of()));
        assertThatThrownBy(() -> engine.appendEvents(TestStore.events("case-1", 0, 1, Map.of())))
                .isInstanceOf(ConcurrencyException.class);
        engine.appendEvents(List.of());

        assertThat(observed).containsExactly(new Observed(AppendObserver.Outcome.STORED, 3_000_000),
                                             new Observed(AppendObserver.Outcome.CONFLICT, 3_000_000));
    }
}
