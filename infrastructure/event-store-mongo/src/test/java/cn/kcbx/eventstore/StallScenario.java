package cn.kcbx.eventstore;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

/**
 * One writer takes its place in the global order, then stalls before its write becomes visible, while other writers
 * go on. A store that orders by writer timestamps with a look-back window skips the stalled event for a live reader
 * (the failure measured on axon-mongo); a correct store delivers it, and live equals replay.
 */
final class StallScenario {

    /** The store under test, with a way to stall one append between taking its order and writing. */
    interface StallableStore {
        void append(List<? extends DomainEventMessage<?>> events, Duration stall);

        /** Told when the other writers are done; a store may hold its stalled writer until then. */
        default void othersWritten() {
        }

        Stream<? extends TrackedEventMessage<?>> read(TrackingToken token);
    }

    record Outcome(List<String> appended, List<String> live, List<String> replay) {
    }

    static Outcome run(StallableStore store, Duration stall, int otherWrites, Duration settleTime) throws Exception {
        List<String> appended = new ArrayList<>();
        try (LiveReader reader = new LiveReader(store::read)) {
            List<? extends DomainEventMessage<?>> stalledEvent = TestStore.events("stalled-case", 0, 1, Map.of());
            appended.add(stalledEvent.get(0).getIdentifier());
            CompletableFuture<Void> stalledWriter =
                    CompletableFuture.runAsync(() -> store.append(stalledEvent, stall));
            Thread.sleep(200);
            long spacing = Math.max(10, stall.toMillis() / 2 / Math.max(1, otherWrites));
            for (int i = 0; i < otherWrites; i++) {
                List<? extends DomainEventMessage<?>> events = TestStore.events("other-" + i, 0, 1, Map.of());
                store.append(events, Duration.ZERO);
                appended.add(events.get(0).getIdentifier());
                Thread.sleep(spacing);
            }
            store.othersWritten();
            stalledWriter.get();
            Function<LiveReader, Boolean> settled = r -> r.received().size() >= appended.size();
            try {
                await().atMost(settleTime).pollInterval(Duration.ofMillis(100)).until(() -> settled.apply(reader));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // The outcome below tells what was missed.
            }
            List<String> live = reader.receivedIds();
            List<String> replay = readAll(store);
            return new Outcome(appended, live, replay);
        }
    }

    static List<String> readAll(StallableStore store) {
        List<String> all = new ArrayList<>();
        TrackingToken token = null;
        while (true) {
            List<? extends TrackedEventMessage<?>> batch = store.read(token).toList();
            if (batch.isEmpty()) {
                return all;
            }
            batch.forEach(e -> all.add(e.getIdentifier()));
            token = batch.get(batch.size() - 1).trackingToken();
        }
    }

    private StallScenario() {
    }
}
