package cn.kcbx.query.projection;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import org.axonframework.eventhandling.DomainEventMessage;

import java.time.Instant;
import java.util.Map;

/**
 * A stored case event as projections see it, the same whether it came live from the processor or from a rebuild.
 *
 * @param caseId   the case (aggregate) id
 * @param sequence the event's sequence number within its case, from 0
 * @param position its global position in the event store
 */
public record ProjectionEvent(String caseId, long sequence, long position, String eventId, Instant recordedAt,
                              CaseEvent payload, Map<String, ?> metaData) {

    /** The event, or null when it is not a case event (a projection skips it). */
    public static ProjectionEvent of(DomainEventMessage<?> message, long position) {
        if (!(message.getPayload() instanceof CaseEvent payload)) {
            return null;
        }
        return new ProjectionEvent(message.getAggregateIdentifier(), message.getSequenceNumber(), position,
                                   message.getIdentifier(), message.getTimestamp(), payload, message.getMetaData());
    }

    public String metaDataString(String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
