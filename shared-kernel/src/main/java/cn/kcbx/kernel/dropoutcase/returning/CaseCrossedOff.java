package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** The returned student was crossed off; the case is closed as 劝返复学销号. History stays. */
public record CaseCrossedOff(String caseId, LocalDate crossedOffOn, String note) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return crossedOffOn;
    }
}
