package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A returned student dropped out again during the watch period (复辍). The same case continues with a new episode;
 * the 三帮一 helpers stay.
 */
public record RecordRelapse(String caseId, LocalDate droppedOutAgainOn, String note) implements CaseCommand {

    public RecordRelapse {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(droppedOutAgainOn, "droppedOutAgainOn", "再次辍学日期");
        note = Checks.optionalText(note, "note", "复辍情况说明", Checks.NOTE_MAX);
    }
}
