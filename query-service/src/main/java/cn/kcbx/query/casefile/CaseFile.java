package cn.kcbx.query.casefile;

import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.access.CaseScopes;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
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
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
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
import cn.kcbx.kernel.student.Sex;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.projection.ProjectionEvent;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the read side knows about one case after a given event: the fold of the case's events, from which every
 * ledger row, dashboard and report figure is computed. It holds no clock: figures that depend on the day they are
 * asked for (age, days open, overdue) are computed later, for the day asked.
 *
 * <p>Personal identifiers are kept masked only (ID number, student number, phones). Events are facts, so the fold
 * applies each one as it comes and never rejects it.
 */
public final class CaseFile {

    /** The ledger view of a 三帮一 helper; the phone is masked. */
    public record HelperRow(String name, String unitOrRelation, String phone) {

        /** A helper whose personal data was erased. */
        static final HelperRow ERASED = new HelperRow(PersonalFields.ERASED_LABEL, null, null);

        static HelperRow of(Helper helper) {
            return helper == null ? ERASED : new HelperRow(helper.name(), helper.unitOrRelation(),
                                                           helper.phone().masked());
        }
    }

    /** One return to school (劝返复学) and how that episode ended: a relapse, a cross-off, or not yet. */
    public record ReturnEpisode(int episode, LocalDate returnedOn, String schoolName, String schoolCode, Grade grade,
                                String className, Placement placement, LocalDate watchPeriodEndsOn,
                                LocalDate relapsedOn, LocalDate crossedOffOn, String crossedOffBy,
                                String crossedOffByUnit) {

        ReturnEpisode relapsed(LocalDate on) {
            return new ReturnEpisode(episode, returnedOn, schoolName, schoolCode, grade, className, placement,
                                     watchPeriodEndsOn, on, crossedOffOn, crossedOffBy, crossedOffByUnit);
        }

        ReturnEpisode crossedOff(LocalDate on, String by, String byUnit) {
            return new ReturnEpisode(episode, returnedOn, schoolName, schoolCode, grade, className, placement,
                                     watchPeriodEndsOn, relapsedOn, on, by, byUnit);
        }
    }

    /**
     * A hand-over (户籍迁移 or 学籍转移): from which village (town, county) to which, the new school if the 学籍 moved,
     * when, and which unit handed it over.
     */
    public record Transfer(TransferKind kind, LocalDate transferredOn, String fromVillageCode, String fromTownCode,
                           String fromCountyCode, String toVillageCode, String toTownCode, String toCountyCode,
                           String toSchoolName, String toSchoolCode, String note, LocalDate recordedOn,
                           String byUnit) {

        /** The transfer as read after erasure: its free-text note is personal data. */
        Transfer withoutNote() {
            return new Transfer(kind, transferredOn, fromVillageCode, fromTownCode, fromCountyCode, toVillageCode,
                                toTownCode, toCountyCode, toSchoolName, toSchoolCode, null, recordedOn, byUnit);
        }

        /** True when the case left {@code region} (a county, town or village code) with this transfer. */
        public boolean leaves(String region) {
            return fromVillageCode.startsWith(region) && !toVillageCode.startsWith(region);
        }

        /** True when the case came into {@code region} with this transfer. */
        public boolean enters(String region) {
            return toVillageCode.startsWith(region) && !fromVillageCode.startsWith(region);
        }
    }

    /** 送教上门: the plan and what has been delivered. */
    public record HomeTeaching(LocalDate startsOn, String schoolOfRegistration, List<String> teachers,
                               int requiredSessionsPerWeek, int periodsPerSession, int sessionsDelivered,
                               int periodsDelivered, LocalDate lastSessionOn) {

        HomeTeaching delivered(LocalDate on, int periods) {
            LocalDate last = lastSessionOn == null || on.isAfter(lastSessionOn) ? on : lastSessionOn;
            return new HomeTeaching(startsOn, schoolOfRegistration, teachers, requiredSessionsPerWeek,
                                    periodsPerSession, sessionsDelivered + 1, periodsDelivered + periods, last);
        }

        /**
         * Sessions due by {@code date}: the weekly rate for every full week since the start. A week in progress is not
         * yet owed, so a plan is never "behind" during its first week.
         */
        public int sessionsRequiredBy(LocalDate date) {
            if (date.isBefore(startsOn)) {
                return 0;
            }
            long fullWeeks = (date.toEpochDay() - startsOn.toEpochDay()) / 7;
            return Math.toIntExact(fullWeeks * requiredSessionsPerWeek);
        }
    }

