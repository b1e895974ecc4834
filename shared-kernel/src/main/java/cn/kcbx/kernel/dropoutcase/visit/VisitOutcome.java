package cn.kcbx.kernel.dropoutcase.visit;

/** What a 劝返 contact achieved. */
public enum VisitOutcome {
    AGREED_TO_RETURN("同意返校"),
    REFUSED_TO_RETURN("拒绝返校"),
    UNDECIDED("犹豫/需再次劝返"),
    NOBODY_HOME("家中无人"),
    UNREACHABLE("无法联系"),
    AWAY_FROM_HOME("已外出"),
    OTHER("其他");

    private final String label;

    VisitOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
