package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** The lawsuit ended. */
public record LawsuitConcluded(String caseId, LocalDate decidedOn, LawsuitOutcome outcome, String note)
        implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return decidedOn;
    }
}
