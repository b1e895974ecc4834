package cn.kcbx.kernel.dropoutcase.hometeaching;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Arranges 送教上门 for a child whose disability is recorded; the child stays on the roll of
 * {@code schoolOfRegistration}. At least two different teachers are assigned. {@code startsOn} may lie ahead
 * (arranged in advance), but not before the case was identified.
 *
 * @param requiredSessionsPerWeek visits per week required by the county's rule (e.g. 2)
 * @param periodsPerSession       课时 per visit (e.g. 3)
 */
public record ArrangeHomeTeaching(String caseId, List<String> teachers, String schoolOfRegistration,
                                  int requiredSessionsPerWeek, int periodsPerSession, LocalDate startsOn)
        implements CaseCommand {

    public static final int MIN_TEACHERS = 2;

    public ArrangeHomeTeaching {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        teachers = Checks.texts(teachers, "teachers", "送教教师姓名", Checks.NAME_MAX);
        if (teachers.size() < MIN_TEACHERS) {
            throw new InvalidValueException("HOME_TEACHERS_TOO_FEW", "teachers",
                    "送教上门至少安排 " + MIN_TEACHERS + " 名教师，填写了 " + teachers.size() + " 名");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < teachers.size(); i++) {
            if (!seen.add(teachers.get(i))) {
                throw new InvalidValueException("HOME_TEACHERS_NOT_DISTINCT", "teachers[" + i + "]",
                        "送教教师“" + teachers.get(i) + "”填写了两次，请安排不同的教师");
            }
        }
        schoolOfRegistration = Checks.text(schoolOfRegistration, "schoolOfRegistration", "学籍所在学校",
                Checks.TEXT_MAX);
        Checks.inRange(requiredSessionsPerWeek, 1, 7, "requiredSessionsPerWeek", "每周送教次数");
        Checks.inRange(periodsPerSession, 1, 8, "periodsPerSession", "每次送教课时");
        Checks.required(startsOn, "startsOn", "送教开始日期");
    }
}
