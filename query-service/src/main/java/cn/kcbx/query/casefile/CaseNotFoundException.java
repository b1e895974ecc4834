package cn.kcbx.query.casefile;

import cn.kcbx.kernel.DomainException;

/** No case with this id is known to the read side (HTTP 404). */
public class CaseNotFoundException extends DomainException {

    public CaseNotFoundException(String caseId) {
        super("CASE_NOT_FOUND", "caseId", "案件不存在（案件编号 " + caseId + "），请核对案件编号");
    }
}