    private String caseId;
    private long sequence;
    private int episode = 1;
    private CaseStatus status;
    private LocalDate statusSince;

    private IdentificationSource source;
    private LocalDate identifiedOn;
    /** The student's personal data was erased (crypto-shredding): names and numbers show as 已删除. */
    private boolean personalDataErased;
    private String studentName;
    private String idNumber;
    private String studentNumber;
    private Sex sex;
    private LocalDate birthDate;
    private String villageCode;
    private String townCode;
    private String countyCode;
    private String lastSchoolName;
    private String lastSchoolCode;
    private Grade grade;
    private List<PriorityCategory> priorityCategories = new ArrayList<>();
    private DropoutReason primaryReason;
    private List<DropoutReason> otherReasons = new ArrayList<>();

    private LocalDate confirmedOn;
    private RecheckReason recheckReason;
    private LocalDate recheckDueBy;
    /** Since when a confirmed dropout has been waiting for its 三帮一 helpers. */
    private LocalDate awaitingTrioSince;

    private Map<TrioRole, HelperRow> trio = new EnumMap<>(TrioRole.class);
    private LocalDate trioAssignedOn;
    /** Since when the current persuasion stretch runs: helpers assigned, relapse or reopening. */
    private LocalDate persuadingSince;
    private int visitCount;
    private LocalDate lastVisitOn;
    private VisitOutcome lastVisitOutcome;
    private VisitMethod lastVisitMethod;
    private LocalDate nextVisitPlannedOn;

    private LegalStep legalStep = LegalStep.NONE;
    private LocalDate legalStepOn;
    private LocalDate correctionOrderDeadline;

    private List<ReturnEpisode> returns = new ArrayList<>();
    private int relapses;
    private int reopenings;

    private DisabilityCategory disabilityCategory;
    private DisabilityLevel disabilityLevel;
    private HomeTeaching homeTeaching;

    private LocalDate closedOn;
    private ClosingCategory closingCategory;

    private List<Transfer> transfers = new ArrayList<>();
    /** How many of the case's dates were corrected after they were recorded. */
    private int dateCorrections;
    /** How many times the student was reported again while the case was open (再次下发), and the latest day. */
    private int repeatReports;
    private LocalDate lastReportedOn;

    /** The schools that handle the case, folded exactly as the case aggregate folds its scope ({@link CaseScopes}). */
    private List<String> schoolCodes = new ArrayList<>();

    CaseFile() {
    }

    /** The file after {@code event}; {@code previous} is the file after the case's preceding event, or null. */
    public static CaseFile fold(CaseFile previous, ProjectionEvent event) {
        CaseFile file = previous == null ? new CaseFile() : previous.copy();
        file.caseId = event.caseId();
        file.sequence = event.sequence();
        file.apply(event);
        CaseScope scope = CaseScopes.after(previous == null ? null : previous.scope(), event.payload());
        file.schoolCodes = scope == null ? new ArrayList<>() : scope.schoolCodes().stream().sorted().toList();
        return file;
    }

    private CaseFile copy() {
        return CaseFileCodec.copy(this);
    }

