package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** The guardian received 批评教育. */
public record CriticismEducationRecorded(String caseId, LocalDate criticisedOn, String issuedBy, String note)
        implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return criticisedOn;
    }
}
