package cn.kcbx.kernel.dropoutcase.legal;

/** How a lawsuit ended. Most such suits end in court mediation (调解). */
public enum LawsuitOutcome {
    MEDIATED("调解"),
    JUDGED("判决"),
    WITHDRAWN("撤诉");

    private final String label;

    LawsuitOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
