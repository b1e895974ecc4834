package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** A 责令限期改正通知书 was issued. */
public record CorrectionOrderIssued(String caseId, String orderNumber, LocalDate issuedOn, String issuedBy,
                                    LocalDate deadline) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return issuedOn;
    }
}
