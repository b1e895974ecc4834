package cn.kcbx.kernel.dropoutcase.school;

import cn.kcbx.kernel.dropoutcase.Checks;

/** The 10-digit 学校标识码 issued by the Ministry of Education; optional wherever a school is named. */
public final class SchoolCodes {

    public static final int LENGTH = 10;

    private SchoolCodes() {
    }

    /** The stripped code, or null when none was given. */
    public static String optional(String code, String field) {
        if (code == null || code.isBlank()) {
            return null;
        }
        return Checks.digits(code, LENGTH, field, "学校标识码", "SCHOOL_CODE_INVALID");
    }
}
