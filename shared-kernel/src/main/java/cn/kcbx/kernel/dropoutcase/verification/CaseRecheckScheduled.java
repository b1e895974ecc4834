package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.time.SchoolTerm;

import java.time.LocalDate;
import java.util.List;

/**
 * The child could not be found; the case is 待复查 until the start-of-term check of {@code recheckTerm}, which ends on
 * {@code recheckDueBy}.
 */
public record CaseRecheckScheduled(String caseId, LocalDate checkedOn, RecheckReason reason,
                                   List<EvidenceDocument> evidence, String note, SchoolTerm recheckTerm,
                                   LocalDate recheckDueBy) implements CaseEvent {

    public CaseRecheckScheduled {
        evidence = Checks.copy(evidence);
    }

    @Override
    public LocalDate occurredOn() {
        return checkedOn;
    }
}
