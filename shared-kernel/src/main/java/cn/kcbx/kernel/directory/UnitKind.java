package cn.kcbx.kernel.directory;

/** The kinds of unit a county's directory lists. */
public enum UnitKind {
    COUNTY("县（市、区）"),
    TOWN("乡镇（街道）"),
    VILLAGE("村（社区）"),
    SCHOOL("学校");

    private final String label;

    UnitKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
