package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** Verification found the child has dropped out; the case is 已确认辍学. */
public record DropoutConfirmed(String caseId, LocalDate confirmedOn, String note) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return confirmedOn;
    }
}
