package cn.kcbx.kernel.dropoutcase.closure;

/** Kinds of supporting documents kept for a closure or a recheck (保存好原始资料). */
public enum EvidenceKind {
    POLICE_CERTIFICATE("派出所证明"),
    COMMUNITY_CERTIFICATE("社区/村委证明"),
    ENROLMENT_CERTIFICATE("学籍证明"),
    MEDICAL_OR_DISABILITY_CERTIFICATE("医院诊断/残疾证"),
    EXIT_ENTRY_RECORD("出入境记录"),
    DEATH_CERTIFICATE("死亡证明"),
    APPROVAL_DOCUMENT("审批文件"),
    INVESTIGATION_RECORD("调查笔录"),
    PHOTO_OR_VIDEO("照片/影像"),
    OTHER("其他");

    private final String label;

    EvidenceKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
