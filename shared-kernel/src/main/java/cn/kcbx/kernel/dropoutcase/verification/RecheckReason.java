package cn.kcbx.kernel.dropoutcase.verification;

/** Why verification could not conclude; such cases are checked again every term (docs/domain.md §4). */
public enum RecheckReason {
    MISSING_OR_UNREACHABLE("失踪失联"),
    PERSON_NOT_FOUND("查无此人");

    private final String label;

    RecheckReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
