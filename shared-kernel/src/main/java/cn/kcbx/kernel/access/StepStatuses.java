package cn.kcbx.kernel.access;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
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
 * In which states of a case each step may be taken (docs/domain.md §8): the companion of {@link CommandPermissions}
 * (who may
 * take it), in the same order. The case aggregate reads this table for its status checks, so the pages that offer a
 * step and the case that accepts it agree; the aggregate adds the conditions that are not about the status (the
 * watch period before 销号, a recorded disability before 送教上门, the legal ladder's order, …).
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

    private static final Map<Class<? extends CaseCommand>, Set<CaseStatus>> STATUSES = new LinkedHashMap<>();

    static {
        step(IdentifyCase.class, Set.of());
        // A closed case is not reported again: a child pushed down after 销号 gets a new case.
        step(RecordRepeatReport.class, OPEN);
        step(ConfirmDropout.class, AWAITING_VERIFICATION);
        step(ScheduleRecheck.class, AWAITING_VERIFICATION);
        step(CloseAsNotDropout.class, AWAITING_VERIFICATION);
        step(AssignTrio.class, EnumSet.of(CONFIRMED_DROPOUT));
        // Only where a trio can be in place: it is assigned in CONFIRMED_DROPOUT and moves the case to PERSUADING.
        step(ReplaceTrioMember.class, EnumSet.of(PERSUADING, HOME_TEACHING, RETURNED));
        step(LogVisit.class, EnumSet.of(PERSUADING));
        step(RecordCriticismEducation.class, EnumSet.of(PERSUADING));
        step(IssueCorrectionOrder.class, EnumSet.of(PERSUADING));
        step(RecordDocumentServed.class, EnumSet.of(PERSUADING));
        step(RecordJudicialIntervention.class, EnumSet.of(PERSUADING));
        step(RecordLawsuitFiled.class, EnumSet.of(PERSUADING));
        step(RecordLawsuitOutcome.class, EnumSet.of(PERSUADING));
        step(RecordReturnToSchool.class, EnumSet.of(CONFIRMED_DROPOUT, PERSUADING));
        step(RecordRelapse.class, EnumSet.of(RETURNED));
        step(CrossOff.class, EnumSet.of(RETURNED));
        step(RecordDisability.class, OPEN);
        step(ArrangeHomeTeaching.class, EnumSet.of(IDENTIFIED, PENDING_RECHECK, CONFIRMED_DROPOUT, PERSUADING));
        step(RecordHomeTeachingSession.class, EnumSet.of(HOME_TEACHING));
        step(CloseCase.class, OPEN);
        step(ReopenCase.class, EnumSet.of(CLOSED));
        step(TransferCase.class, OPEN);
        // A date recorded wrong stays wrong whatever happened since: any status, closed cases included.
        step(CorrectStepDate.class, EnumSet.allOf(CaseStatus.class));
        step(ErasePersonalData.class, EnumSet.of(CLOSED));
    }

    private StepStatuses() {
    }

    private static void step(Class<? extends CaseCommand> command, Set<CaseStatus> statuses) {
        STATUSES.put(command, statuses.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(statuses)));
    }

    /** Every command the table knows, in the order of a case's life (as {@link CommandPermissions#commands()}). */
    public static Set<Class<? extends CaseCommand>> commands() {
        return Collections.unmodifiableSet(STATUSES.keySet());
    }

    /** The states in which {@code command} may be taken, in lifecycle order; empty for an unknown command. */
    public static Set<CaseStatus> statusesFor(Class<? extends CaseCommand> command) {
        return STATUSES.getOrDefault(command, Set.of());
    }

    /** May {@code command} be taken on a case in {@code status}? */
    public static boolean allows(Class<? extends CaseCommand> command, CaseStatus status) {
        return statusesFor(command).contains(status);
    }
}
