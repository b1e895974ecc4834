package cn.kcbx.caseservice.privacy;

import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.student.Sex;

import java.time.LocalDate;
import java.util.List;

/**
 * A case's personal data in full, decrypted from its events: shown only on the case's detail page, to a user whose
 * jurisdiction covers the case, after the reveal was recorded in the access log.
 */
public record PersonalDataView(String caseId, String name, String idNumber, String studentNumber, Sex sex,
                               LocalDate birthDate, String householdAddress, List<HelperView> helpers) {

    /** A 三帮一 helper, current or replaced. */
    public record HelperView(TrioRole role, String name, String unitOrRelation, String phone, boolean current) {
    }
}
