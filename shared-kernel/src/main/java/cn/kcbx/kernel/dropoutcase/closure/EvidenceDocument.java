package cn.kcbx.kernel.dropoutcase.closure;

import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * One supporting document.
 *
 * @param reference the document number or the reference of the uploaded file
 * @param issuedBy  the issuing unit (e.g. 某某派出所), or who made the record or photo
 * @param issuedOn  the date it was issued or made; never in the future
 */
public record EvidenceDocument(EvidenceKind kind, String reference, String issuedBy, LocalDate issuedOn) {

    public EvidenceDocument {
        Checks.required(kind, "kind", "佐证材料类型");
        reference = Checks.text(reference, "reference", "佐证材料编号或文件", Checks.TEXT_MAX);
        issuedBy = Checks.text(issuedBy, "issuedBy", "出具单位（人）", Checks.TEXT_MAX);
        Checks.required(issuedOn, "issuedOn", "出具日期");
    }
}
