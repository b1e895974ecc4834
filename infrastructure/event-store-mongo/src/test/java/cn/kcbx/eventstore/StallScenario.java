package cn.kcbx.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One writer takes its place in the global order, then stalls before its write becomes visible, while other writers
 * go on and a live reader reads what they wrote. A store that orders by writer timestamps with a look-back window
 * skips the stalled event for the live reader (the failure measured on axon-mongo); a correct store delivers it, and
 * live equals replay. Every step waits for the one before it (the stalled writer in place, the others read), not for
 * time, so the outcome does not depend on how fast the machine is.
 */
final class StallScenario {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    /** The store under test, with a way to stall one append between taking its place in the order and writing. */
    interface StallableStore {
        void append(List<? extends DomainEventMessage<?>> events);

        /**
         * Appends with the writer stalled: once it has its place in the store's order it runs {@code inPlace}, then
         * holds its write until {@code release} is counted down.
         */
        void appendStalled(List<? extends DomainEventMessage<?>> events, Runnable inPlace, CountDownLatch release);

        Stream<? extends TrackedEventMessage<?>> read(TrackingToken token);
    }

    record Outcome(List<String> appended, List<String> live, List<String> replay) {
    }

    /**
     * @param stalledFor how long before it becomes visible the stalled event took its place: its timestamp lies that
     *                   far back, which is all a timestamp-ordered store orders by (a writer that took its timestamp
     *                   and then stalled that long); a store ordering by anything else is not affected by it
     */
    static Outcome run(StallableStore store, Duration stalledFor, int otherWrites) throws Exception {
        List<String> appended = new ArrayList<>();
        try (LiveReader reader = new LiveReader(store::read)) {
            DomainEventMessage<?> stalledEvent = eventAt("stalled-case", Instant.now().minus(stalledFor));
            appended.add(stalledEvent.getIdentifier());
            CountDownLatch inPlace = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> stalledWriter = CompletableFuture.runAsync(
                    () -> store.appendStalled(List.of(stalledEvent), inPlace::countDown, release));
            if (!inPlace.await(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                stalledWriter.get(); // it failed before taking its place: tell why
                throw new AssertionError("the stalled writer never took its place");
            }
            for (int i = 0; i < otherWrites; i++) {
                List<? extends DomainEventMessage<?>> events = TestStore.events("other-" + i, 0, 1, Map.of());
                store.append(events);
                appended.add(events.get(0).getIdentifier());
            }
            if (!reader.awaitReceived(otherWrites, STEP_TIMEOUT)) {
                throw new AssertionError("the live reader did not receive the other writers' events");
            }
            release.countDown();
            stalledWriter.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            reader.awaitCaughtUp(STEP_TIMEOUT);
            List<String> live = reader.receivedIds();
            List<String> replay = readAll(store);
            return new Outcome(appended, live, replay);
        }
    }

    private static DomainEventMessage<?> eventAt(String caseId, Instant timestamp) {
        return new GenericDomainEventMessage<>(TestStore.TYPE, caseId, 0, new TestStore.Happened(caseId, 0, "e0"),
                                               MetaData.emptyInstance(), UUID.randomUUID().toString(), timestamp);
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
