package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Puts the 三帮一 helpers in place for a confirmed dropout; the case goes to 劝返中. Done once; later changes use
 * {@link ReplaceTrioMember}. The three must be different people.
 *
 * @param assignedOn the day the helpers were put in place (落实日期), which may lie before the day it is entered
 */
public record AssignTrio(String caseId, LocalDate assignedOn, Helper teacher, Helper villageCadre, Helper guardian)
        implements CaseCommand {

    public AssignTrio {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(assignedOn, "assignedOn", "落实日期");
        Checks.required(teacher, "teacher", "帮扶教师");
        Checks.required(villageCadre, "villageCadre", "帮扶村干部");
        Checks.required(guardian, "guardian", "家长（监护人）");
    }
}
