package cn.kcbx.kernel.dropoutcase.transfer;

/**
 * Why a case changes hands (docs/domain.md §7, cross-district rule): the family's 户籍 moved to another village (the
 * receiving
 * village, town and county take the case over), or the student's 学籍 moved to another school.
 */
public enum TransferKind {
    HOUSEHOLD_MOVED("户籍迁移"),
    ENROLMENT_TRANSFERRED("学籍转移");

    private final String label;

    TransferKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
