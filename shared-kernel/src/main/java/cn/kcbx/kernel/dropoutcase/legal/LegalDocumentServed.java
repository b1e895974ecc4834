package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/** A correction order was served on the guardian. */
public record LegalDocumentServed(String caseId, String documentReference, LocalDate servedOn, String servedTo,
                                  ServiceMethod serviceMethod) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return servedOn;
    }
}
