package cn.kcbx.kernel.dropoutcase.transfer;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.school.SchoolCodes;

/**
 * The school a student's 学籍 moved to. Its 学校标识码 is required: from the transfer on, that school handles the
 * case for the education line.
 */
public record ReceivingSchool(String schoolName, String schoolCode) {

    public ReceivingSchool {
        schoolName = Checks.text(schoolName, "schoolName", "接收学校名称", Checks.TEXT_MAX);
        if (schoolCode == null || schoolCode.isBlank()) {
            throw new InvalidValueException("VALUE_REQUIRED", "schoolCode", "请填写接收学校的学校标识码");
        }
        schoolCode = SchoolCodes.optional(schoolCode, "schoolCode");
    }
}
