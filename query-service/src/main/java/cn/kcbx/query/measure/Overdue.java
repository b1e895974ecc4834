package cn.kcbx.query.measure;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.query.casefile.CaseFile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The overdue flags of one case on a given day. They depend on the day asked (time passes without events), so they
 * are computed when asked, never stored.
 *
 * @param noTrio             confirmed dropout still without 三帮一 helpers after {@link OverdueRules#trioDays()}
 * @param noVisit            under persuasion with no visit for more than {@link OverdueRules#visitDays()}
 * @param legalDeadlinePassed the correction order's deadline has passed, the child is not back, and the ladder has
 *                           not moved on to judicial intervention
 * @param homeTeachingBehind fewer 送教上门 sessions delivered than the plan's weekly rate requires by that day
 * @param recheckOverdue     待复查 past the start-of-term check it was due at
 */
public record Overdue(boolean noTrio, boolean noVisit, boolean legalDeadlinePassed, boolean homeTeachingBehind,
                      boolean recheckOverdue) {

    public enum Kind {
        NO_TRIO("超期未落实三帮一"),
        NO_VISIT("超期未走访"),
        LEGAL_DEADLINE_PASSED("限期改正已逾期"),
        HOME_TEACHING_BEHIND("送教上门次数不足"),
        RECHECK_OVERDUE("超期未复查");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public static Overdue of(CaseFile file, LocalDate day, OverdueRules rules) {
        CaseStatus status = file.status();
        boolean noTrio = status == CaseStatus.CONFIRMED_DROPOUT && file.awaitingTrioSince() != null
                && day.isAfter(file.awaitingTrioSince().plusDays(rules.trioDays()));
        boolean noVisit = false;
        if (status == CaseStatus.PERSUADING) {
            LocalDate lastContact = latest(file.lastVisitOn(), file.persuadingSince());
            noVisit = lastContact != null && day.isAfter(lastContact.plusDays(rules.visitDays()));
        }
        boolean stillOut = status == CaseStatus.CONFIRMED_DROPOUT || status == CaseStatus.PERSUADING;
        boolean legalDeadlinePassed = stillOut && file.correctionOrderDeadline() != null
                && day.isAfter(file.correctionOrderDeadline())
                && (file.legalStep() == LegalStep.ORDER_ISSUED || file.legalStep() == LegalStep.DOCUMENTS_SERVED);
        boolean homeTeachingBehind = status == CaseStatus.HOME_TEACHING && file.homeTeaching() != null
                && file.homeTeaching().sessionsDelivered() < file.homeTeaching().sessionsRequiredBy(day);
        boolean recheckOverdue = status == CaseStatus.PENDING_RECHECK && file.recheckDueBy() != null
                && day.isAfter(file.recheckDueBy());
        return new Overdue(noTrio, noVisit, legalDeadlinePassed, homeTeachingBehind, recheckOverdue);
    }

    public boolean any() {
        return noTrio || noVisit || legalDeadlinePassed || homeTeachingBehind || recheckOverdue;
    }

    public boolean has(Kind kind) {
        return switch (kind) {
            case NO_TRIO -> noTrio;
            case NO_VISIT -> noVisit;
            case LEGAL_DEADLINE_PASSED -> legalDeadlinePassed;
            case HOME_TEACHING_BEHIND -> homeTeachingBehind;
            case RECHECK_OVERDUE -> recheckOverdue;
        };
    }

    public List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            if (has(kind)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