    private void apply(ProjectionEvent event) {
        CaseEvent payload = event.payload();
        LocalDate recordedOn = LocalDate.ofInstant(event.recordedAt(), DateRules.CHINA_ZONE);
        if (payload instanceof CaseIdentified e) {
            identified(e);
        } else if (payload instanceof DropoutConfirmed e) {
            confirmedOn = e.confirmedOn();
            recheckReason = null;
            recheckDueBy = null;
            awaitingTrio(e.confirmedOn());
            status(CaseStatus.CONFIRMED_DROPOUT, e.confirmedOn());
        } else if (payload instanceof CaseVerifiedNotDropout e) {
            close(e.verifiedOn(), e.category());
        } else if (payload instanceof CaseRecheckScheduled e) {
            recheckReason = e.reason();
            recheckDueBy = e.recheckDueBy();
            status(CaseStatus.PENDING_RECHECK, e.checkedOn());
        } else if (payload instanceof TrioAssigned e) {
            trio.put(TrioRole.TEACHER, HelperRow.of(e.teacher()));
            trio.put(TrioRole.VILLAGE_CADRE, HelperRow.of(e.villageCadre()));
            trio.put(TrioRole.GUARDIAN, HelperRow.of(e.guardian()));
            trioAssignedOn = e.assignedOn();
            awaitingTrioSince = null;
            persuadingSince = e.assignedOn();
            status(CaseStatus.PERSUADING, e.assignedOn());
        } else if (payload instanceof TrioMemberReplaced e) {
            trio.put(e.role(), HelperRow.of(e.newMember()));
        } else if (payload instanceof VisitLogged e) {
            visitCount = Math.max(visitCount + 1, e.visitNumber());
            if (lastVisitOn == null || !e.visitedOn().isBefore(lastVisitOn)) {
                lastVisitOn = e.visitedOn();
                lastVisitOutcome = e.outcome();
                lastVisitMethod = e.method();
                nextVisitPlannedOn = e.nextVisitPlannedOn();
            }
        } else if (payload instanceof CriticismEducationRecorded e) {
            legal(LegalStep.CRITICISED, e.criticisedOn());
        } else if (payload instanceof CorrectionOrderIssued e) {
            legal(LegalStep.ORDER_ISSUED, e.issuedOn());
            correctionOrderDeadline = e.deadline();
        } else if (payload instanceof LegalDocumentServed e) {
            legal(LegalStep.DOCUMENTS_SERVED, e.servedOn());
        } else if (payload instanceof JudicialInterventionRecorded e) {
            legal(LegalStep.JUDICIAL_INTERVENTION, e.intervenedOn());
        } else if (payload instanceof LawsuitFiled e) {
            legal(LegalStep.SUED, e.filedOn());
        } else if (payload instanceof LawsuitConcluded e) {
            legal(LegalStep.CONCLUDED, e.decidedOn());
        } else if (payload instanceof StudentReturnedToSchool e) {
            returns.add(new ReturnEpisode(e.episode(), e.returnedOn(), e.schoolName(), e.schoolCode(), e.grade(),
                                          e.className(), e.placement(), e.watchPeriodEndsOn(), null, null, null,
                                          null));
            status(CaseStatus.RETURNED, e.returnedOn());
        } else if (payload instanceof RelapseRecorded e) {
            updateLastReturn(r -> r.relapsed(e.droppedOutAgainOn()));
            newEpisode(e.episode(), e.resumedStatus(), e.droppedOutAgainOn());
        } else if (payload instanceof CaseCrossedOff e) {
            updateLastReturn(r -> r.crossedOff(e.crossedOffOn(), event.metaDataString("actorId"),
                                               event.metaDataString("actorUnit")));
            close(e.crossedOffOn(), ClosingCategory.RETURNED_AND_CROSSED_OFF);
        } else if (payload instanceof CaseClosed e) {
            close(e.closedOn(), e.category());
        } else if (payload instanceof CaseReopened e) {
            reopenings++;
            closedOn = null;
            closingCategory = null;
            if (e.episode() != episode) {
                updateLastReturn(r -> r.relapsedOn() == null ? r.relapsed(e.reopenedOn()) : r);
                newEpisode(e.episode(), e.resumedStatus(), e.reopenedOn());
            } else {
                resume(e.resumedStatus(), e.reopenedOn());
            }
        } else if (payload instanceof DisabilityRecorded e) {
            // Health data: personal, and blanked with the rest (a rebuild after erasure reads it as absent).
            disabilityCategory = personalDataErased ? null : e.category();
            disabilityLevel = personalDataErased ? null : e.level();
        } else if (payload instanceof HomeTeachingArranged e) {
            homeTeaching = new HomeTeaching(e.startsOn(), e.schoolOfRegistration(), e.teachers(),
                                            e.requiredSessionsPerWeek(), e.periodsPerSession(), 0, 0, null);
            status(CaseStatus.HOME_TEACHING, e.startsOn());
        } else if (payload instanceof CaseTransferred e) {
            transferred(e, recordedOn, event.metaDataString("actorUnit"));
        } else if (payload instanceof HomeTeachingSessionDelivered e) {
            if (homeTeaching != null) {
                homeTeaching = homeTeaching.delivered(e.deliveredOn(), e.periods());
            }
        } else if (payload instanceof PersonalDataErased) {
            erasePersonalData();
        } else if (payload instanceof CaseReportedAgain e) {
            repeatReports++;
            if (lastReportedOn == null || e.reportedOn().isAfter(lastReportedOn)) {
                lastReportedOn = e.reportedOn();
            }
        } else if (payload instanceof StepDateCorrected) {
            // The corrected step itself is read as corrected when the case is folded again (CaseReplay).
            dateCorrections++;
        }
        // An event type this read side does not know yet changes nothing here; the timeline still shows it.
    }

