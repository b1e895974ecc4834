package cn.kcbx.kernel.dropoutcase.disability;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

/**
 * Records (or updates) the child's disability, which opens the way to 送教上门. Allowed in any open status.
 *
 * @param certificateReference the 残疾人证 number or the hospital diagnosis reference
 */
public record RecordDisability(String caseId, DisabilityCategory category, DisabilityLevel level,
                               String certificateReference) implements CaseCommand {

    public RecordDisability {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(category, "category", "残疾类别");
        Checks.required(level, "level", "残疾等级");
        certificateReference = Checks.text(certificateReference, "certificateReference", "残疾证号或诊断证明编号",
                Checks.TEXT_MAX);
    }
}
