package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** A lawsuit against the guardian was filed. */
public record LawsuitFiled(String caseId, LocalDate filedOn, String court, String caseNumber) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return filedOn;
    }
}
