package cn.kcbx.benchmark;

import cn.kcbx.benchmark.FictionalCaseHistories.Histories;
import cn.kcbx.benchmark.FictionalCaseHistories.Recorded;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Stores invented histories through the storage engine (not through commands): each directory in one commit, then
 * every case event in a commit of its own, each case's events on one of {@code threads} threads in their order. The
 * threads go through the list (ordered by recording time) side by side, so the store holds the events roughly in the
 * order they were recorded.
 */
final class HistoryLoader {

    private HistoryLoader() {
    }

    /** @param progress told the number of case events stored so far, every {@code reportEvery} of them */
    static void append(EventStorageEngine engine, Histories histories, int threads, int reportEvery,
                       LongConsumer progress) throws Exception {
        for (List<Recorded> commit : histories.directoryCommits()) {
            engine.appendEvents(commit.stream().map(HistoryLoader::message).toList());
        }
        List<Recorded> events = histories.caseEvents();
        AtomicLong appended = new AtomicLong();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (Recorded event : events) {
                        if (Math.floorMod(event.aggregateId().hashCode(), threads) != thread) {
                            continue;
                        }
                        engine.appendEvents(List.of(message(event)));
                        long done = appended.incrementAndGet();
                        if (done % reportEvery == 0) {
                            progress.accept(done);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static GenericDomainEventMessage<?> message(Recorded event) {
        return new GenericDomainEventMessage<>(event.aggregateType(), event.aggregateId(), event.sequence(),
                                               event.payload(), event.metaData(), UUID.randomUUID().toString(),
                                               event.recordedAt());
    }
}
