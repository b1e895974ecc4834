package cn.kcbx.kernel.dropoutcase.trio;

/** The three helpers of 三帮一 劝返复学: one teacher, one village cadre and one parent or guardian per dropout. */
public enum TrioRole {
    TEACHER("教师"),
    VILLAGE_CADRE("村干部"),
    GUARDIAN("家长（监护人）");

    private final String label;

    TrioRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
