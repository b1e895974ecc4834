package cn.kcbx.kernel.dropoutcase.disability;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/**
 * The child's disability was recorded, as verified on {@code verifiedOn}; a later record replaces an earlier one.
 * (Stored before the date existed, it is the China calendar day the event was recorded: an upcaster adds it when it
 * is read.)
 */
public record DisabilityRecorded(String caseId, LocalDate verifiedOn, DisabilityCategory category,
                                 DisabilityLevel level, String certificateReference) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return verifiedOn;
    }
}
