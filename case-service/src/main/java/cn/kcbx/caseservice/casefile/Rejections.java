package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.dropoutcase.CaseStatus;

/**
 * The rejections a case gives when its status does not allow an action. {@code action} is the clerk's verb phrase,
 * e.g. "登记返校", so each message says exactly what was refused.
 */
final class Rejections {

    private Rejections() {
    }

    /** The usual explanation for an action refused in the case's current status. */
    static RuleViolationException notAllowedIn(CaseStatus status, String action) {
        return switch (status) {
            case CLOSED -> caseClosed(action);
            case IDENTIFIED, PENDING_RECHECK -> new RuleViolationException("CASE_NOT_VERIFIED",
                    "案件尚未核实确认辍学（当前状态：" + status.label() + "），不能" + action + "；请先完成核实");
            case CONFIRMED_DROPOUT -> trioNotAssigned(action);
            case RETURNED -> new RuleViolationException("STUDENT_RETURNED",
                    "学生已登记返校，正处于返校观察期，不能" + action + "；如学生再次辍学，请先登记复辍");
            case HOME_TEACHING -> new RuleViolationException("IN_HOME_TEACHING",
                    "学生正在接受送教上门，不能" + action + "；送教结束时请按转随班就读、转特殊教育学校或超龄结案");
            case PERSUADING -> new RuleViolationException("STATUS_NOT_ALLOWED",
                    "案件当前状态为“" + status.label() + "”，不能" + action);
        };
    }

    static RuleViolationException caseClosed(String action) {
        return new RuleViolationException("CASE_CLOSED",
                "案件已结案，不能" + action + "；如学生再次辍学或需继续跟进，请先重新开案");
    }

    static RuleViolationException trioNotAssigned(String action) {
        return new RuleViolationException("TRIO_NOT_ASSIGNED",
                "尚未落实“三帮一”帮扶人（教师、村干部、家长），不能" + action);
    }
}
