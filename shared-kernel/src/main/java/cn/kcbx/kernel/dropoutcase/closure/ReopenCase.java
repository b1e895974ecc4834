package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/** Reopens a closed case (the child dropped out again, or the closure was wrong). */
public record ReopenCase(String caseId, LocalDate reopenedOn, String reason) implements CaseCommand {

    public ReopenCase {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(reopenedOn, "reopenedOn", "重新开案日期");
        reason = Checks.text(reason, "reason", "重新开案原因", Checks.NOTE_MAX);
    }
}
