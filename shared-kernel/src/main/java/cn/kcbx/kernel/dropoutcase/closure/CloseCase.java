package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.List;

/**
 * Closes an open case for a special situation (any open status) or ends 送教上门 (only from 送教上门). A returned
 * student is crossed off with {@code CrossOff}, never with this command. Evidence is required for every category
 * allowed here.
 */
public record CloseCase(String caseId, LocalDate closedOn, ClosingCategory category, List<EvidenceDocument> evidence,
                        String note) implements CaseCommand {

    public CloseCase {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(closedOn, "closedOn", "结案日期");
        Checks.required(category, "category", "结案类别");
        evidence = Checks.list(evidence, "evidence", "佐证材料");
        note = Closings.note(category, note);
    }
}
