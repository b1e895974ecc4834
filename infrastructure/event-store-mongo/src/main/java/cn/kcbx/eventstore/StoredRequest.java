package cn.kcbx.eventstore;

import java.util.List;
import java.util.Map;

/**
 * What the store remembers of a processed client request: the case it touched, the events it produced (types) and
 * the metadata of its first event (actor, command name).
 */
public record StoredRequest(String requestId, String aggregateId, List<String> payloadTypes,
                            Map<String, Object> metaData) {
}
