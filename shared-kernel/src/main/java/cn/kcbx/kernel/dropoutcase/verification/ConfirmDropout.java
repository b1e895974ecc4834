package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/** Verification outcome: the child has dropped out (已确认辍学). Allowed from 待核实 and 待复查. */
public record ConfirmDropout(String caseId, LocalDate confirmedOn, String note) implements CaseCommand {

    public ConfirmDropout {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(confirmedOn, "confirmedOn", "核实日期");
        note = Checks.optionalText(note, "note", "核实情况说明", Checks.NOTE_MAX);
    }
}
