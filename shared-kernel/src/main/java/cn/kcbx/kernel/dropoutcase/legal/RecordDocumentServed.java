package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A correction order issued on this case was served (送达回证). Served documents count in the county's assessment.
 *
 * @param documentReference the order's document number
 * @param servedTo          the person who received it (or, for 公告送达, to whom it was addressed)
 */
public record RecordDocumentServed(String caseId, String documentReference, LocalDate servedOn, String servedTo,
                                   ServiceMethod serviceMethod) implements CaseCommand {

    public RecordDocumentServed {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        documentReference = Checks.text(documentReference, "documentReference", "送达文书编号", Checks.TEXT_MAX);
        Checks.required(servedOn, "servedOn", "送达日期");
        servedTo = Checks.text(servedTo, "servedTo", "受送达人", Checks.NAME_MAX);
        Checks.required(serviceMethod, "serviceMethod", "送达方式");
    }
}
