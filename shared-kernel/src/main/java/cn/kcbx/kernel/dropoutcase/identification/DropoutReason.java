package cn.kcbx.kernel.dropoutcase.identification;

/** Dropout reason codes (docs/domain.md §4). {@link #OTHER} needs a note. */
public enum DropoutReason {
    LEARNING_DIFFICULTY("学习困难/厌学"),
    POVERTY("因贫"),
    ILLNESS("因病"),
    DISABILITY("因残"),
    MIGRANT_WORK("外出务工"),
    EARLY_MARRIAGE("早婚早育"),
    RELIGION("宗教"),
    FAMILY_OR_GUARDIANSHIP("家庭原因/监护缺失"),
    DISTANCE_OR_ACCESS("上学远/上学难"),
    OTHER("其他");

    private final String label;

    DropoutReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
