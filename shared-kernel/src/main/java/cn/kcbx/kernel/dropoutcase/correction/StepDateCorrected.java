package cn.kcbx.kernel.dropoutcase.correction;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/**
 * The business date of an earlier step was corrected. The step itself stays as recorded; whoever reads the case
 * applies the correction to it ({@link DateCorrections}).
 *
 * @param correctedSequence the sequence of the corrected step's event
 * @param step              that event's type (simple name), as a check on the reader's side
 * @param previousDate      the date as it stood before this correction
 * @param correctedDate     the right date
 * @param watchPeriodEndsOn for a corrected return: the watch period's end for the corrected date; otherwise null
 */
public record StepDateCorrected(String caseId, long correctedSequence, String step, LocalDate previousDate,
                                LocalDate correctedDate, LocalDate watchPeriodEndsOn, String reason)
        implements CaseEvent {

    /** A correction is an act on the record, not a step of the case: it has no business date of its own. */
    @Override
    public LocalDate occurredOn() {
        return null;
    }
}
