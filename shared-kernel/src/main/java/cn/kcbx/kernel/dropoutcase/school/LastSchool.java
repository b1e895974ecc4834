package cn.kcbx.kernel.dropoutcase.school;

import cn.kcbx.kernel.dropoutcase.Checks;

/**
 * The school and grade a suspected dropout last attended. A case is identified without one (null) when the child
 * never enrolled (失学).
 *
 * @param schoolCode the 10-digit 学校标识码, or null when unknown
 */
public record LastSchool(String schoolName, String schoolCode, Grade grade) {

    public LastSchool {
        schoolName = Checks.text(schoolName, "schoolName", "学校名称", Checks.TEXT_MAX);
        schoolCode = SchoolCodes.optional(schoolCode, "schoolCode");
        Checks.required(grade, "grade", "年级");
    }
}
