package cn.kcbx.kernel.dropoutcase.returning;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.SchoolCodes;

import java.time.LocalDate;

/**
 * The school records that the student is back (劝返复学). The case goes to 已返校观察中 until the watch period ends.
 *
 * @param schoolCode the 10-digit 学校标识码, optional
 * @param className  e.g. 七年级（2）班; optional
 */
public record RecordReturnToSchool(String caseId, LocalDate returnedOn, String schoolName, String schoolCode,
                                   Grade grade, String className, Placement placement) implements CaseCommand {

    public RecordReturnToSchool {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(returnedOn, "returnedOn", "返校日期");
        schoolName = Checks.text(schoolName, "schoolName", "就读学校名称", Checks.TEXT_MAX);
        schoolCode = SchoolCodes.optional(schoolCode, "schoolCode");
        Checks.required(grade, "grade", "就读年级");
        className = Checks.optionalText(className, "className", "班级", Checks.NAME_MAX);
        Checks.required(placement, "placement", "安置方式");
    }
}
