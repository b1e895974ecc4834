package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.time.TermCalendar;

import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every step of the case by its sequence, with its business date (as corrected) and, for a step that moves the case
 * to another status, that status: what a date correction is checked against. A member of the case aggregate, so it
 * sees every event with its sequence number.
 */
class StepDates {

    /** A step's kind, business date and the status it moved the case to (null: it did not). */
    record StepDate(long sequence, String type, LocalDate date, CaseStatus statusAfter, LocalDate watchPeriodEndsOn) {

        StepDate on(LocalDate corrected, LocalDate watchEnds) {
            return new StepDate(sequence, type, corrected, statusAfter, watchEnds);
        }
    }

    /** What a correction changes: the step's type, its date before, and for a return the new end of the watch period. */
    record Correction(String type, LocalDate previousDate, LocalDate watchPeriodEndsOn) {
    }

    /** The clerk's names of the steps whose dates can be corrected. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("CaseIdentified", "发现登记"), Map.entry("CaseReportedAgain", "再次下发"),
            Map.entry("DropoutConfirmed", "核实确认辍学"),
            Map.entry("CaseVerifiedNotDropout", "核实为非辍学"), Map.entry("CaseRecheckScheduled", "列入待复查"),
            Map.entry("TrioAssigned", "落实三帮一"), Map.entry("TrioMemberReplaced", "更换帮扶人"),
            Map.entry("VisitLogged", "劝返走访"), Map.entry("CriticismEducationRecorded", "批评教育"),
            Map.entry("CorrectionOrderIssued", "责令限期改正"), Map.entry("LegalDocumentServed", "文书送达"),
            Map.entry("JudicialInterventionRecorded", "司法介入"), Map.entry("LawsuitFiled", "起诉"),
            Map.entry("LawsuitConcluded", "诉讼结果"), Map.entry("StudentReturnedToSchool", "返校"),
            Map.entry("RelapseRecorded", "复辍"), Map.entry("CaseCrossedOff", "销号"),
            Map.entry("DisabilityRecorded", "残疾情况登记"), Map.entry("HomeTeachingArranged", "安排送教上门"),
            Map.entry("HomeTeachingSessionDelivered", "送教上门"), Map.entry("CaseClosed", "结案"),
            Map.entry("CaseReopened", "重新开案"), Map.entry("CaseTransferred", "移交"));

    private List<StepDate> steps = new ArrayList<>();

    @EventSourcingHandler
    void on(CaseEvent event, @SequenceNumber long sequence) {
        if (event instanceof StepDateCorrected correction) {
            int index = Math.toIntExact(correction.correctedSequence());
            StepDate step = steps.get(index);
            steps.set(index, step.on(correction.correctedDate(), correction.watchPeriodEndsOn() != null
                    ? correction.watchPeriodEndsOn() : step.watchPeriodEndsOn()));
        }
        while (steps.size() < sequence) { // a case from before this list existed is filled from its replay anyway
            steps.add(new StepDate(steps.size(), "Unknown", null, null, null));
        }
        steps.add(new StepDate(sequence, event.getClass().getSimpleName(),
                               event instanceof StepDateCorrected ? null : event.occurredOn(), statusAfter(event),
                               event instanceof StudentReturnedToSchool returned ? returned.watchPeriodEndsOn() : null));
    }

    /** The date of the step at {@code sequence}, as corrected. */
    StepDate step(long sequence) {
        return sequence >= 0 && sequence < steps.size() ? steps.get(Math.toIntExact(sequence)) : null;
    }

    /** True when no later step of any of these kinds exists (the current return, the current closing …). */
    boolean isLatestOf(long sequence, String... types) {
        List<String> kinds = List.of(types);
        return steps.stream().noneMatch(step -> step.sequence() > sequence && kinds.contains(step.type()));
    }

    /** The case's changes of status in the order recorded, the step at {@code sequence} dated {@code on}. */
    List<StatusHistory.Change> statusChangesWith(long sequence, LocalDate on) {
        List<StatusHistory.Change> changes = new ArrayList<>();
        for (StepDate step : steps) {
            if (step.statusAfter() != null) {
                changes.add(new StatusHistory.Change(step.sequence() == sequence ? on : step.date(),
                                                     step.statusAfter()));
            }
        }
        return changes;
    }

    /** The earliest date of the steps of {@code type}, the step at {@code sequence} dated {@code on}. */
    LocalDate earliestOf(String type, long sequence, LocalDate on) {
        LocalDate earliest = null;
        for (StepDate step : steps) {
            LocalDate date = step.sequence() == sequence ? on : step.date();
            if (step.type().equals(type) && date != null && (earliest == null || date.isBefore(earliest))) {
                earliest = date;
            }
        }
        return earliest;
    }

    /**
     * Checks that the step at {@code sequence} may be dated {@code corrected}: it exists and has a date, and with the
     * new date the case's dates are still in the order the rules ask of new steps (identification first, each change
     * of status on or after the one before, a visit on a day the case was under persuasion, a cross-off not before the
     * watch period's end, …).
     */
    Correction check(long sequence, LocalDate corrected, TermCalendar calendar) {
        StepDate step = step(sequence);
        if (step == null) {
            throw new RuleViolationException("STEP_NOT_FOUND", "sequence",
                    "本案没有编号为 " + sequence + " 的记录，请在案件时间线上核对要更正的记录");
        }
        if (step.date() == null || !LABELS.containsKey(step.type())) {
            throw new RuleViolationException("STEP_DATE_NOT_CORRECTABLE", "sequence",
                    "编号为 " + sequence + " 的记录没有可更正的业务日期");
        }
        if (step.date().equals(corrected)) {
            throw new RuleViolationException("DATE_UNCHANGED", "correctedDate",
                    label(step) + "的日期已是 " + corrected + "，无需更正");
        }
        LocalDate watchEnds = step.type().equals("StudentReturnedToSchool") ? calendar.watchPeriodEnd(corrected) : null;
        List<StepDate> after = new ArrayList<>(steps);
        after.set(Math.toIntExact(sequence), step.on(corrected, watchEnds != null ? watchEnds : step.watchPeriodEndsOn()));
        requireInOrder(after, after.get(Math.toIntExact(sequence)));
        return new Correction(step.type(), step.date(), watchEnds);
    }

