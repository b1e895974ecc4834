package cn.kcbx.eventstore.spring.upcasting;

import cn.kcbx.kernel.time.DateRules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Gives an event stored before it had a business date that date: the China calendar day on which the event was
 * recorded (its timestamp). That is the day the read side counted it on until then, so no figure changes.
 */
final class BusinessDateUpcaster extends SingleEventUpcaster {

    private final SerializedType from;
    private final SerializedType to;
    private final String field;

    /**
     * @param eventType    the event's class
     * @param fromRevision the stored revision without the date (null: the first shape)
     * @param toRevision   the revision with it
     * @param field        the date's JSON property
     */
    BusinessDateUpcaster(Class<?> eventType, String fromRevision, String toRevision, String field) {
        this.from = new SimpleSerializedType(eventType.getName(), fromRevision);
        this.to = new SimpleSerializedType(eventType.getName(), Objects.requireNonNull(toRevision));
        this.field = field;
    }

    SerializedType to() {
        return to;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String recordedOn = LocalDate.ofInstant(representation.getTimestamp(), DateRules.CHINA_ZONE).toString();
        return representation.upcastPayload(to, JsonNode.class, payload -> {
            if (payload instanceof ObjectNode event && !event.hasNonNull(field)) {
                event.put(field, recordedOn);
            }
            return payload;
        });
    }
}
