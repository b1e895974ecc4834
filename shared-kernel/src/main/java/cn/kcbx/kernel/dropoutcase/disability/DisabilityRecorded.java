package cn.kcbx.kernel.dropoutcase.disability;

import java.time.LocalDate;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

/** The child's disability was recorded; a later record replaces an earlier one. */
public record DisabilityRecorded(String caseId, DisabilityCategory category, DisabilityLevel level,
                                 String certificateReference) implements CaseEvent {

    // TODO business date (issue 14)
    @Override
    public LocalDate occurredOn() {
        return null;
    }
}
