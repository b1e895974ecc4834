package cn.kcbx.kernel.dropoutcase.privacy;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/**
 * The student's personal data was erased: the data key that encrypted it in the event store was destroyed, so the
 * personal fields of every event of the case (see {@link PersonalFields}) read as absent from now on, and the read
 * side blanks its own copies. Who erased it and when travel in the event metadata; the event itself holds no personal
 * data. Counts and reports are unchanged: region, status, dates, categories and reasons were never encrypted.
 *
 * @param reason why, as given by the county (for the audit; it must not quote the personal data itself)
 */
public record PersonalDataErased(String caseId, String reason) implements CaseEvent {

    /** An act on the record itself, not a step of the child's schooling: it has no business date. */
    @Override
    public LocalDate occurredOn() {
        return null;
    }
}
