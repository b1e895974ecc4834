package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/**
 * The 三帮一 helpers were put in place on {@code assignedOn}; the case is 劝返中 from that day. (Stored before the
 * field existed, the date is the China calendar day the event was recorded: an upcaster adds it when it is read.)
 */
public record TrioAssigned(String caseId, LocalDate assignedOn, Helper teacher, Helper villageCadre, Helper guardian)
        implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return assignedOn;
    }
}
