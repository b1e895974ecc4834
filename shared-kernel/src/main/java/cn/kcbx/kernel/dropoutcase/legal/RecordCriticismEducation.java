package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * The guardian received 批评教育 (义务教育法 §58), the first rung of the legal ladder.
 *
 * @param issuedBy the 乡镇人民政府 or county education bureau that gave it
 */
public record RecordCriticismEducation(String caseId, LocalDate criticisedOn, String issuedBy, String note)
        implements CaseCommand {

    public RecordCriticismEducation {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(criticisedOn, "criticisedOn", "批评教育日期");
        issuedBy = Checks.text(issuedBy, "issuedBy", "实施批评教育的单位", Checks.TEXT_MAX);
        note = Checks.optionalText(note, "note", "批评教育情况", Checks.NOTE_MAX);
    }
}
