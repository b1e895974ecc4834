package cn.kcbx.eventstore;

/**
 * One stored event of a case as the hash chain sees it: the covered fields exactly as stored, and the stored
 * {@code prevHash} and {@code hash} (null only when someone removed them from the stored record).
 */
record ChainedEvent(String aggregateId, long sequence, String eventId, String timestamp, String payloadType,
                    String payloadRevision, String payload, String metaData, String prevHash, String hash) {

    /** The hash this event has when it follows an event with hash {@code previousHash}. */
    String hashAfter(String previousHash) {
        return EventChain.hash(aggregateId, sequence, eventId, timestamp, payloadType, payloadRevision, payload,
                               metaData, previousHash);
    }

    boolean isChained() {
        return hash != null;
    }
}
