package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;

import java.time.LocalDate;
import java.util.List;

/**
 * Verification outcome: the child could not be found (失踪失联、查无此人). The case waits for the next term's
 * start-of-term check, which the system works out from the term calendar. The on-the-ground check must be documented
 * (调查笔录, 村委证明 ...): at least one evidence document.
 */
public record ScheduleRecheck(String caseId, LocalDate checkedOn, RecheckReason reason,
                              List<EvidenceDocument> evidence, String note) implements CaseCommand {

    public ScheduleRecheck {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(checkedOn, "checkedOn", "核实日期");
        Checks.required(reason, "reason", "待复查原因");
        evidence = Checks.list(evidence, "evidence", "佐证材料");
        note = Checks.optionalText(note, "note", "核实情况说明", Checks.NOTE_MAX);
    }
}
