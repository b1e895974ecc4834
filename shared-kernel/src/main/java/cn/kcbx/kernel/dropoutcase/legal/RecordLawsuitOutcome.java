package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/** The pending lawsuit ended; not before it was filed. */
public record RecordLawsuitOutcome(String caseId, LocalDate decidedOn, LawsuitOutcome outcome, String note)
        implements CaseCommand {

    public RecordLawsuitOutcome {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(decidedOn, "decidedOn", "结案（调解、判决、撤诉）日期");
        Checks.required(outcome, "outcome", "诉讼结果");
        note = Checks.optionalText(note, "note", "诉讼结果说明", Checks.NOTE_MAX);
    }
}
