package cn.kcbx.kernel.dropoutcase;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.student.CompulsoryEducationAge;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.TermCalendar;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The county-configurable rules a case is decided by: the compulsory-education age range, the term calendar (which
 * gives the post-return watch period and the term of a recheck) and the time zone in which "today" is taken.
 * Injected into the case's command handlers next to a {@link Clock}.
 */
public record CasePolicy(CompulsoryEducationAge compulsoryAge, TermCalendar termCalendar, ZoneId zone) {

    public static final CasePolicy DEFAULT =
            new CasePolicy(CompulsoryEducationAge.DEFAULT, TermCalendar.DEFAULT, DateRules.CHINA_ZONE);

    public CasePolicy {
        if (compulsoryAge == null || termCalendar == null || zone == null) {
            throw new InvalidValueException("CASE_POLICY_INCOMPLETE", null,
                    "案件规则配置不完整：义务教育年龄范围、学期日历和时区都必须设置");
        }
    }

    /** Today's date in the policy's zone. */
    public LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(zone));
    }
}
