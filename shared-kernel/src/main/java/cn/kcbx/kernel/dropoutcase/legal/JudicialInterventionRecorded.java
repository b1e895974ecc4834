package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** A judicial body intervened. */
public record JudicialInterventionRecorded(String caseId, LocalDate intervenedOn, JudicialAuthority authority,
                                           String authorityName, String note) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return intervenedOn;
    }
}
