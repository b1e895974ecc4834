package cn.kcbx.caseservice.storedcase;

import cn.kcbx.caseservice.casefile.CaseOpenness;
import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.access.CaseScopes;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;

import org.axonframework.eventhandling.DomainEventMessage;

import java.util.List;
import java.util.Optional;

/**
 * One case's stored events, read once ({@link StoredCases#read}), and what the service asks of them.
 *
 * @param messages the events in order, with who recorded each, when and from where (the metadata)
 */
public record StoredCase(String caseId, List<DomainEventMessage<?>> messages) {

    public StoredCase {
        messages = List.copyOf(messages);
    }

    /** The case events in order, without their metadata. */
    public List<CaseEvent> events() {
        return messages.stream().map(DomainEventMessage::getPayload).filter(CaseEvent.class::isInstance)
                       .map(CaseEvent.class::cast).toList();
    }

    /** How the case was opened; empty for a case never stored. Its student is null once erased (crypto-shredding). */
    public Optional<CaseIdentified> identification() {
        return events().stream().filter(CaseIdentified.class::isInstance).map(CaseIdentified.class::cast).findFirst();
    }

    /** Whose case it is now (after returns and transfers); null for a case never stored. */
    public CaseScope scope() {
        return CaseScopes.current(events().stream());
    }

    /** Open, closed, or no such case: the rule behind "one open case per student". */
    public CaseOpenness openness() {
        return CaseOpenness.of(events().stream());
    }
}
