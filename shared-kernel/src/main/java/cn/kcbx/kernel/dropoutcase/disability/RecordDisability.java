package cn.kcbx.kernel.dropoutcase.disability;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Records (or updates) the child's disability, which opens the way to 送教上门. Allowed in any open status.
 *
 * @param verifiedOn           the day the case learned of the disability and checked it (残疾情况核实日期); not the
 *                             certificate's issue date, which may be years earlier
 * @param certificateReference the 残疾人证 number or the hospital diagnosis reference
 */
public record RecordDisability(String caseId, LocalDate verifiedOn, DisabilityCategory category,
                               DisabilityLevel level, String certificateReference) implements CaseCommand {

    public RecordDisability {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(verifiedOn, "verifiedOn", "残疾情况核实日期");
        Checks.required(category, "category", "残疾类别");
        Checks.required(level, "level", "残疾等级");
        certificateReference = Checks.text(certificateReference, "certificateReference", "残疾证号或诊断证明编号",
                Checks.TEXT_MAX);
    }
}
