package cn.kcbx.kernel.dropoutcase;

/** Where a case stands in its lifecycle (docs/domain.md §8). */
public enum CaseStatus {
    /** Reported as a suspected dropout; not yet verified on the ground. */
    IDENTIFIED("待核实"),
    /** Verification found the child missing or unknown (失踪失联、查无此人); checked again at the next term start. */
    PENDING_RECHECK("待复查"),
    /** Verified as a dropout; the 三帮一 helpers are not yet in place. */
    CONFIRMED_DROPOUT("已确认辍学"),
    /** The 三帮一 helpers are persuading the family; visits and the legal ladder are recorded here. */
    PERSUADING("劝返中"),
    /** The child is taught at home (送教上门) and stays on the school roll. */
    HOME_TEACHING("送教上门"),
    /** Back at school; watched until the watch period ends, then crossed off (销号). */
    RETURNED("已返校观察中"),
    /** Closed: crossed off after return, or closed for a special situation. History stays. */
    CLOSED("已结案");

    private final String label;

    CaseStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isOpen() {
        return this != CLOSED;
    }
}
