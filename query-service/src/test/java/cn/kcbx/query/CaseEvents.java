package cn.kcbx.query;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceKind;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.CaseReportedAgain;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.ServiceMethod;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.verification.RecheckReason;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.kernel.student.StudentNumber;
import cn.kcbx.kernel.time.SchoolTerm;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fictional, valid case events of every type (as in the case service's CaseFixtures), and stored-event messages with
 * the metadata the case service puts on them. All names, numbers and places are invented.
 */
public final class CaseEvents {

    public static final String AGGREGATE_TYPE = "DropoutCase";
    public static final String TEACHER_PHONE = "13800000101";
    public static final String CADRE_PHONE = "13900000202";
    public static final String GUARDIAN_PHONE = "13700000303";

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";

    private CaseEvents() {
    }

    /** A GB 11643 ID number with a correct check character. */
    public static String idNumber(String regionCode, LocalDate birthDate, int sequence) {
        String first17 = regionCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "%03d".formatted(sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** The ID number of the child of case number {@code n}. */
    public static String idNumberOf(int n) {
        return idNumber("430181", LocalDate.of(2013, 6, 15).plusDays(n), 31 + 2 * (n % 400));
    }

    public static Helper teacher() {
        return new Helper("周晓梅", "青禾乡中心小学 班主任", new MobileNumber(TEACHER_PHONE));
    }

    public static Helper villageCadre() {
        return new Helper("罗长青", "青禾村村委会 村主任", new MobileNumber(CADRE_PHONE));
    }

    public static Helper guardian() {
        return new Helper("林大木", "父亲", new MobileNumber(GUARDIAN_PHONE));
    }

    static EvidenceDocument evidence() {
        return new EvidenceDocument(EvidenceKind.COMMUNITY_CERTIFICATE, "青禾村证字〔2026〕12号", "青禾村村委会",
                                    LocalDate.of(2026, 3, 18));
    }

    public static CaseIdentified identified(String caseId, String idNumber) {
        StudentIdentity student = new StudentIdentity("林小禾", new IdNumber(idNumber),
                                                      new StudentNumber("G" + idNumber), null, null);
        return new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, "开学初核查", LocalDate.of(2026, 3, 10),
                student, new HouseholdLocation(new DivisionCode("430181105203"), "青禾村三组 8 号"),
                new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6),
                List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD, LocalDate.of(2024, 9, 1),
                                                  "青禾乡留守儿童摸排名单")),
                new SuspectedReasons(DropoutReason.LEARNING_DIFFICULTY,
                                     Set.of(DropoutReason.FAMILY_OR_GUARDIANSHIP), "父母在外务工，祖父年迈无力管教"));
    }

    /** The usual path of a case: identified … crossed off (10 events). */
    public static List<CaseEvent> walk(String caseId, String idNumber) {
        return List.of(identified(caseId, idNumber),
                       new DropoutConfirmed(caseId, LocalDate.of(2026, 3, 20), "连续四周未到校，入户核实属实"),
                       new TrioAssigned(caseId, LocalDate.of(2026, 3, 22), teacher(), villageCadre(), guardian()),
                       visit(caseId, 1, LocalDate.of(2026, 3, 25)),
                       new CriticismEducationRecorded(caseId, LocalDate.of(2026, 4, 1), "青禾乡人民政府", "对监护人进行批评教育"),
                       new CorrectionOrderIssued(caseId, "青禾乡政责〔2026〕3号", LocalDate.of(2026, 4, 2), "青禾乡人民政府",
                                                 LocalDate.of(2026, 4, 12)),
                       new LegalDocumentServed(caseId, "青禾乡政责〔2026〕3号", LocalDate.of(2026, 4, 3), "林大木",
                                               ServiceMethod.IN_PERSON),
                       visit(caseId, 2, LocalDate.of(2026, 4, 20)),
                       new StudentReturnedToSchool(caseId, LocalDate.of(2026, 5, 8), "青禾乡中心小学", "2143000001",
                                                   Grade.GRADE_6, "六年级（1）班", Placement.REGULAR_CLASS, 1,
                                                   LocalDate.of(2026, 9, 15)),
                       new CaseCrossedOff(caseId, LocalDate.of(2026, 9, 15), "观察期内出勤正常"));
    }

    public static VisitLogged visit(String caseId, int number, LocalDate on) {
        return new VisitLogged(caseId, "6f1c2d3e-0000-4000-8000-00000000000" + number, number, on,
                               Set.of(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE, TrioRole.GUARDIAN),
                               List.of("驻村工作队 陈思远"), VisitMethod.HOME_VISIT, VisitOutcome.UNDECIDED,
                               "与祖父面谈，家长同意考虑返校；父亲电话 13612345678", "联系在外务工的父亲", on.plusDays(7));
    }

    /** One event of every type the kernel knows (24), for the same case; the erasure of its personal data last. */
    public static List<CaseEvent> everyType(String caseId, String idNumber) {
        List<CaseEvent> events = new ArrayList<>(walk(caseId, idNumber));
        events.add(new CaseVerifiedNotDropout(caseId, LocalDate.of(2026, 3, 20), ClosingCategory.ENROLLED_LOCALLY,
                                              List.of(evidence()), "已在本地就读"));
        events.add(new CaseRecheckScheduled(caseId, LocalDate.of(2026, 3, 20), RecheckReason.MISSING_OR_UNREACHABLE,
                                            List.of(evidence()), "全家外出，联系不上",
                                            new SchoolTerm(2026, SchoolTerm.Season.AUTUMN), LocalDate.of(2026, 9, 15)));
        events.add(new TrioMemberReplaced(caseId, LocalDate.of(2026, 4, 10), TrioRole.TEACHER, teacher(),
                                          new Helper("谭明远", "青禾乡中心小学 教师", new MobileNumber("13500000404")),
                                          "原班主任调离"));
        events.add(new JudicialInterventionRecorded(caseId, LocalDate.of(2026, 4, 15), JudicialAuthority.COURT,
                                                    "青禾县人民法院", "法官释法"));
        events.add(new LawsuitFiled(caseId, LocalDate.of(2026, 4, 20), "青禾县人民法院", "（2026）湘0181民初123号"));
        events.add(new LawsuitConcluded(caseId, LocalDate.of(2026, 5, 1), LawsuitOutcome.MEDIATED, "调解结案"));
        events.add(new RelapseRecorded(caseId, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING, "再次辍学"));
        events.add(new DisabilityRecorded(caseId, LocalDate.of(2026, 3, 18), DisabilityCategory.PHYSICAL,
                                          DisabilityLevel.LEVEL_1,
                                          idNumber + "11"));
        events.add(new HomeTeachingArranged(caseId, List.of("周晓梅", "谭明远"), "青禾乡中心小学", 2, 3,
                                            LocalDate.of(2026, 3, 23)));
        events.add(new HomeTeachingSessionDelivered(caseId, "7a1c2d3e-0000-4000-8000-000000000001",
                                                    LocalDate.of(2026, 3, 25), List.of("周晓梅"), 3, "认读生字 20 个；康复训练"));
        events.add(new CaseClosed(caseId, LocalDate.of(2026, 6, 30), ClosingCategory.ENROLLED_LOCALLY,
                                  List.of(evidence()), "已在本地就读"));
        events.add(new CaseReopened(caseId, LocalDate.of(2026, 7, 1), "复查发现未在校", CaseStatus.PERSUADING, 2));
        events.add(new CaseReportedAgain(caseId, IdentificationSource.PLATFORM_COMPARISON, LocalDate.of(2026, 7, 3),
                                         "2026年第3批比对名单"));
        events.add(transferred(caseId, "430181106201", new ReceivingSchool("白沙镇中学", "2143000007")));
        // The first visit (sequence 3) was on 24 March, not 25.
        events.add(new StepDateCorrected(caseId, 3, "VisitLogged", LocalDate.of(2026, 3, 25), LocalDate.of(2026, 3, 24),
                                         null, "村里补记时写错日期，走访登记簿为 3 月 24 日"));
        events.add(new PersonalDataErased(caseId, "监护人申请删除"));
        return events;
    }

    /** A 户籍迁移 of the case from village 430181105203 (of its identification) to {@code village}. */
    public static CaseTransferred transferred(String caseId, String village, ReceivingSchool school) {
        return new CaseTransferred(caseId, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 7, 5),
                                   new DivisionCode("430181105203"),
                                   new HouseholdLocation(new DivisionCode(village), "新村 2 组 6 号"),
                                   Set.of("2143000001"), school, "随父母迁户");
    }

    /** The metadata the case service copies from each command onto its events. */
    public static Map<String, Object> metaData(String actorId, String role, String unit, String requestId) {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put("actorId", actorId);
        metaData.put("actorRole", role);
        metaData.put("actorUnit", unit);
        metaData.put("channel", "web");
        metaData.put("origin", "127.0.0.1");
        metaData.put("command", "SomeCommand");
        if (requestId != null) {
            metaData.put("requestId", requestId);
        }
        return metaData;
    }

    public static DomainEventMessage<?> message(CaseEvent event, long sequence, Map<String, Object> metaData) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, event.caseId(), sequence, event,
                                               MetaData.from(metaData));
    }
}
