package cn.kcbx.kernel.dropoutcase.closure;

/**
 * Why a case is closed (销号) (docs/domain.md §4). Each category knows whether supporting evidence is required (佐证销号:
 * all but the cross-off after a return) and by which route it may be used.
 */
public enum ClosingCategory {
    ENROLLED_LOCALLY("已在校就读（本地）", Route.SPECIAL_SITUATION),
    ENROLLED_IN_PROVINCE("省内就读", Route.SPECIAL_SITUATION),
    ENROLLED_OUT_OF_PROVINCE("省外就读", Route.SPECIAL_SITUATION),
    NOMINAL_HOUSEHOLD_REGISTRATION("信息错误/户籍问题：空挂户", Route.SPECIAL_SITUATION),
    DUAL_HOUSEHOLD_REGISTRATION("信息错误/户籍问题：双重户籍", Route.SPECIAL_SITUATION),
    WRONG_IDENTITY_DATA("信息错误/户籍问题：身份证号或姓名错误", Route.SPECIAL_SITUATION),
    DECEASED("死亡", Route.SPECIAL_SITUATION),
    ABROAD("出国出境", Route.SPECIAL_SITUATION),
    OVER_AGE("超龄", Route.SPECIAL_SITUATION),
    DEFERRAL_OR_SUSPENSION_APPROVED("延缓入学/休学已批准", Route.SPECIAL_SITUATION),
    /** Set only by crossing off a returned student after the watch period (劝返一个销号一个). */
    RETURNED_AND_CROSSED_OFF("劝返复学销号", Route.CROSS_OFF),
    HOME_TEACHING_AGED_OUT("送教上门结束（超龄）", Route.HOME_TEACHING_END),
    MOVED_TO_REGULAR_CLASS("转随班就读", Route.HOME_TEACHING_END),
    MOVED_TO_SPECIAL_SCHOOL("转特殊教育学校", Route.HOME_TEACHING_END),
    /** Needs a note saying what the situation is. */
    OTHER("其他", Route.SPECIAL_SITUATION);

    /** The ways a category may be reached. */
    public enum Route {
        /** At verification (not a dropout) or by closing a case in any open status. */
        SPECIAL_SITUATION,
        /** Only by closing a case that is in 送教上门. */
        HOME_TEACHING_END,
        /** Only by crossing off a returned student. */
        CROSS_OFF
    }

    private final String label;
    private final Route route;

    ClosingCategory(String label, Route route) {
        this.label = label;
        this.route = route;
    }

    public String label() {
        return label;
    }

    public Route route() {
        return route;
    }

    /** Whether closing needs at least one supporting document (佐证材料). */
    public boolean requiresEvidence() {
        return route != Route.CROSS_OFF;
    }

    /** Whether verification may conclude "not a dropout" with this category. */
    public boolean allowedAtVerification() {
        return route == Route.SPECIAL_SITUATION;
    }

    public boolean requiresNote() {
        return this == OTHER;
    }
}
