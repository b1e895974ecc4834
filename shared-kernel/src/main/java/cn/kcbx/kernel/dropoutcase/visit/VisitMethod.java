package cn.kcbx.kernel.dropoutcase.visit;

/** How a 劝返 contact was made. */
public enum VisitMethod {
    HOME_VISIT("入户走访"),
    PHONE("电话"),
    VIDEO("视频"),
    SCHOOL_INTERVIEW("到校约谈"),
    OTHER("其他");

    private final String label;

    VisitMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
