package cn.kcbx.kernel.dropoutcase.school;

/** A compulsory-education grade: 一年级–六年级 are 小学, 七年级–九年级 are 初中. */
public enum Grade {
    GRADE_1("一年级", 1),
    GRADE_2("二年级", 2),
    GRADE_3("三年级", 3),
    GRADE_4("四年级", 4),
    GRADE_5("五年级", 5),
    GRADE_6("六年级", 6),
    GRADE_7("七年级", 7),
    GRADE_8("八年级", 8),
    GRADE_9("九年级", 9);

    private final String label;
    private final int number;

    Grade(String label, int number) {
        this.label = label;
        this.number = number;
    }

    public String label() {
        return label;
    }

    public int number() {
        return number;
    }

    public SchoolLevel level() {
        return number <= 6 ? SchoolLevel.PRIMARY : SchoolLevel.JUNIOR;
    }
}
