package cn.kcbx.caseservice.storedcase;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.util.List;

/**
 * The one way the case service reads a stored case outside the aggregate: its whole event history from the first
 * event, through the event store's upcasters and decryption (an erased case's personal fields read as null). Snapshots
 * are not read: they are the aggregate's shortcut, and everything here needs the events themselves.
 */
public class StoredCases {

    private final EventStorageEngine eventStorage;

    public StoredCases(EventStorageEngine eventStorage) {
        this.eventStorage = eventStorage;
    }

    /** The case as stored now; a case never stored reads as one without events. */
    public StoredCase read(String caseId) {
        List<DomainEventMessage<?>> messages = eventStorage.readEvents(caseId).asStream()
                                                           .<DomainEventMessage<?>>map(message -> message).toList();
        return new StoredCase(caseId, messages);
    }
}
