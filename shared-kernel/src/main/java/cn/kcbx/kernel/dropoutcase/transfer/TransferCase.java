package cn.kcbx.kernel.dropoutcase.transfer;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.region.HouseholdLocation;

import java.time.LocalDate;

/**
 * Hands an open case over to another village (and so town and county) or school: the receiving side works it from
 * then on, the sending side no longer may. A 户籍迁移 names the new household location, a 学籍转移 the new school;
 * either may name both.
 *
 * @param household the new 户籍 location; null when it does not change
 * @param school    the new school; null when it does not change
 */
public record TransferCase(String caseId, TransferKind kind, LocalDate transferredOn, HouseholdLocation household,
                           ReceivingSchool school, String note) implements CaseCommand {

    public TransferCase {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(kind, "kind", "移交类型（户籍迁移或学籍转移）");
        Checks.required(transferredOn, "transferredOn", "移交日期");
        if (kind == TransferKind.HOUSEHOLD_MOVED && household == null) {
            throw new InvalidValueException("VALUE_REQUIRED", "household", "户籍迁移须填写迁入地（精确到村、社区）");
        }
        if (kind == TransferKind.ENROLMENT_TRANSFERRED && school == null) {
            throw new InvalidValueException("VALUE_REQUIRED", "school", "学籍转移须填写接收学校及其学校标识码");
        }
        note = Checks.optionalText(note, "note", "移交说明", Checks.NOTE_MAX);
    }
}
