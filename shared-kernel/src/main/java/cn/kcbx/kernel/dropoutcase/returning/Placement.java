package cn.kcbx.kernel.dropoutcase.returning;

/** Where a returned student is placed. */
public enum Placement {
    REGULAR_CLASS("随班就读（普通班）"),
    SPECIAL_CLASS("特殊教育班"),
    SPECIAL_SCHOOL("特殊教育学校"),
    VOCATIONAL("职业教育");

    private final String label;

    Placement(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
