package cn.kcbx.kernel.access;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.verification.ScheduleRecheck;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static cn.kcbx.kernel.dropoutcase.CaseStatus.CLOSED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CONFIRMED_DROPOUT;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.HOME_TEACHING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.IDENTIFIED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PENDING_RECHECK;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PERSUADING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.RETURNED;

/**
 * The life of a case in one table (docs/domain.md §8): each step, the states it may be taken in, and the states it
 * leads to. The companion of {@link CommandPermissions} (who may take it), in the same order. The case aggregate
 * reads this table for its status checks, so the pages that offer a step and the case that accepts it agree (a test
 * replays every step in every status against it, and checks where each taken step leads); the aggregate adds the
 * conditions that are not about the status (the watch period before 销号, a recorded disability before 送教上门, the
 * legal ladder's order, …).
 *
 * <p>A case is opened by {@link IdentifyCase}, which has no state before it: its set is empty.
 *
 * <p>The table is about the case's <em>current</em> status, with one exception: a 劝返 visit ({@link LogVisit}) is
 * checked against the status the case had on the visit's date (at the end of that day), not today's. Villages often
 * log a visit a week late, and by then the school may have recorded the return or the case may be crossed off; the
 * visit still counts if the case was 劝返中 on that day (and a visit dated while it was not is refused, even if it is
 * 劝返中 now). The pages offer the step by the current status as for every other step; the case aggregate applies
 * this table to the visit's date in its one visit check.
 */
public final class StepStatuses {

    private static final Set<CaseStatus> OPEN = EnumSet.complementOf(EnumSet.of(CLOSED));
    private static final Set<CaseStatus> AWAITING_VERIFICATION = EnumSet.of(IDENTIFIED, PENDING_RECHECK);
    /** Open and out of school, with no 送教上门 arranged. */
    private static final Set<CaseStatus> NOT_IN_SCHOOL =
            EnumSet.of(IDENTIFIED, PENDING_RECHECK, CONFIRMED_DROPOUT, PERSUADING);

    /** The status stays as it is. */
    private static final LeadsTo UNCHANGED = new LeadsTo(Set.of());
    /** Out of school again: 劝返中 when a 三帮一 trio was assigned, else 确认辍学. */
    private static final LeadsTo OUT_OF_SCHOOL_AGAIN = new LeadsTo(EnumSet.of(CONFIRMED_DROPOUT, PERSUADING));
    /** 待核实 when the case was closed before it was confirmed, else out of school again. */
    private static final LeadsTo REOPENED = new LeadsTo(EnumSet.of(IDENTIFIED, CONFIRMED_DROPOUT, PERSUADING));

    private static final Map<Class<? extends CaseCommand>, Set<CaseStatus>> STATUSES = new LinkedHashMap<>();
    private static final Map<Class<? extends CaseCommand>, LeadsTo> LEADS_TO = new LinkedHashMap<>();

    /**
     * The statuses a step can move the case to; none when the step leaves the status as it is. Where there are
     * several, the case's history decides (whether a trio was ever assigned, whether the dropout was confirmed).
     */
    public record LeadsTo(Set<CaseStatus> statuses) {

        public LeadsTo {
            statuses = statuses.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
        }

        public boolean keepsStatus() {
            return statuses.isEmpty();
        }

        /** Is {@code after} where this step may take a case that was in {@code before}? */
        public boolean admits(CaseStatus before, CaseStatus after) {
            return keepsStatus() ? after == before : statuses.contains(after);
        }
    }

    static {
        //   step                                   taken in                         leads to
        step(IdentifyCase.class,                    Set.of(),                        to(IDENTIFIED));
        // A closed case is not reported again: a child pushed down after 销号 gets a new case.
        step(RecordRepeatReport.class,              OPEN,                            UNCHANGED);
        step(ConfirmDropout.class,                  AWAITING_VERIFICATION,           to(CONFIRMED_DROPOUT));
        step(ScheduleRecheck.class,                 AWAITING_VERIFICATION,           to(PENDING_RECHECK));
        step(CloseAsNotDropout.class,               AWAITING_VERIFICATION,           to(CLOSED));
        step(AssignTrio.class,                      EnumSet.of(CONFIRMED_DROPOUT),   to(PERSUADING));
        // Only where a trio can be in place: it is assigned in CONFIRMED_DROPOUT and moves the case to PERSUADING.
        step(ReplaceTrioMember.class,               EnumSet.of(PERSUADING, HOME_TEACHING, RETURNED), UNCHANGED);
        step(LogVisit.class,                        EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordCriticismEducation.class,        EnumSet.of(PERSUADING),          UNCHANGED);
        step(IssueCorrectionOrder.class,            EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordDocumentServed.class,            EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordJudicialIntervention.class,      EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordLawsuitFiled.class,              EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordLawsuitOutcome.class,            EnumSet.of(PERSUADING),          UNCHANGED);
        step(RecordReturnToSchool.class,            EnumSet.of(CONFIRMED_DROPOUT, PERSUADING), to(RETURNED));
        step(RecordRelapse.class,                   EnumSet.of(RETURNED),            OUT_OF_SCHOOL_AGAIN);
        // 劝返一个销号一个: the watch period after the return is over, the case closes as crossed off.
        step(CrossOff.class,                        EnumSet.of(RETURNED),            to(CLOSED));
        step(RecordDisability.class,                OPEN,                            UNCHANGED);
        step(ArrangeHomeTeaching.class,             NOT_IN_SCHOOL,                   to(HOME_TEACHING));
        step(RecordHomeTeachingSession.class,       EnumSet.of(HOME_TEACHING),       UNCHANGED);
        step(CloseCase.class,                       OPEN,                            to(CLOSED));
        // Back where the child was before closing: 待核实 if never confirmed, else out of school again.
        step(ReopenCase.class,                      EnumSet.of(CLOSED),              REOPENED);
        step(TransferCase.class,                    OPEN,                            UNCHANGED);
        // A date recorded wrong stays wrong whatever happened since: any status, closed cases included.
        step(CorrectStepDate.class,                 EnumSet.allOf(CaseStatus.class), UNCHANGED);
        step(ErasePersonalData.class,               EnumSet.of(CLOSED),              UNCHANGED);
    }

    private StepStatuses() {
    }

    private static LeadsTo to(CaseStatus status) {
        return new LeadsTo(EnumSet.of(status));
    }

    private static void step(Class<? extends CaseCommand> command, Set<CaseStatus> statuses, LeadsTo leadsTo) {
        STATUSES.put(command, statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses)));
        LEADS_TO.put(command, leadsTo);
    }

    /** Every command the table knows, in the order of a case's life (as {@link CommandPermissions#commands()}). */
    public static Set<Class<? extends CaseCommand>> commands() {
        return Collections.unmodifiableSet(STATUSES.keySet());
    }

    /** The states in which {@code command} may be taken, in lifecycle order; empty for an unknown command. */
    public static Set<CaseStatus> statusesFor(Class<? extends CaseCommand> command) {
        return STATUSES.getOrDefault(command, Set.of());
    }

    /** Where {@code command} takes the case; {@code null} for an unknown command. */
    public static LeadsTo leadsTo(Class<? extends CaseCommand> command) {
        return LEADS_TO.get(command);
    }

    /** May {@code command} be taken on a case in {@code status}? */
    public static boolean allows(Class<? extends CaseCommand> command, CaseStatus status) {
        return statusesFor(command).contains(status);
    }
}
