package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.List;

/** The case was closed (销号) for the given category; history stays. */
public record CaseClosed(String caseId, LocalDate closedOn, ClosingCategory category, List<EvidenceDocument> evidence,
                         String note) implements CaseEvent {

    public CaseClosed {
        evidence = Checks.copy(evidence);
    }

    @Override
    public LocalDate occurredOn() {
        return closedOn;
    }
}
