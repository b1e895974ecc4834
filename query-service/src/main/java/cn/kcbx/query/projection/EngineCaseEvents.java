package cn.kcbx.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@link StoredCaseEvents} through the storage engine: the events themselves, never a snapshot. */
@Component
class EngineCaseEvents implements StoredCaseEvents {

    private final EngineCaseEvents.Shared shared = new Shared();
    private final EventStorageEngine engine;

    EngineCaseEvents(EventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<ProjectionEvent> upTo(String caseId, long upToSequence) {
        Map<String, List<ProjectionEvent>> reads = shared.get();
        if (reads == null) {
            return read(caseId, upToSequence);
        }
        return reads.computeIfAbsent(caseId + "/" + upToSequence, key -> List.copyOf(read(caseId, upToSequence)));
    }

    /**
     * Runs {@code work} (one projection's part of a rebuild's batch) with each case's events read once: the
     * projections that fold a case anew for the same late event (ledger, history, by day, by date) share one read of
     * its stored events through {@code reads}, which the threads replaying the same batch are given, instead of one
     * read each. Only for the batch: the events up to a sequence never change, but the next batch reads the store
     * again, as before.
     */
    void sharing(Map<String, List<ProjectionEvent>> reads, Runnable work) {
        Map<String, List<ProjectionEvent>> outer = shared.get();
        shared.set(reads);
        try {
            work.run();
        } finally {
            if (outer == null) {
                shared.remove();
            } else {
                shared.set(outer);
            }
        }
    }

    private List<ProjectionEvent> read(String caseId, long upToSequence) {
        List<ProjectionEvent> events = new ArrayList<>();
        DomainEventStream stream = engine.readEvents(caseId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > upToSequence) {
                break;
            }
            ProjectionEvent event = ProjectionEvent.of(message, -1);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    /** The reads shared within one batch, by case and sequence: this thread's part of the batch sees them. */
    private static final class Shared extends ThreadLocal<Map<String, List<ProjectionEvent>>> {
    }
}
