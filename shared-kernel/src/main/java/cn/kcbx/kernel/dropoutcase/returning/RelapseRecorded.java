package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;

import java.time.LocalDate;

/**
 * A returned student dropped out again; dropout episode {@code episode} (2, 3, ...) begins and the case resumes in
 * {@code resumedStatus}: 劝返中 when 三帮一 helpers are assigned, else 已确认辍学.
 */
public record RelapseRecorded(String caseId, LocalDate droppedOutAgainOn, int episode, CaseStatus resumedStatus,
                              String note) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return droppedOutAgainOn;
    }
}
