package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Crosses a returned student off the ledger (销号：劝返一个销号一个) once the watch period is over. Closes the case
 * with the category 劝返复学销号.
 */
public record CrossOff(String caseId, LocalDate crossedOffOn, String note) implements CaseCommand {

    public CrossOff {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(crossedOffOn, "crossedOffOn", "销号日期");
        note = Checks.optionalText(note, "note", "销号说明", Checks.NOTE_MAX);
    }
}
