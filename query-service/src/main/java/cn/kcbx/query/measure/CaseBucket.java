package cn.kcbx.query.measure;

import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.query.casefile.CaseFile;

/**
 * The one column of the 劝返销号 account a case counts in. Every case is in exactly one bucket, so the columns of a
 * town add up to its number of cases, and towns add up to the county.
 */
public enum CaseBucket {
    PENDING_VERIFICATION("待核实"),
    PENDING_RECHECK("待复查"),
    PERSUADING("在劝"),
    RETURNED_WATCHING("已返校观察中"),
    CROSSED_OFF("已销号"),
    HOME_TEACHING("送教上门"),
    HOME_TEACHING_ENDED("送教上门结束"),
    SPECIAL_SITUATION("特殊情况");

    private final String label;

    CaseBucket(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static CaseBucket of(CaseFile file) {
        return switch (file.status()) {
            case IDENTIFIED -> PENDING_VERIFICATION;
            case PENDING_RECHECK -> PENDING_RECHECK;
            case CONFIRMED_DROPOUT, PERSUADING -> PERSUADING;
            case HOME_TEACHING -> HOME_TEACHING;
            case RETURNED -> RETURNED_WATCHING;
            case CLOSED -> closed(file.closingCategory());
        };
    }

    private static CaseBucket closed(ClosingCategory category) {
        if (category == null) {
            return SPECIAL_SITUATION;
        }
        return switch (category.route()) {
            case CROSS_OFF -> CROSSED_OFF;
            case HOME_TEACHING_END -> HOME_TEACHING_ENDED;
            case SPECIAL_SITUATION -> SPECIAL_SITUATION;
        };
    }
}
