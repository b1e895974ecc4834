package cn.kcbx.kernel.dropoutcase.correction;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Corrects the business date of a step already recorded (a return date typed wrong, a visit entered under the wrong
 * day). Nothing recorded is changed: the correction is a step of its own, with who, when and why, and every figure by
 * date counts the step on the corrected day from then on.
 *
 * @param sequence      the step's number in the case's history (its event sequence, as the timeline shows it)
 * @param correctedDate the right date
 * @param reason        why (required: a correction must be explained)
 */
public record CorrectStepDate(String caseId, long sequence, LocalDate correctedDate, String reason)
        implements CaseCommand {

    public CorrectStepDate {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        if (sequence < 0) {
            throw new cn.kcbx.kernel.InvalidValueException("INVALID_SEQUENCE", "sequence",
                    "要更正的记录编号须为 0 或正整数");
        }
        Checks.required(correctedDate, "correctedDate", "更正后的日期");
        reason = Checks.text(reason, "reason", "更正原因", Checks.NOTE_MAX);
    }
}
