package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

/**
 * Puts the 三帮一 helpers in place for a confirmed dropout; the case goes to 劝返中. Done once; later changes use
 * {@link ReplaceTrioMember}. The three must be different people.
 */
public record AssignTrio(String caseId, Helper teacher, Helper villageCadre, Helper guardian) implements CaseCommand {

    public AssignTrio {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(teacher, "teacher", "帮扶教师");
        Checks.required(villageCadre, "villageCadre", "帮扶村干部");
        Checks.required(guardian, "guardian", "家长（监护人）");
    }
}