    private static void requireInOrder(List<StepDate> steps, StepDate corrected) {
        StepDate identified = steps.get(0);
        for (StepDate step : steps) {
            if (step.date() != null && step.date().isBefore(identified.date())) {
                throw outOfOrder(corrected, step == corrected ? identified : step, "早于", identified == corrected
                        ? "（发现日期须不晚于案件的其他各项日期）" : "");
            }
        }
        // Each change of status on or after the one before it.
        StepDate previous = null;
        for (StepDate step : steps) {
            if (step.statusAfter() == null || step.date() == null) {
                continue;
            }
            if (previous != null && step.date().isBefore(previous.date())
                    && (step == corrected || previous == corrected)) {
                throw step == corrected ? outOfOrder(corrected, previous, "早于", "")
                        : outOfOrder(corrected, step, "晚于", "");
            }
            previous = step;
        }
        StepDate lastReturn = null;
        StepDate trio = null;
        StepDate homeTeaching = null;
        for (StepDate step : steps) {
            switch (step.type()) {
                case "StudentReturnedToSchool" -> lastReturn = step;
                case "TrioAssigned" -> trio = step;
                case "HomeTeachingArranged" -> homeTeaching = step;
                case "CaseCrossedOff" -> {
                    if (lastReturn != null && (step == corrected || lastReturn == corrected)
                            && step.date().isBefore(lastReturn.watchPeriodEndsOn())) {
                        throw new RuleViolationException("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate",
                                "更正后销号日期（" + step.date() + "）早于返校观察期届满日（" + lastReturn.watchPeriodEndsOn()
                                        + "，" + lastReturn.date() + " 返校）");
                    }
                }
                case "RelapseRecorded" -> requireNotBefore(step, lastReturn, corrected);
                case "TrioMemberReplaced" -> requireNotBefore(step, trio, corrected);
                case "HomeTeachingSessionDelivered" -> requireNotBefore(step, homeTeaching, corrected);
                default -> {
                }
            }
        }
        if (corrected.type().equals("VisitLogged")) {
            CaseStatus status = statusOn(steps, corrected.date(), corrected.sequence());
            if (status != CaseStatus.PERSUADING) {
                throw new RuleViolationException("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate",
                        "更正后的走访日期（" + corrected.date() + "）案件不在“劝返中”"
                                + (status == null ? "" : "（当天状态：" + status.label() + "）")
                                + "，走访日期须在落实三帮一之后、返校或结案之前");
            }
        }
    }

    /** The status on {@code day} by the dates of the changes of status (those recorded before {@code before}). */
    private static CaseStatus statusOn(List<StepDate> steps, LocalDate day, long before) {
        CaseStatus status = null;
        for (StepDate step : steps) {
            if (step.sequence() < before && step.statusAfter() != null && step.date() != null
                    && !step.date().isAfter(day)) {
                status = step.statusAfter();
            }
        }
        return status;
    }

    private static void requireNotBefore(StepDate step, StepDate earlier, StepDate corrected) {
        if (earlier != null && (step == corrected || earlier == corrected) && step.date().isBefore(earlier.date())) {
            throw step == corrected ? outOfOrder(corrected, earlier, "早于", "") : outOfOrder(corrected, step, "晚于", "");
        }
    }

    private static RuleViolationException outOfOrder(StepDate corrected, StepDate other, String relation,
                                                     String why) {
        return new RuleViolationException("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate",
                "更正后" + label(corrected) + "的日期（" + corrected.date() + "）" + relation + label(other) + "的日期（"
                        + other.date() + "）" + why + "，请核对日期");
    }

    private static String label(StepDate step) {
        return LABELS.getOrDefault(step.type(), step.type());
    }

    private static CaseStatus statusAfter(CaseEvent event) {
        if (event instanceof CaseIdentified) {
            return CaseStatus.IDENTIFIED;
        }
        if (event instanceof DropoutConfirmed) {
            return CaseStatus.CONFIRMED_DROPOUT;
        }
        if (event instanceof CaseRecheckScheduled) {
            return CaseStatus.PENDING_RECHECK;
        }
        if (event instanceof CaseVerifiedNotDropout || event instanceof CaseCrossedOff || event instanceof CaseClosed) {
            return CaseStatus.CLOSED;
        }
        if (event instanceof TrioAssigned) {
            return CaseStatus.PERSUADING;
        }
        if (event instanceof StudentReturnedToSchool) {
            return CaseStatus.RETURNED;
        }
        if (event instanceof RelapseRecorded relapse) {
            return relapse.resumedStatus();
        }
        if (event instanceof CaseReopened reopened) {
            return reopened.resumedStatus();
        }
        if (event instanceof HomeTeachingArranged) {
            return CaseStatus.HOME_TEACHING;
        }
        return null;
    }
}
