package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.Closings;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;

import java.time.LocalDate;
import java.util.List;

/**
 * Verification outcome: not a dropout, or a special situation (在校就读、户籍问题、死亡、出国出境 ...). Closes the
 * case. Only categories allowed at verification; evidence is required.
 */
public record CloseAsNotDropout(String caseId, LocalDate verifiedOn, ClosingCategory category,
                                List<EvidenceDocument> evidence, String note) implements CaseCommand {

    public CloseAsNotDropout {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(verifiedOn, "verifiedOn", "核实日期");
        Checks.required(category, "category", "核实结论类别");
        evidence = Checks.list(evidence, "evidence", "佐证材料");
        note = Closings.note(category, note);
    }
}
