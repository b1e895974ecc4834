package cn.kcbx.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** {@link StoredCaseEvents} through the storage engine: the events themselves, never a snapshot. */
@Component
class EngineCaseEvents implements StoredCaseEvents {

    private final EventStorageEngine engine;

    EngineCaseEvents(EventStorageEngine engine) {
        this.engine = engine;
    }

    @Override
    public List<ProjectionEvent> upTo(String caseId, long upToSequence) {
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
}
