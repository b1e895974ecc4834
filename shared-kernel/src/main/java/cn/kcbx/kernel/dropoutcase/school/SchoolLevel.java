package cn.kcbx.kernel.dropoutcase.school;

/** The compulsory-education school levels that dashboards count separately. */
public enum SchoolLevel {
    PRIMARY("小学"),
    JUNIOR("初中");

    private final String label;

    SchoolLevel(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
