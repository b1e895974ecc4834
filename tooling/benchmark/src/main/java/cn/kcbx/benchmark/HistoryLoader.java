package cn.kcbx.benchmark;

import cn.kcbx.benchmark.FictionalCaseHistories.Histories;
import cn.kcbx.benchmark.FictionalCaseHistories.Recorded;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * order they were recorded. {@link #appendByCase} is the bulk route: each case's events in commits of up to
 * {@link cn.kcbx.eventstore.EventStoreSettings#MAX_EVENTS_PER_COMMIT}, case after case.
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

    /**
     * Each case's events (in sequence order, with the moments they were recorded) in commits of up to
     * {@code eventsPerCommit}, the cases in the order of their first event, on {@code threads} threads side by side.
     * The same events as {@link #append}, stored in far fewer commits (a commit costs the store about as much as an
     * event): the store holds each case's events together instead of interleaved with the other cases'.
     */
    static void appendByCase(EventStorageEngine engine, Histories histories, int threads, int eventsPerCommit,
                             int reportEvery, LongConsumer progress) throws Exception {
        if (eventsPerCommit <= 1) {
            append(engine, histories, threads, reportEvery, progress);
            return;
        }
        for (List<Recorded> commit : histories.directoryCommits()) {
            engine.appendEvents(commit.stream().map(HistoryLoader::message).toList());
        }
        Map<String, List<Recorded>> byCase = new LinkedHashMap<>();
        histories.caseEvents().forEach(event -> byCase.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>())
                                                      .add(event));
        List<List<Recorded>> cases = List.copyOf(byCase.values());
        AtomicLong appended = new AtomicLong();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(executor.submit(() -> {
                    for (int c = thread; c < cases.size(); c += threads) {
                        List<Recorded> events = new ArrayList<>(cases.get(c));
                        events.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
                        for (int from = 0; from < events.size(); from += eventsPerCommit) {
                            List<Recorded> commit = events.subList(from, Math.min(events.size(), from + eventsPerCommit));
                            engine.appendEvents(commit.stream().map(HistoryLoader::message).toList());
                            long before = appended.getAndAdd(commit.size());
                            if ((before + commit.size()) / reportEvery > before / reportEvery) {
                                progress.accept(before + commit.size());
                            }
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
