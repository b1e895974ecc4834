package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A student who already has an open case is reported again (a platform comparison list pushes the child down once
 * more). Recorded on the open case rather than opening a second one, so that its timeline shows every report.
 *
 * @param reportedOn the report's date (the list's 比对下发日期), the step's business date
 * @param batch      which list reported the child (the batch's name): the evidence of the report
 */
public record RecordRepeatReport(String caseId, IdentificationSource source, LocalDate reportedOn, String batch)
        implements CaseCommand {

    public RecordRepeatReport {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(source, "source", "发现渠道");
        Checks.required(reportedOn, "reportedOn", "下发日期");
        batch = Checks.text(batch, "batch", "下发批次", Checks.TEXT_MAX);
    }
}
