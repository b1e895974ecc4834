package cn.kcbx.kernel.student;

import cn.kcbx.kernel.InvalidValueException;

import java.time.LocalDate;
import java.util.Objects;

/** The compulsory-education age policy, in full years (周岁), both ends inclusive. */
public record CompulsoryEducationAge(int minAge, int maxAge) {

    public static final CompulsoryEducationAge DEFAULT = new CompulsoryEducationAge(6, 16);

    public CompulsoryEducationAge {
        if (minAge < 3 || maxAge > 18) {
            throw new InvalidValueException("AGE_RANGE_OUT_OF_BOUNDS", null,
                    "义务教育年龄范围应在 3–18 周岁之间，设置的是 " + minAge + "–" + maxAge + " 周岁");
        }
        if (minAge > maxAge) {
            throw new InvalidValueException("AGE_RANGE_INVALID", null,
                    "义务教育年龄范围设置有误：最小年龄 " + minAge + " 周岁大于最大年龄 " + maxAge + " 周岁");
        }
    }

    public boolean covers(int age) {
        return age >= minAge && age <= maxAge;
    }

    /** Rejects a student whose full-year age on {@code onDate} (usually the identification date) is out of range. */
    public void requireCovers(LocalDate birthDate, LocalDate onDate) {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(onDate, "onDate");
        int age = IdNumberRules.fullYears(birthDate, onDate);
        if (!covers(age)) {
            throw new InvalidValueException("AGE_OUT_OF_COMPULSORY_RANGE", null,
                    "该学生识别时 " + age + " 周岁，不在义务教育年龄范围（" + minAge + "–" + maxAge + " 周岁）内");
        }
    }
}
