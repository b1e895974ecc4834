package cn.kcbx.kernel.dropoutcase.trio;

import java.time.LocalDate;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

/** The 三帮一 helpers were put in place; the case is 劝返中. */
public record TrioAssigned(String caseId, Helper teacher, Helper villageCadre, Helper guardian) implements CaseEvent {

    // TODO business date (issue 14)
    @Override
    public LocalDate occurredOn() {
        return null;
    }
}
