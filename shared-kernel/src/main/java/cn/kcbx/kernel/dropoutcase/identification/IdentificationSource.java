package cn.kcbx.kernel.dropoutcase.identification;

/** How a suspected dropout came to light (docs/domain.md §2). {@link #OTHER} needs a note saying which channel. */
public enum IdentificationSource {
    TERM_START_CHECK("开学排查"),
    PLATFORM_COMPARISON("平台比对下发"),
    ABSENCE_REPORT("缺勤上报"),
    VILLAGE_SURVEY("村级摸排"),
    OTHER("其他");

    private final String label;

    IdentificationSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean requiresNote() {
        return this == OTHER;
    }
}
