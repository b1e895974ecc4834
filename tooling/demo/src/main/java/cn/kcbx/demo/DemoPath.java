package cn.kcbx.demo;

/** The story a demo case follows; every path occurs at least once in a county of 20 cases or more. */
enum DemoPath {
    CROSSED_OFF("劝返复学并销号"),
    WATCHING("已返校观察中"),
    RELAPSED("复辍（返校后再次辍学）"),
    REOPENED("销号后重新开案"),
    HOME_TEACHING_ON_RATE("送教上门（按规定频次）"),
    HOME_TEACHING_BEHIND("送教上门（频次不足）"),
    HOME_TEACHING_ENDED("送教上门结束"),
    LEGAL_SERVED_OVERDUE("责令改正已送达，期限已过"),
    LEGAL_ORDER_PENDING("责令改正期限未到"),
    LEGAL_JUDICIAL("司法介入"),
    LEGAL_LAWSUIT_CONCLUDED("起诉并结案"),
    LEGAL_LAWSUIT_PENDING("起诉待判"),
    NOT_DROPOUT("核实非辍学（佐证结案）"),
    CLOSED_SPECIAL("特殊情况结案"),
    PENDING_RECHECK("失踪失联待复查"),
    RECHECK_CONFIRMED("复查后确认辍学"),
    PERSUADING("劝返中"),
    OVERDUE_NO_TRIO("已确认辍学，久未落实三帮一"),
    OVERDUE_NO_VISIT("劝返中，超过 30 天未走访"),
    AWAITING_VERIFICATION("待核实");

    /** Share of each path (percent) after the first round, which takes every path once. */
    static final int[] WEIGHTS = {18, 8, 5, 3, 3, 3, 2, 4, 2, 2, 2, 1, 15, 5, 4, 2, 10, 4, 5, 2};

    private final String label;

    DemoPath(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
