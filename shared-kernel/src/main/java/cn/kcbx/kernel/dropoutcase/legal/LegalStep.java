package cn.kcbx.kernel.dropoutcase.legal;

/**
 * The furthest rung of the legal ladder reached against the guardian (docs/domain.md §5): 批评教育 → 责令限期改正 →
 * 文书送达 → 司法介入 → 依法起诉 → 审结. Declaration order is ladder order.
 */
public enum LegalStep {
    NONE("未启动"),
    CRITICISED("已批评教育"),
    ORDER_ISSUED("已责令限期改正"),
    DOCUMENTS_SERVED("法律文书已送达"),
    JUDICIAL_INTERVENTION("司法已介入"),
    SUED("已起诉"),
    CONCLUDED("诉讼已审结");

    private final String label;

    LegalStep(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The further of the two steps. */
    public LegalStep atLeast(LegalStep other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
