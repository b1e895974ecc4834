package cn.kcbx.kernel.dropoutcase.privacy;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

/** Erases the student's personal data from a closed case (crypto-shredding). */
public record ErasePersonalData(String caseId, String reason) implements CaseCommand {

    public ErasePersonalData {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        reason = Checks.text(reason, "reason", "删除个人信息的原因", Checks.NOTE_MAX);
    }
}