    private void identified(CaseIdentified e) {
        source = e.source();
        identifiedOn = e.identifiedOn();
        if (e.student() == null) { // read after the student's data key was destroyed
            erasePersonalData();
        } else {
            studentName = e.student().name();
            idNumber = e.student().idNumber() == null ? null : e.student().idNumber().masked();
            studentNumber = e.student().studentNumber() == null ? null : e.student().studentNumber().masked();
            sex = e.student().sex();
            birthDate = e.student().birthDate();
        }
        villageCode = e.household().village().value();
        townCode = e.household().town().value();
        countyCode = e.household().county().value();
        if (e.lastSchool() != null) { // null when the child never enrolled (失学)
            lastSchoolName = e.lastSchool().schoolName();
            lastSchoolCode = e.lastSchool().schoolCode();
            grade = e.lastSchool().grade();
        }
        priorityCategories = new ArrayList<>(e.priorityCategories().stream().map(PriorityCategoryEntry::category)
                                                .distinct().sorted().toList());
        primaryReason = e.suspectedReasons().primary();
        otherReasons = new ArrayList<>(e.suspectedReasons().others().stream().sorted().toList());
        status(CaseStatus.IDENTIFIED, e.identifiedOn());
    }

    /** From now on the case is the receiving village's (town's, county's) and, if the 学籍 moved, the new school's. */
    private void transferred(CaseTransferred e, LocalDate recordedOn, String byUnit) {
        HouseholdLocation to = e.toHousehold();
        transfers.add(new Transfer(e.kind(), e.transferredOn(), e.fromVillage().value(), e.fromVillage().parent().value(),
                                   e.fromVillage().county().value(), to.village().value(), to.town().value(),
                                   to.county().value(), e.toSchool() == null ? null : e.toSchool().schoolName(),
                                   e.toSchool() == null ? null : e.toSchool().schoolCode(), e.note(), recordedOn,
                                   byUnit));
        villageCode = to.village().value();
        townCode = to.town().value();
        countyCode = to.county().value();
        if (e.toSchool() != null) {
            lastSchoolName = e.toSchool().schoolName();
            lastSchoolCode = e.toSchool().schoolCode();
        }
    }

    /**
     * Blanks every personal field, exactly as folding the case's events read after erasure would leave them (the
     * events' personal fields are then absent): so a stored copy blanked on {@link PersonalDataErased} equals a
     * rebuilt one.
     */
    void erasePersonalData() {
        personalDataErased = true;
        studentName = PersonalFields.ERASED_LABEL;
        idNumber = PersonalFields.ERASED_LABEL;
        studentNumber = null;
        sex = null;
        birthDate = null;
        disabilityCategory = null;
        disabilityLevel = null;
        trio.replaceAll((role, helper) -> HelperRow.ERASED);
        transfers.replaceAll(Transfer::withoutNote);
        if (homeTeaching != null) {
            homeTeaching = new HomeTeaching(homeTeaching.startsOn(), homeTeaching.schoolOfRegistration(), List.of(),
                                            homeTeaching.requiredSessionsPerWeek(), homeTeaching.periodsPerSession(),
                                            homeTeaching.sessionsDelivered(), homeTeaching.periodsDelivered(),
                                            homeTeaching.lastSessionOn());
        }
    }

    /** The file with its personal fields blanked. */
    static CaseFile erased(CaseFile file) {
        CaseFile copy = file.copy();
        copy.erasePersonalData();
        return copy;
    }

    private void status(CaseStatus newStatus, LocalDate since) {
        status = newStatus;
        statusSince = since;
    }

    private void awaitingTrio(LocalDate since) {
        awaitingTrioSince = trio.isEmpty() ? since : null;
    }

    private void legal(LegalStep step, LocalDate on) {
        if (step.ordinal() >= legalStep.ordinal()) {
            legalStep = step;
            legalStepOn = on;
        }
    }

    private void close(LocalDate on, ClosingCategory category) {
        closedOn = on;
        closingCategory = category;
        status(CaseStatus.CLOSED, on);
    }

    private void newEpisode(int number, CaseStatus resumed, LocalDate on) {
        if (number > episode) {
            relapses += number - episode;
        }
        episode = number;
        resume(resumed, on);
    }

    private void resume(CaseStatus resumed, LocalDate on) {
        status(resumed, on);
        if (resumed == CaseStatus.PERSUADING) {
            persuadingSince = on;
        } else if (resumed == CaseStatus.CONFIRMED_DROPOUT) {
            awaitingTrio(on);
        }
    }

