package cn.kcbx.kernel.dropoutcase.disability;

/** Disability grade; 一级 is the most severe. */
public enum DisabilityLevel {
    LEVEL_1("一级"),
    LEVEL_2("二级"),
    LEVEL_3("三级"),
    LEVEL_4("四级");

    private final String label;

    DisabilityLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
