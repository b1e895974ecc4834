package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A 责令限期改正通知书 (or 限期返校通知书) was issued to the guardian. Requires 批评教育 first.
 *
 * @param orderNumber the document number (文书编号), unique within the case
 * @param deadline    the date by which the child must be back; after the issue date
 */
public record IssueCorrectionOrder(String caseId, String orderNumber, LocalDate issuedOn, String issuedBy,
                                   LocalDate deadline) implements CaseCommand {

    public IssueCorrectionOrder {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        orderNumber = Checks.text(orderNumber, "orderNumber", "文书编号", Checks.TEXT_MAX);
        Checks.required(issuedOn, "issuedOn", "发文日期");
        issuedBy = Checks.text(issuedBy, "issuedBy", "发文单位", Checks.TEXT_MAX);
        Checks.required(deadline, "deadline", "改正期限");
        if (!deadline.isAfter(issuedOn)) {
            throw new InvalidValueException("DEADLINE_NOT_AFTER_ISSUE", "deadline",
                    "改正期限（" + deadline + "）应晚于发文日期（" + issuedOn + "）");
        }
    }
}
