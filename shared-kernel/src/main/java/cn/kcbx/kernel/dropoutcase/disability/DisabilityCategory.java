package cn.kcbx.kernel.dropoutcase.disability;

/** Disability categories of the 残疾人证, plus 孤独症 as special-education placements record it. */
public enum DisabilityCategory {
    VISUAL("视力残疾"),
    HEARING("听力残疾"),
    SPEECH("言语残疾"),
    PHYSICAL("肢体残疾"),
    INTELLECTUAL("智力残疾"),
    MENTAL("精神残疾"),
    MULTIPLE("多重残疾"),
    AUTISM("孤独症");

    private final String label;

    DisabilityCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
