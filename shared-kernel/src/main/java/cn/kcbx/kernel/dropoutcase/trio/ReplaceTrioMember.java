package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Replaces one 三帮一 helper (teacher transferred, cadre changed, guardian changed ...).
 *
 * @param replacedOn the day the new helper took over (更换日期)
 */
public record ReplaceTrioMember(String caseId, LocalDate replacedOn, TrioRole role, Helper newMember, String reason)
        implements CaseCommand {

    public ReplaceTrioMember {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(replacedOn, "replacedOn", "更换日期");
        Checks.required(role, "role", "更换的帮扶角色");
        Checks.required(newMember, "newMember", "新的帮扶人");
        reason = Checks.text(reason, "reason", "更换原因", Checks.NOTE_MAX);
    }
}