    private void updateLastReturn(UnaryOperator<ReturnEpisode> change) {
        if (!returns.isEmpty()) {
            returns.set(returns.size() - 1, change.apply(returns.get(returns.size() - 1)));
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    public String caseId() {
        return caseId;
    }

    public long sequence() {
        return sequence;
    }

    public int episode() {
        return episode;
    }

    public CaseStatus status() {
        return status;
    }

    public LocalDate statusSince() {
        return statusSince;
    }

    public boolean isOpen() {
        return status != null && status.isOpen();
    }

    public IdentificationSource source() {
        return source;
    }

    public LocalDate identifiedOn() {
        return identifiedOn;
    }

    public boolean personalDataErased() {
        return personalDataErased;
    }

    public String studentName() {
        return studentName;
    }

    /** The ID number, masked. */
    public String idNumber() {
        return idNumber;
    }

    /** The 学籍号, masked. */
    public String studentNumber() {
        return studentNumber;
    }

    public Sex sex() {
        return sex;
    }

    public LocalDate birthDate() {
        return birthDate;
    }

    /** Age in full years on {@code date}. */
    public Integer ageOn(LocalDate date) {
        return birthDate == null ? null : Period.between(birthDate, date).getYears();
    }

    public String villageCode() {
        return villageCode;
    }

    public String townCode() {
        return townCode;
    }

    public String countyCode() {
        return countyCode;
    }

    /**
     * Who may read the case now: its village (so its town and county) and the schools that handle it, folded from its
     * events exactly as the case aggregate folds them ({@link CaseScopes}); null before identification.
     */
    public CaseScope scope() {
        return villageCode == null ? null : new CaseScope(new DivisionCode(villageCode), new LinkedHashSet<>(schoolCodes));
    }

    public String lastSchoolName() {
        return lastSchoolName;
    }

    public String lastSchoolCode() {
        return lastSchoolCode;
    }

    public Grade grade() {
        return grade;
    }

    public SchoolLevel schoolLevel() {
        return grade == null ? null : grade.level();
    }

    public List<PriorityCategory> priorityCategories() {
        return List.copyOf(priorityCategories);
    }

    public DropoutReason primaryReason() {
        return primaryReason;
    }

    public List<DropoutReason> otherReasons() {
        return List.copyOf(otherReasons);
    }

    public LocalDate confirmedOn() {
        return confirmedOn;
    }

    public RecheckReason recheckReason() {
        return recheckReason;
    }

    public LocalDate recheckDueBy() {
        return recheckDueBy;
    }

    public LocalDate awaitingTrioSince() {
        return awaitingTrioSince;
    }

    public HelperRow trioMember(TrioRole role) {
        return trio.get(role);
    }

    public boolean hasTrio() {
        return !trio.isEmpty();
    }

    public LocalDate trioAssignedOn() {
        return trioAssignedOn;
    }

    public LocalDate persuadingSince() {
        return persuadingSince;
    }

    public int visitCount() {
        return visitCount;
    }

    public LocalDate lastVisitOn() {
        return lastVisitOn;
    }

    public VisitOutcome lastVisitOutcome() {
        return lastVisitOutcome;
    }

    public VisitMethod lastVisitMethod() {
        return lastVisitMethod;
    }

    public LocalDate nextVisitPlannedOn() {
        return nextVisitPlannedOn;
    }

    public LegalStep legalStep() {
        return legalStep;
    }

    public LocalDate legalStepOn() {
        return legalStepOn;
    }

    public LocalDate correctionOrderDeadline() {
        return correctionOrderDeadline;
    }

    public List<ReturnEpisode> returns() {
        return List.copyOf(returns);
    }

    public ReturnEpisode lastReturn() {
        return returns.isEmpty() ? null : returns.get(returns.size() - 1);
    }

    public int relapses() {
        return relapses;
    }

    public int reopenings() {
        return reopenings;
    }

    public DisabilityCategory disabilityCategory() {
        return disabilityCategory;
    }

    public DisabilityLevel disabilityLevel() {
        return disabilityLevel;
    }

    public HomeTeaching homeTeaching() {
        return homeTeaching;
    }

    public LocalDate closedOn() {
        return closedOn;
    }

    public ClosingCategory closingCategory() {
        return closingCategory;
    }

    /** How many times the student was reported again (再次下发) while the case was open (0: never). */
    public int repeatReports() {
        return repeatReports;
    }

    /** The latest 再次下发 date, or null. */
    public LocalDate lastReportedOn() {
        return lastReportedOn;
    }

    /** How many of the case's dates were corrected after they were recorded (0: none). */
    public int dateCorrections() {
        return dateCorrections;
    }

    /** Every hand-over of the case, oldest first. */
    public List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    /** The latest hand-over, or null when the case never changed hands. */
    public Transfer lastTransfer() {
        return transfers.isEmpty() ? null : transfers.get(transfers.size() - 1);
    }
}
