package cn.kcbx.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which cases changed since a position of the event store, and up to where every projection has surely applied the
 * events, on whichever instance: what a reader keeping case files in memory needs to stay exact without reading them
 * all again.
 */
@Component
public class CaseChanges {

    private final LiveProcessor live;
    private final EventStorageEngine engine;

    CaseChanges(LiveProcessor live, EventStorageEngine engine) {
        this.live = live;
        this.engine = engine;
    }

    /**
     * The position up to which every event has been applied to the projections' collections: the lowest stored token
     * of all segments, whoever holds them (a segment's token is stored after its batch's writes). 0 when a segment has
     * none yet.
     */
    public long appliedEverywhereThrough() {
        return live.storedPositionsBySegment().values().stream().mapToLong(Long::longValue).min().orElse(0L);
    }

    /**
     * The ids of the cases with an event stored after {@code position}, in no order; empty when there are more than
     * {@code atMostEvents} such events (reading them would cost more than reading the files again).
     */
    public Optional<Set<String>> casesWithEventsAfter(long position, int atMostEvents) {
        Set<String> caseIds = new HashSet<>();
        TrackingToken after = position <= 0 ? null : new GlobalSequenceTrackingToken(position);
        int seen = 0;
        while (true) {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(after, false)) {
                batch = events.toList();
            }
            if (batch.isEmpty()) {
                return Optional.of(caseIds);
            }
            seen += batch.size();
            if (seen > atMostEvents) {
                return Optional.empty();
            }
            for (TrackedEventMessage<?> message : batch) {
                if (message instanceof DomainEventMessage<?> event) {
                    caseIds.add(event.getAggregateIdentifier());
                }
            }
            after = batch.get(batch.size() - 1).trackingToken();
        }
    }
}
