package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A lawsuit against the guardian was filed (依法起诉, usually the 乡镇 government as plaintiff). Requires a served
 * correction order whose deadline had passed by {@code filedOn}; one lawsuit at a time.
 *
 * @param caseNumber the court's case number (案号)
 */
public record RecordLawsuitFiled(String caseId, LocalDate filedOn, String court, String caseNumber)
        implements CaseCommand {

    public RecordLawsuitFiled {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(filedOn, "filedOn", "起诉日期");
        court = Checks.text(court, "court", "受理法院", Checks.TEXT_MAX);
        caseNumber = Checks.text(caseNumber, "caseNumber", "案号", Checks.TEXT_MAX);
    }
}
