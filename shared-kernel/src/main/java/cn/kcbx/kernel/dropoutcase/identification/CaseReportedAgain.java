package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** The student of this open case was reported again; see {@link RecordRepeatReport}. Changes no status. */
public record CaseReportedAgain(String caseId, IdentificationSource source, LocalDate reportedOn, String batch)
        implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return reportedOn;
    }
}
