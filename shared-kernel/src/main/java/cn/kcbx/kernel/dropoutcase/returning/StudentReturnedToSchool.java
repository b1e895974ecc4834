package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.school.Grade;

import java.time.LocalDate;

/**
 * The student is back at school; the case is 已返校观察中 and may be crossed off from {@code watchPeriodEndsOn} (the
 * rest of the current term plus the next start-of-term check, from the county's term calendar).
 *
 * @param episode the dropout episode that ended with this return: 1, or more after a relapse
 */
public record StudentReturnedToSchool(String caseId, LocalDate returnedOn, String schoolName, String schoolCode,
                                      Grade grade, String className, Placement placement, int episode,
                                      LocalDate watchPeriodEndsOn) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return returnedOn;
    }
}
