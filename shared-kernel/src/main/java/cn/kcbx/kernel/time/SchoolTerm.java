package cn.kcbx.kernel.time;

import cn.kcbx.kernel.InvalidValueException;

/**
 * A school term, named by the calendar year it starts in: the autumn term of 2026 runs into early 2027.
 * Start dates come from a {@link TermCalendar}.
 */
public record SchoolTerm(int year, Season season) {

    public enum Season {
        SPRING("春季"),
        AUTUMN("秋季");

        private final String label;

        Season(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SchoolTerm {
        if (season == null) {
            throw new InvalidValueException("SCHOOL_TERM_SEASON_REQUIRED", null, "请选择春季或秋季学期");
        }
        if (year < 1900 || year > 2999) {
            throw new InvalidValueException("SCHOOL_TERM_YEAR_OUT_OF_RANGE", null,
                    "学期年份应在 1900–2999 之间，填写的是 " + year);
        }
    }

    public SchoolTerm next() {
        return season == Season.SPRING ? new SchoolTerm(year, Season.AUTUMN) : new SchoolTerm(year + 1, Season.SPRING);
    }

    /** E.g. "2026年秋季学期". */
    public String label() {
        return year + "年" + season.label() + "学期";
    }

    @Override
    public String toString() {
        return label();
    }
}
