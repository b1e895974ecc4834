package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;

import java.time.LocalDate;

/**
 * A closed case was reopened and resumed in {@code resumedStatus}: 劝返中 when 三帮一 helpers are assigned, else
 * 已确认辍学 when the dropout had been confirmed, else 待核实.
 *
 * @param episode the dropout episode the case continues with: one more than before when the reopened case had been
 *                crossed off after a return (the child dropped out again), otherwise unchanged
 */
public record CaseReopened(String caseId, LocalDate reopenedOn, String reason, CaseStatus resumedStatus, int episode)
        implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return reopenedOn;
    }
}
