package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.access.CaseScopes;
import cn.kcbx.kernel.access.CommandPermissions;
import cn.kcbx.kernel.access.StepStatuses;
import cn.kcbx.kernel.actor.ActorMetaData;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.CaseReportedAgain;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.verification.ScheduleRecheck;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.SchoolTerm;
import cn.kcbx.kernel.time.TermCalendar;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static cn.kcbx.kernel.dropoutcase.CaseStatus.CLOSED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CONFIRMED_DROPOUT;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.HOME_TEACHING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.IDENTIFIED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PENDING_RECHECK;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PERSUADING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.RETURNED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One suspected or confirmed dropout, from identification to 销号 (docs/domain.md §8).
 *
 * <p>Command handlers decide (they receive the {@link Clock} and the {@link CasePolicy} as injected resources, so
 * "today" and the county's rules are explicit); event sourcing handlers only record. Every business date must lie
 * between the identification date and today.
 *
 * <p>Business dates also follow the order the steps imply, so that folding a case's events by business date gives
 * the same states as folding them in the order they were recorded (a county back-entering its paper ledger gets the
 * right figures by date): a step that changes the status is not dated before the case entered its current status,
 * a helper is not replaced before the trio was assigned (or before the role's previous replacement), and 送教上门
 * does not start before the disability was verified. A 劝返 visit is checked against the status of its own date
 * ({@link StatusHistory}), so a visit logged late still counts after the status moved on.
 *
 * <p>Before every step on an existing case, the acting user named in the command's metadata must be allowed to take
 * it for this case ({@link CommandPermissions}); the case keeps its own {@link CaseScope}, so the check and the step
 * see the same state and a transfer cannot race a command of the side it leaves.
 *
 * <p>Snapshots serialise the fields directly. The revision names the shape of those fields: a snapshot of another
 * revision is ignored and the case is replayed from its events instead (revision 2 added the scope; 3 the status
 * history, the trio's dates and the disability's verification date; 4 the steps' dates, for corrections).
 */
@Aggregate(snapshotTriggerDefinition = "caseSnapshotTrigger", commandTargetResolver = "caseIdCommandTargetResolver")
@Revision("4")
public class DropoutCase {

    @AggregateIdentifier
    private String caseId;
    /** Whose case it is: household village and schools (see {@link CaseScopes}). */
    private CaseScope scope;
    private CaseStatus status;
    /** When the status changed, by business date: the current status's start and the status on any past day. */
    private StatusHistory statusHistory = new StatusHistory();
    /** Every step by sequence with its business date: what a date correction is checked against. */
    @AggregateMember
    private StepDates stepDates = new StepDates();
    private LocalDate identifiedOn;
    private boolean dropoutConfirmed;
    private Trio trio;
    private Set<String> visitIds = new HashSet<>();
    private LegalLadder legal = new LegalLadder();
    /** The dropout episode: 1, plus one for every relapse or reopening after a cross-off. */
    private int episode;
    /** When the current episode began, if it is not the first (relapse or reopening date). */
    private LocalDate episodeStartedOn;
    private LocalDate returnedOn;
    private LocalDate watchPeriodEndsOn;
    private DisabilityCategory disability;
    /** The earliest verification date of a recorded disability: 送教上门 starts no earlier. */
    private LocalDate disabilityVerifiedOn;
    private LocalDate homeTeachingStartsOn;
    private Set<String> sessionIds = new HashSet<>();
    private LocalDate closedOn;
    private ClosingCategory closingCategory;
    /** The student's data key was destroyed: the case is an anonymous record now and cannot be reopened. */
    private boolean personalDataErased;

    /** For Axon (event sourcing) and for snapshot deserialisation. */
    protected DropoutCase() {
    }

    // ---------------------------------------------------------------- identification

    @CommandHandler
    public DropoutCase(IdentifyCase command, Clock clock, CasePolicy policy) {
        LocalDate today = policy.today(clock);
        notFuture(command.identifiedOn(), today, "identifiedOn", "发现日期");
        try {
            policy.compulsoryAge().requireCovers(command.student().birthDate(), command.identifiedOn());
        } catch (InvalidValueException e) {
            throw e.atField("student.birthDate");
        }
        List<PriorityCategoryEntry> categories = command.priorityCategories();
        for (int i = 0; i < categories.size(); i++) {
            notFuture(categories.get(i).since(), today, "priorityCategories[" + i + "].since", "纳入重点对象类别的日期");
        }
        apply(new CaseIdentified(command.caseId(), command.source(), command.sourceNote(), command.identifiedOn(),
                command.student(), command.household(), command.lastSchool(), categories,
                command.suspectedReasons()));
    }

    @EventSourcingHandler
    void on(CaseIdentified event) {
        caseId = event.caseId();
        scope = CaseScopes.after(null, event);
        identifiedOn = event.identifiedOn();
        enter(IDENTIFIED, event.identifiedOn());
        episode = 1;
    }

    /**
     * The student is reported again (a platform list pushes the child down once more): recorded on this open case,
     * dated between identification and today like every step, so a date correction finds the usual order.
     */
    @CommandHandler
    void handle(RecordRepeatReport command, Clock clock, CasePolicy policy) {
        requireStatus(RecordRepeatReport.class, "登记再次下发");
        occurred(command.reportedOn(), policy.today(clock), "reportedOn", "下发日期");
        apply(new CaseReportedAgain(caseId, command.source(), command.reportedOn(), command.batch()));
    }

    // ---------------------------------------------------------------- who may act

    /** Identification is checked before the case exists (by the command service); every later step here. */
    @CommandHandlerInterceptor
    void requireActorMayAct(CommandMessage<?> command) {
        CommandPermissions.require(ActorMetaData.actorOf(command.getMetaData()), (CaseCommand) command.getPayload(),
                                   scope);
    }

    // ---------------------------------------------------------------- verification

    @CommandHandler
    void handle(ConfirmDropout command, Clock clock, CasePolicy policy) {
        requireAwaitingVerification(ConfirmDropout.class);
        changesStatusOn(command.confirmedOn(), policy.today(clock), "confirmedOn", "核实日期");
        apply(new DropoutConfirmed(caseId, command.confirmedOn(), command.note()));
    }

    @EventSourcingHandler
    void on(DropoutConfirmed event) {
        enter(CONFIRMED_DROPOUT, event.confirmedOn());
        dropoutConfirmed = true;
    }

    @CommandHandler
    void handle(CloseAsNotDropout command, Clock clock, CasePolicy policy) {
        requireAwaitingVerification(CloseAsNotDropout.class);
        ClosingCategory category = command.category();
        if (!category.allowedAtVerification()) {
            throw new RuleViolationException("CATEGORY_NOT_ALLOWED_AT_VERIFICATION", "category",
                    "“" + category.label() + "”不能作为核实结论；"
                            + (category.route() == ClosingCategory.Route.CROSS_OFF
                            ? "劝返复学的学生须在返校观察期满后销号"
                            : "该类别只用于结束送教上门"));
        }
        LocalDate today = policy.today(clock);
        changesStatusOn(command.verifiedOn(), today, "verifiedOn", "核实日期");
        requireEvidence(command.evidence(), today, "以“" + category.label() + "”核实销号");
        apply(new CaseVerifiedNotDropout(caseId, command.verifiedOn(), category, command.evidence(), command.note()));
    }

    @EventSourcingHandler
    void on(CaseVerifiedNotDropout event) {
        close(event.verifiedOn(), event.category());
    }

    @CommandHandler
    void handle(ScheduleRecheck command, Clock clock, CasePolicy policy) {
        requireAwaitingVerification(ScheduleRecheck.class);
        LocalDate today = policy.today(clock);
        changesStatusOn(command.checkedOn(), today, "checkedOn", "核实日期");
        requireEvidence(command.evidence(), today, "登记“" + command.reason().label() + "”待复查");
        TermCalendar calendar = policy.termCalendar();
        SchoolTerm recheckTerm = calendar.termOf(command.checkedOn()).next();
        LocalDate recheckDueBy = calendar.startOf(recheckTerm).plusDays(calendar.startOfTermCheckDays());
        apply(new CaseRecheckScheduled(caseId, command.checkedOn(), command.reason(), command.evidence(),
                command.note(), recheckTerm, recheckDueBy));
    }

    @EventSourcingHandler
    void on(CaseRecheckScheduled event) {
        enter(PENDING_RECHECK, event.checkedOn());
    }

    // ---------------------------------------------------------------- 三帮一

    @CommandHandler
    void handle(AssignTrio command, Clock clock, CasePolicy policy) {
        String action = "落实“三帮一”帮扶人";
        requireOpen(AssignTrio.class, action);
        if (trio != null) {
            throw new RuleViolationException("TRIO_ALREADY_ASSIGNED",
                    "本案已落实“三帮一”帮扶人，不能重复落实；如需调整，请更换帮扶人");
        }
        requireStatus(AssignTrio.class, action);
        changesStatusOn(command.assignedOn(), policy.today(clock), "assignedOn", "落实日期");
        Trio.assign(command.teacher(), command.villageCadre(), command.guardian(), command.assignedOn());
        apply(new TrioAssigned(caseId, command.assignedOn(), command.teacher(), command.villageCadre(),
                command.guardian()));
    }

    @EventSourcingHandler
    void on(TrioAssigned event) {
        trio = new Trio(event.teacher(), event.villageCadre(), event.guardian(), event.assignedOn(), null);
        enter(PERSUADING, event.assignedOn());
    }

    @CommandHandler
    void handle(ReplaceTrioMember command, Clock clock, CasePolicy policy) {
        String action = "更换帮扶人";
        requireOpen(ReplaceTrioMember.class, action);
        if (trio == null) {
            throw Rejections.trioNotAssigned(action);
        }
        requireStatus(ReplaceTrioMember.class, action);
        occurred(command.replacedOn(), policy.today(clock), "replacedOn", "更换日期");
        trio.requireReplaceable(command.role(), command.newMember(), command.replacedOn());
        apply(new TrioMemberReplaced(caseId, command.replacedOn(), command.role(), trio.member(command.role()),
                command.newMember(), command.reason()));
    }

    @EventSourcingHandler
    void on(TrioMemberReplaced event) {
        trio = trio.with(event.role(), event.newMember(), event.replacedOn());
    }

    // ---------------------------------------------------------------- 劝返 visits

    /**
     * A visit is checked against the status on its own date (at the end of that day), not today's
     * ({@link StepStatuses}): logged a week late, it still counts when the case was 劝返中 that day, even if the return
     * was recorded (or the case crossed off) meanwhile; dated while the case was not 劝返中, it is refused even if the
     * case is 劝返中 now.
     */
    @CommandHandler
    void handle(LogVisit command, Clock clock, CasePolicy policy) {
        String action = "登记劝返走访";
        if (visitIds.contains(command.visitId())) {
            throw new RuleViolationException("VISIT_ALREADY_LOGGED", "visitId",
                    "这条走访记录（编号 " + command.visitId() + "）已经登记过，不能重复登记");
        }
        if (personalDataErased) {
            throw new RuleViolationException("PERSONAL_DATA_ERASED",
                    "该案件学生的个人信息已删除，不能再登记劝返走访");
        }
        occurred(command.visitedOn(), policy.today(clock), "visitedOn", "走访日期", "VISIT_BEFORE_IDENTIFICATION");
        requireStatusOn(LogVisit.class, command.visitedOn(), "visitedOn", "走访日期", action);
        apply(new VisitLogged(caseId, command.visitId(), visitIds.size() + 1, command.visitedOn(),
                command.trioParticipants(), command.otherParticipants(), command.method(), command.outcome(),
                command.notes(), command.nextStep(), command.nextVisitPlannedOn()));
    }

    @EventSourcingHandler
    void on(VisitLogged event) {
        visitIds.add(event.visitId());
    }

    // ---------------------------------------------------------------- legal ladder

    @CommandHandler
    void handle(RecordCriticismEducation command, Clock clock, CasePolicy policy) {
        requireStatus(RecordCriticismEducation.class, "登记批评教育");
        occurred(command.criticisedOn(), policy.today(clock), "criticisedOn", "批评教育日期");
        apply(new CriticismEducationRecorded(caseId, command.criticisedOn(), command.issuedBy(), command.note()));
    }

    @EventSourcingHandler
    void on(CriticismEducationRecorded event) {
        legal.criticised(event.criticisedOn());
    }

    @CommandHandler
    void handle(IssueCorrectionOrder command, Clock clock, CasePolicy policy) {
        requireStatus(IssueCorrectionOrder.class, "登记责令限期改正");
        occurred(command.issuedOn(), policy.today(clock), "issuedOn", "发文日期");
        legal.requireOrderCanBeIssued(command.orderNumber(), command.issuedOn());
        apply(new CorrectionOrderIssued(caseId, command.orderNumber(), command.issuedOn(), command.issuedBy(),
                command.deadline()));
    }

    @EventSourcingHandler
    void on(CorrectionOrderIssued event) {
        legal.orderIssued(event.orderNumber(), event.issuedOn(), event.deadline());
    }

    @CommandHandler
    void handle(RecordDocumentServed command, Clock clock, CasePolicy policy) {
        requireStatus(RecordDocumentServed.class, "登记文书送达");
        occurred(command.servedOn(), policy.today(clock), "servedOn", "送达日期");
        legal.requireServable(command.documentReference(), command.servedOn());
        apply(new LegalDocumentServed(caseId, command.documentReference(), command.servedOn(), command.servedTo(),
                command.serviceMethod()));
    }

    @EventSourcingHandler
    void on(LegalDocumentServed event) {
        legal.served(event.documentReference(), event.servedOn());
    }

    @CommandHandler
    void handle(RecordJudicialIntervention command, Clock clock, CasePolicy policy) {
        String action = "登记司法介入";
        requireStatus(RecordJudicialIntervention.class, action);
        occurred(command.intervenedOn(), policy.today(clock), "intervenedOn", "司法介入日期");
        legal.requireOverdueServedOrder(command.intervenedOn(), "intervenedOn", action);
        apply(new JudicialInterventionRecorded(caseId, command.intervenedOn(), command.authority(),
                command.authorityName(), command.note()));
    }

    @EventSourcingHandler
    void on(JudicialInterventionRecorded event) {
        legal.intervened();
    }

    @CommandHandler
    void handle(RecordLawsuitFiled command, Clock clock, CasePolicy policy) {
        String action = "登记起诉";
        requireStatus(RecordLawsuitFiled.class, action);
        occurred(command.filedOn(), policy.today(clock), "filedOn", "起诉日期");
        legal.requireNoPendingLawsuit();
        legal.requireOverdueServedOrder(command.filedOn(), "filedOn", action);
        apply(new LawsuitFiled(caseId, command.filedOn(), command.court(), command.caseNumber()));
    }

    @EventSourcingHandler
    void on(LawsuitFiled event) {
        legal.sued(event.filedOn());
    }

    @CommandHandler
    void handle(RecordLawsuitOutcome command, Clock clock, CasePolicy policy) {
        requireStatus(RecordLawsuitOutcome.class, "登记诉讼结果");
        occurred(command.decidedOn(), policy.today(clock), "decidedOn", "诉讼结果日期");
        legal.requirePendingLawsuit(command.decidedOn());
        apply(new LawsuitConcluded(caseId, command.decidedOn(), command.outcome(), command.note()));
    }

    @EventSourcingHandler
    void on(LawsuitConcluded event) {
        legal.concluded();
    }

    // ---------------------------------------------------------------- return, watch, cross-off, relapse

    @CommandHandler
    void handle(RecordReturnToSchool command, Clock clock, CasePolicy policy) {
        requireStatus(RecordReturnToSchool.class, "登记返校");
        occurred(command.returnedOn(), policy.today(clock), "returnedOn", "返校日期");
        if (episodeStartedOn != null) {
            notBefore(command.returnedOn(), episodeStartedOn, "RETURN_BEFORE_DROPOUT_AGAIN", "returnedOn",
                    "返校日期", "再次辍学日期");
        }
        notBeforeCurrentStatus(command.returnedOn(), "returnedOn", "返校日期");
        LocalDate watchEnds = policy.termCalendar().watchPeriodEnd(command.returnedOn());
        apply(new StudentReturnedToSchool(caseId, command.returnedOn(), command.schoolName(), command.schoolCode(),
                command.grade(), command.className(), command.placement(), episode, watchEnds));
    }

    @EventSourcingHandler
    void on(StudentReturnedToSchool event) {
        scope = CaseScopes.after(scope, event);
        enter(RETURNED, event.returnedOn());
        returnedOn = event.returnedOn();
        watchPeriodEndsOn = event.watchPeriodEndsOn();
    }

    @CommandHandler
    void handle(CrossOff command, Clock clock, CasePolicy policy) {
        requireReturned(CrossOff.class, "销号");
        occurred(command.crossedOffOn(), policy.today(clock), "crossedOffOn", "销号日期");
        if (command.crossedOffOn().isBefore(watchPeriodEndsOn)) {
            throw new RuleViolationException("WATCH_PERIOD_NOT_OVER", "crossedOffOn",
                    "返校观察期至 " + watchPeriodEndsOn + " 届满（" + returnedOn + " 返校），届满之日起才能销号");
        }
        apply(new CaseCrossedOff(caseId, command.crossedOffOn(), command.note()));
    }

    @EventSourcingHandler
    void on(CaseCrossedOff event) {
        close(event.crossedOffOn(), ClosingCategory.RETURNED_AND_CROSSED_OFF);
    }

    @CommandHandler
    void handle(RecordRelapse command, Clock clock, CasePolicy policy) {
        requireReturned(RecordRelapse.class, "登记复辍");
        occurred(command.droppedOutAgainOn(), policy.today(clock), "droppedOutAgainOn", "再次辍学日期");
        notBefore(command.droppedOutAgainOn(), returnedOn, "RELAPSE_BEFORE_RETURN", "droppedOutAgainOn",
                "再次辍学日期", "返校日期");
        apply(new RelapseRecorded(caseId, command.droppedOutAgainOn(), episode + 1, resumedAfterDropout(),
                command.note()));
    }

    @EventSourcingHandler
    void on(RelapseRecorded event) {
        startEpisode(event.episode(), event.droppedOutAgainOn());
        enter(event.resumedStatus(), event.droppedOutAgainOn());
    }

    // ---------------------------------------------------------------- disability and 送教上门

    @CommandHandler
    void handle(RecordDisability command, Clock clock, CasePolicy policy) {
        requireStatus(RecordDisability.class, "登记残疾情况");
        occurred(command.verifiedOn(), policy.today(clock), "verifiedOn", "残疾情况核实日期");
        apply(new DisabilityRecorded(caseId, command.verifiedOn(), command.category(), command.level(),
                command.certificateReference()));
    }

    @EventSourcingHandler
    void on(DisabilityRecorded event) {
        disability = event.category();
        if (disabilityVerifiedOn == null
                || (event.verifiedOn() != null && event.verifiedOn().isBefore(disabilityVerifiedOn))) {
            disabilityVerifiedOn = event.verifiedOn();
        }
    }

    @CommandHandler
    void handle(ArrangeHomeTeaching command) {
        String action = "安排送教上门";
        if (!StepStatuses.allows(ArrangeHomeTeaching.class, status)) {
            throw status == HOME_TEACHING
                    ? new RuleViolationException("HOME_TEACHING_ALREADY_ARRANGED",
                            "已安排送教上门（" + homeTeachingStartsOn + " 开始），不能重复安排")
                    : Rejections.notAllowedIn(status, action);
        }
        if (disability == null) {
            throw new RuleViolationException("DISABILITY_NOT_RECORDED",
                    "尚未登记学生的残疾情况（类别、等级、残疾证或诊断证明），不能安排送教上门");
        }
        notBefore(command.startsOn(), identifiedOn, "DATE_BEFORE_IDENTIFICATION", "startsOn", "送教开始日期",
                "案件发现日期");
        notBeforeCurrentStatus(command.startsOn(), "startsOn", "送教开始日期");
        notBefore(command.startsOn(), disabilityVerifiedOn, "HOME_TEACHING_BEFORE_DISABILITY", "startsOn",
                "送教开始日期", "残疾情况核实日期");
        apply(new HomeTeachingArranged(caseId, command.teachers(), command.schoolOfRegistration(),
                command.requiredSessionsPerWeek(), command.periodsPerSession(), command.startsOn()));
    }

    @EventSourcingHandler
    void on(HomeTeachingArranged event) {
        enter(HOME_TEACHING, event.startsOn());
        homeTeachingStartsOn = event.startsOn();
    }

    @CommandHandler
    void handle(RecordHomeTeachingSession command, Clock clock, CasePolicy policy) {
        requireOpen(RecordHomeTeachingSession.class, "登记送教记录");
        if (sessionIds.contains(command.sessionId())) {
            throw new RuleViolationException("SESSION_ALREADY_RECORDED", "sessionId",
                    "这条送教记录（编号 " + command.sessionId() + "）已经登记过，不能重复登记");
        }
        if (!StepStatuses.allows(RecordHomeTeachingSession.class, status)) {
            throw new RuleViolationException("NOT_IN_HOME_TEACHING",
                    "学生未在接受送教上门（当前状态：" + status.label() + "），不能登记送教记录");
        }
        notFuture(command.deliveredOn(), policy.today(clock), "deliveredOn", "送教日期");
        notBefore(command.deliveredOn(), homeTeachingStartsOn, "SESSION_BEFORE_HOME_TEACHING_START", "deliveredOn",
                "送教日期", "送教开始日期");
        apply(new HomeTeachingSessionDelivered(caseId, command.sessionId(), command.deliveredOn(),
                command.teachers(), command.periods(), command.content()));
    }

    @EventSourcingHandler
    void on(HomeTeachingSessionDelivered event) {
        sessionIds.add(event.sessionId());
    }

    // ---------------------------------------------------------------- closing and reopening

    @CommandHandler
    void handle(CloseCase command, Clock clock, CasePolicy policy) {
        if (!StepStatuses.allows(CloseCase.class, status)) {
            throw new RuleViolationException("CASE_ALREADY_CLOSED",
                    "案件已于 " + closedOn + " 以“" + closingCategory.label() + "”结案，不能重复结案");
        }
        ClosingCategory category = command.category();
        if (category.route() == ClosingCategory.Route.CROSS_OFF) {
            throw new RuleViolationException("CATEGORY_REQUIRES_CROSS_OFF", "category",
                    "“" + category.label() + "”只能在学生返校且观察期满后通过“销号”办理，不能直接结案");
        }
        if (category.route() == ClosingCategory.Route.HOME_TEACHING_END && status != HOME_TEACHING) {
            throw new RuleViolationException("CATEGORY_REQUIRES_HOME_TEACHING", "category",
                    "“" + category.label() + "”只用于结束送教上门，案件当前状态为“" + status.label() + "”");
        }
        LocalDate today = policy.today(clock);
        changesStatusOn(command.closedOn(), today, "closedOn", "结案日期");
        requireEvidence(command.evidence(), today, "以“" + category.label() + "”结案");
        apply(new CaseClosed(caseId, command.closedOn(), category, command.evidence(), command.note()));
    }

    @EventSourcingHandler
    void on(CaseClosed event) {
        close(event.closedOn(), event.category());
    }

    @CommandHandler
    void handle(ReopenCase command, Clock clock, CasePolicy policy) {
        if (!StepStatuses.allows(ReopenCase.class, status)) {
            throw new RuleViolationException("CASE_NOT_CLOSED",
                    "案件未结案（当前状态：" + status.label() + "），不需要重新开案");
        }
        if (personalDataErased) {
            throw new RuleViolationException("PERSONAL_DATA_ERASED",
                    "该案件学生的个人信息已删除，不能重新开案；如学生再次辍学，请重新登记新案件");
        }
        notFuture(command.reopenedOn(), policy.today(clock), "reopenedOn", "重新开案日期");
        notBefore(command.reopenedOn(), closedOn, "REOPEN_BEFORE_CLOSURE", "reopenedOn", "重新开案日期", "结案日期");
        boolean droppedOutAgain = closingCategory == ClosingCategory.RETURNED_AND_CROSSED_OFF;
        CaseStatus resumed = dropoutConfirmed ? resumedAfterDropout() : IDENTIFIED;
        apply(new CaseReopened(caseId, command.reopenedOn(), command.reason(), resumed,
                droppedOutAgain ? episode + 1 : episode));
    }

    @EventSourcingHandler
    void on(CaseReopened event) {
        if (event.episode() != episode) {
            startEpisode(event.episode(), event.reopenedOn());
        }
        enter(event.resumedStatus(), event.reopenedOn());
        closedOn = null;
        closingCategory = null;
    }

    // ---------------------------------------------------------------- transfer (户籍迁移, 学籍转移)

    @CommandHandler
    void handle(TransferCase command, Clock clock, CasePolicy policy) {
        requireStatus(TransferCase.class, "移交案件");
        occurred(command.transferredOn(), policy.today(clock), "transferredOn", "移交日期");
        boolean householdMoves = command.household() != null
                && !command.household().village().equals(scope.village());
        boolean schoolChanges = command.school() != null
                && !scope.schoolCodes().equals(Set.of(command.school().schoolCode()));
        if (!householdMoves && !schoolChanges) {
            throw new RuleViolationException("TRANSFER_TO_SAME_PLACE",
                    "移交去向与案件当前的户籍所在村（" + scope.village().value() + "）和学校相同，无需移交；"
                            + "请填写新的户籍所在地或接收学校");
        }
        apply(new CaseTransferred(caseId, command.kind(), command.transferredOn(), scope.village(),
                householdMoves ? command.household() : new HouseholdLocation(scope.village(), null),
                scope.schoolCodes(), schoolChanges ? command.school() : null, command.note()));
    }

    @EventSourcingHandler
    void on(CaseTransferred event) {
        scope = CaseScopes.after(scope, event);
    }

    // ---------------------------------------------------------------- read access for tests in this package

    CaseScope scope() {
        return scope;
    }

    CaseStatus status() {
        return status;
    }

    List<StatusHistory.Change> statusChanges() {
        return statusHistory.changes();
    }

    int episode() {
        return episode;
    }

    LegalStep legalStep() {
        return legal.step();
    }

    ClosingCategory closingCategory() {
        return closingCategory;
    }

    // ---------------------------------------------------------------- rules shared by the handlers

    /**
     * The closed-case refusal ahead of a step's checks that are not about the status (a duplicate visit, a trio in
     * place), so a closed case always answers "closed"; the step's full status check follows them.
     */
    private void requireOpen(Class<? extends CaseCommand> step, String action) {
        if (status == CLOSED && !StepStatuses.allows(step, CLOSED)) {
            throw Rejections.caseClosed(action);
        }
    }

    /** The step's states ({@link StepStatuses}), refused with the usual explanation for the current status. */
    private void requireStatus(Class<? extends CaseCommand> step, String action) {
        if (!StepStatuses.allows(step, status)) {
            throw Rejections.notAllowedIn(status, action);
        }
    }

    /**
     * The step's states ({@link StepStatuses}) applied to the status on {@code date} instead of today's (a late
     * visit). A date in the current status gets the usual refusal for it; an earlier one names that day's status.
     */
    private void requireStatusOn(Class<? extends CaseCommand> step, LocalDate date, String field, String what,
                                 String action) {
        CaseStatus then = statusHistory.on(date);
        if (then != null && StepStatuses.allows(step, then)) {
            return;
        }
        if (then == null || statusHistory.inCurrentStatus(date)) {
            throw Rejections.notAllowedIn(status, action);
        }
        String allowed = StepStatuses.statusesFor(step).stream().map(s -> "“" + s.label() + "”")
                .collect(Collectors.joining("或"));
        throw new RuleViolationException("STATUS_NOT_ALLOWED_ON_DATE", field,
                "案件在" + what + "（" + date + "）处于“" + then.label() + "”状态，不是" + allowed + "，不能" + action
                        + "；请核对" + what);
    }

    private void requireAwaitingVerification(Class<? extends CaseCommand> step) {
        requireOpen(step, "核实");
        if (!StepStatuses.allows(step, status)) {
            throw new RuleViolationException("CASE_ALREADY_VERIFIED",
                    "案件已完成核实（当前状态：" + status.label() + "），不能重复核实");
        }
    }

    private void requireReturned(Class<? extends CaseCommand> step, String action) {
        requireOpen(step, action);
        if (!StepStatuses.allows(step, status)) {
            throw new RuleViolationException("NOT_RETURNED", "未登记返校，不能" + action);
        }
    }

    /** 佐证销号: at least one document, none dated in the future. */
    private static void requireEvidence(List<EvidenceDocument> evidence, LocalDate today, String what) {
        if (evidence.isEmpty()) {
            throw new RuleViolationException("EVIDENCE_REQUIRED", "evidence",
                    what + "须提供佐证材料（如派出所或村委证明、学籍证明、调查笔录），请至少上传一份");
        }
        for (int i = 0; i < evidence.size(); i++) {
            notFuture(evidence.get(i).issuedOn(), today, "evidence[" + i + "].issuedOn", "佐证材料出具日期");
        }
    }

    /** The status a case resumes in when the child is out of school again. */
    private CaseStatus resumedAfterDropout() {
        return trio != null ? PERSUADING : CONFIRMED_DROPOUT;
    }

    /**
     * The date of a step that changes the case's status: between the identification date and today, and not before
     * the case entered its current status (else folding the events by date would put this change before that one).
     */
    private void changesStatusOn(LocalDate date, LocalDate today, String field, String what) {
        occurred(date, today, field, what);
        notBeforeCurrentStatus(date, field, what);
    }

    private void notBeforeCurrentStatus(LocalDate date, String field, String what) {
        notBefore(date, statusHistory.currentSince(), "DATE_BEFORE_CURRENT_STATUS", field, what,
                "案件进入“" + status.label() + "”的日期");
    }

    /** A business date must lie between the identification date and today. */
    private void occurred(LocalDate date, LocalDate today, String field, String what) {
        occurred(date, today, field, what, "DATE_BEFORE_IDENTIFICATION");
    }

    private void occurred(LocalDate date, LocalDate today, String field, String what, String beforeCode) {
        notFuture(date, today, field, what);
        notBefore(date, identifiedOn, beforeCode, field, what, "案件发现日期");
    }

    private static void notFuture(LocalDate date, LocalDate today, String field, String what) {
        try {
            DateRules.requireNotFuture(date, today, what);
        } catch (InvalidValueException e) {
            throw e.atField(field);
        }
    }

    /**
     * Like {@link DateRules#requireNotBefore}, but a rule of this case's history: a {@link RuleViolationException}.
     * An unknown {@code earliest} restricts nothing.
     */
    private static void notBefore(LocalDate date, LocalDate earliest, String code, String field, String what,
                                  String earliestWhat) {
        if (earliest == null) {
            return;
        }
        try {
            DateRules.requireNotBefore(date, earliest, what, earliestWhat);
        } catch (InvalidValueException e) {
            throw new RuleViolationException(code, field, e.getMessage());
        }
    }

    /** The case enters {@code next} on {@code on}. */
    private void enter(CaseStatus next, LocalDate on) {
        status = next;
        statusHistory.changed(on, next);
    }

    private void close(LocalDate on, ClosingCategory category) {
        enter(CLOSED, on);
        closedOn = on;
        closingCategory = category;
    }

    private void startEpisode(int number, LocalDate startedOn) {
        episode = number;
        episodeStartedOn = startedOn;
        returnedOn = null;
        watchPeriodEndsOn = null;
    }

    // ---------------------------------------------------------------- date corrections

    /**
     * A date typed wrong is corrected by a step of its own, never by changing the recorded one: checked against the
     * case's other dates as the step was when it was recorded ({@link StepDates#check}).
     */
    @CommandHandler
    void handle(CorrectStepDate command, Clock clock, CasePolicy policy) {
        notFuture(command.correctedDate(), policy.today(clock), "correctedDate", "更正后的日期");
        StepDates.Correction correction = stepDates.check(command.sequence(), command.correctedDate(),
                                                          policy.termCalendar());
        apply(new StepDateCorrected(caseId, command.sequence(), correction.type(), correction.previousDate(),
                command.correctedDate(), correction.watchPeriodEndsOn(), command.reason()));
    }

    /** The dates this case's own rules read, as corrected (the member {@link StepDates} corrects its own list). */
    @EventSourcingHandler
    void on(StepDateCorrected event) {
        long sequence = event.correctedSequence();
        LocalDate on = event.correctedDate();
        statusHistory = StatusHistory.of(stepDates.statusChangesWith(sequence, on));
        switch (event.step()) {
            case "CaseIdentified" -> identifiedOn = on;
            case "TrioAssigned" -> trio = new Trio(trio.teacher(), trio.villageCadre(), trio.guardian(), on,
                                                   trio.replacedOn());
            case "DisabilityRecorded" -> disabilityVerifiedOn = stepDates.earliestOf("DisabilityRecorded", sequence, on);
            case "StudentReturnedToSchool" -> {
                if (returnedOn != null && stepDates.isLatestOf(sequence, "StudentReturnedToSchool")) {
                    returnedOn = on;
                    watchPeriodEndsOn = event.watchPeriodEndsOn();
                }
            }
            case "RelapseRecorded" -> {
                if (episodeStartedOn != null && stepDates.isLatestOf(sequence, "RelapseRecorded", "CaseReopened")) {
                    episodeStartedOn = on;
                }
            }
            case "HomeTeachingArranged" -> homeTeachingStartsOn = on;
            case "CaseCrossedOff", "CaseClosed", "CaseVerifiedNotDropout" -> {
                if (status == CLOSED && stepDates.isLatestOf(sequence, "CaseCrossedOff", "CaseClosed",
                                                             "CaseVerifiedNotDropout")) {
                    closedOn = on;
                }
            }
            default -> {
                // Other steps' dates are not read by later rules of the case.
            }
        }
    }

    // ---------------------------------------------------------------- personal data (crypto-shredding)

    /**
     * Only a closed case: open work needs the child's name, the household and the helpers' phones, and erasing them
     * would silently turn a live case into an anonymous one. Erasing twice records nothing new.
     */
    @CommandHandler
    void handle(ErasePersonalData command) {
        if (personalDataErased) {
            return;
        }
        if (!StepStatuses.allows(ErasePersonalData.class, status)) {
            throw new RuleViolationException("CASE_NOT_CLOSED",
                    "案件未结案（当前状态：" + status.label() + "），结案后才能删除学生个人信息");
        }
        apply(new PersonalDataErased(caseId, command.reason()));
    }

    @EventSourcingHandler
    void on(PersonalDataErased event) {
        personalDataErased = true;
    }
}
