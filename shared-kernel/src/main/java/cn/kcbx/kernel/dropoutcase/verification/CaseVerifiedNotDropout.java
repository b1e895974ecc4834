package cn.kcbx.kernel.dropoutcase.verification;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;

import java.time.LocalDate;
import java.util.List;

/** Verification found the child is not a dropout (or a special situation); the case is closed. */
public record CaseVerifiedNotDropout(String caseId, LocalDate verifiedOn, ClosingCategory category,
                                     List<EvidenceDocument> evidence, String note) implements CaseEvent {

    public CaseVerifiedNotDropout {
        evidence = Checks.copy(evidence);
    }

    @Override
    public LocalDate occurredOn() {
        return verifiedOn;
    }
}
