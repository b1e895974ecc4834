package cn.kcbx.query.timeline;

import java.util.Map;

/** The Chinese name of each case event, as the case detail page and audit lists show it. */
public final class TimelineLabels {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("CaseIdentified", "登记疑似辍学"),
            Map.entry("CaseReportedAgain", "再次下发"),
            Map.entry("DropoutConfirmed", "核实确认辍学"),
            Map.entry("CaseVerifiedNotDropout", "核实为非辍学"),
            Map.entry("CaseRecheckScheduled", "列入待复查"),
            Map.entry("TrioAssigned", "落实“三帮一”"),
            Map.entry("TrioMemberReplaced", "更换“三帮一”人员"),
            Map.entry("VisitLogged", "劝返走访"),
            Map.entry("StepDateCorrected", "更正日期"),
            Map.entry("CriticismEducationRecorded", "批评教育"),
            Map.entry("CorrectionOrderIssued", "下达责令限期改正通知"),
            Map.entry("LegalDocumentServed", "法律文书送达"),
            Map.entry("JudicialInterventionRecorded", "司法介入"),
            Map.entry("LawsuitFiled", "提起诉讼"),
            Map.entry("LawsuitConcluded", "诉讼结果"),
            Map.entry("StudentReturnedToSchool", "返校复学"),
            Map.entry("RelapseRecorded", "再次辍学"),
            Map.entry("CaseCrossedOff", "劝返复学销号"),
            Map.entry("PersonalDataErased", "删除学生个人信息"),
            Map.entry("DisabilityRecorded", "登记残疾情况"),
            Map.entry("HomeTeachingArranged", "安排送教上门"),
            Map.entry("HomeTeachingSessionDelivered", "送教上门记录"),
            Map.entry("CaseClosed", "结案"),
            Map.entry("CaseReopened", "重新开案"),
            Map.entry("CaseTransferred", "案件移交"));

    private TimelineLabels() {
    }

    /** The label, or {@code 其他事件（Type）} for an event type this version does not know yet. */
    public static String of(String eventType) {
        return LABELS.getOrDefault(eventType, "其他事件（" + eventType + "）");
    }

    static boolean isKnown(String eventType) {
        return LABELS.containsKey(eventType);
    }
}
