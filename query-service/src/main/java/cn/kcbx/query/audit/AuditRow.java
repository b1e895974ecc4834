package cn.kcbx.query.audit;

import java.time.Instant;

/**
 * One line of the audit list: a case event or an access-log entry. It never holds a personal field (name, ID number,
 * phone number).
 *
 * @param time       when it happened (recorded)
 * @param userId     who did it
 * @param role       their role: VILLAGE, SCHOOL, TOWN, COUNTY or ADMIN
 * @param roleLabel  the role in Chinese
 * @param unit       their unit's code (division code or school code)
 * @param unitName   the unit's name in its county's unit directory (as on the day of the row), or null when no
 *                   directory lists it
 * @param action     what was done, in Chinese, e.g. 劝返走访, 登录, 查看完整个人信息
 * @param actionCode the same as a stable code: the event type ({@code VisitLogged}) or the access action
 *                   ({@code SIGNED_IN})
 * @param source     {@code CASE_EVENT} (from the case's events) or {@code ACCESS_LOG}
 * @param caseId     the case concerned, or null
 * @param detail     a short note: the command and the client request of an event, or the access log's detail
 * @param channel    web, mobile, import or api (case events only)
 * @param origin     the client address
 */
public record AuditRow(Instant time, String userId, String role, String roleLabel, String unit, String unitName,
                       String action, String actionCode, String source, String caseId, String detail, String channel,
                       String origin) {

    public static final String CASE_EVENT = "CASE_EVENT";
    public static final String ACCESS_LOG = "ACCESS_LOG";

    AuditRow withUnitName(String name) {
        return new AuditRow(time, userId, role, roleLabel, unit, name, action, actionCode, source, caseId, detail,
                            channel, origin);
    }
}
