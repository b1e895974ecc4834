package cn.kcbx.kernel.dropoutcase.legal;

/** The kind of body that intervened once the correction deadline passed (司法部门依法介入). */
public enum JudicialAuthority {
    JUSTICE_OFFICE("司法所"),
    POLICE_STATION("派出所"),
    COURT("人民法院"),
    PROCURATORATE("人民检察院"),
    OTHER("其他");

    private final String label;

    JudicialAuthority(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
