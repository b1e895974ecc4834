package cn.kcbx.kernel.dropoutcase.correction;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.CaseReportedAgain;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a date correction reads: the corrected step as if it had been recorded with the right date. The case aggregate
 * and every projection read a case's history through this, so all agree on what a corrected step says.
 */
public final class DateCorrections {

    private DateCorrections() {
    }

    /** True when a step of this type has a business date that can be corrected. */
    public static boolean correctable(CaseEvent event) {
        return event.occurredOn() != null && !(event instanceof StepDateCorrected);
    }

    /**
     * The events of a case with every date correction applied to the step it names: the corrections stay in the list
     * where they were recorded (so the sequence numbers still match), the corrected steps carry their right dates.
     *
     * @param events the case's events in sequence order, index = sequence
     */
    public static List<CaseEvent> applied(List<? extends CaseEvent> events) {
        List<CaseEvent> effective = new ArrayList<>(events);
        Map<Long, CaseEvent> corrected = new HashMap<>();
        for (CaseEvent event : events) {
            if (event instanceof StepDateCorrected correction) {
                int index = Math.toIntExact(correction.correctedSequence());
                if (index >= 0 && index < effective.size()) {
                    CaseEvent step = corrected.getOrDefault(correction.correctedSequence(), effective.get(index));
                    CaseEvent fixed = withDate(step, correction);
                    corrected.put(correction.correctedSequence(), fixed);
                    effective.set(index, fixed);
                }
            }
        }
        return effective;
    }

    /** {@code step} with its business date replaced by the correction's (a return also gets its new watch end). */
    public static CaseEvent withDate(CaseEvent step, StepDateCorrected correction) {
        LocalDate on = correction.correctedDate();
        if (step instanceof CaseIdentified e) {
            return new CaseIdentified(e.caseId(), e.source(), e.sourceNote(), on, e.student(),
                                      e.household(), e.lastSchool(), e.priorityCategories(),
                                      e.suspectedReasons());
        }
        if (step instanceof CaseReportedAgain e) {
            return new CaseReportedAgain(e.caseId(), e.source(), on, e.batch());
        }
        if (step instanceof DropoutConfirmed e) {
            return new DropoutConfirmed(e.caseId(), on, e.note());
        }
        if (step instanceof CaseVerifiedNotDropout e) {
            return new CaseVerifiedNotDropout(e.caseId(), on, e.category(), e.evidence(),
                                              e.note());
        }
        if (step instanceof CaseRecheckScheduled e) {
            return new CaseRecheckScheduled(e.caseId(), on, e.reason(), e.evidence(), e.note(),
                                            e.recheckTerm(), e.recheckDueBy());
        }
        if (step instanceof TrioAssigned e) {
            return new TrioAssigned(e.caseId(), on, e.teacher(), e.villageCadre(), e.guardian());
        }
        if (step instanceof TrioMemberReplaced e) {
            return new TrioMemberReplaced(e.caseId(), on, e.role(), e.previousMember(), e.newMember(), e.reason());
        }
        if (step instanceof DisabilityRecorded e) {
            return new DisabilityRecorded(e.caseId(), on, e.category(), e.level(), e.certificateReference());
        }
        if (step instanceof VisitLogged e) {
            return new VisitLogged(e.caseId(), e.visitId(), e.visitNumber(), on, e.trioParticipants(),
                                   e.otherParticipants(), e.method(), e.outcome(), e.notes(),
                                   e.nextStep(), e.nextVisitPlannedOn());
        }
        if (step instanceof CriticismEducationRecorded e) {
            return new CriticismEducationRecorded(e.caseId(), on, e.issuedBy(), e.note());
        }
        if (step instanceof CorrectionOrderIssued e) {
            return new CorrectionOrderIssued(e.caseId(), e.orderNumber(), on, e.issuedBy(),
                                             e.deadline());
        }
        if (step instanceof LegalDocumentServed e) {
            return new LegalDocumentServed(e.caseId(), e.documentReference(), on, e.servedTo(),
                                           e.serviceMethod());
        }
        if (step instanceof JudicialInterventionRecorded e) {
            return new JudicialInterventionRecorded(e.caseId(), on, e.authority(),
                                                    e.authorityName(), e.note());
        }
        if (step instanceof LawsuitFiled e) {
            return new LawsuitFiled(e.caseId(), on, e.court(), e.caseNumber());
        }
        if (step instanceof LawsuitConcluded e) {
            return new LawsuitConcluded(e.caseId(), on, e.outcome(), e.note());
        }
        if (step instanceof StudentReturnedToSchool e) {
            LocalDate watchEnds = correction.watchPeriodEndsOn() != null ? correction.watchPeriodEndsOn()
                    : e.watchPeriodEndsOn();
            return new StudentReturnedToSchool(e.caseId(), on, e.schoolName(), e.schoolCode(), e.grade(),
                                               e.className(), e.placement(), e.episode(), watchEnds);
        }
        if (step instanceof RelapseRecorded e) {
            return new RelapseRecorded(e.caseId(), on, e.episode(), e.resumedStatus(), e.note());
        }
        if (step instanceof CaseCrossedOff e) {
            return new CaseCrossedOff(e.caseId(), on, e.note());
        }
        if (step instanceof HomeTeachingArranged e) {
            return new HomeTeachingArranged(e.caseId(), e.teachers(),
                                            e.schoolOfRegistration(),
                                            e.requiredSessionsPerWeek(), e.periodsPerSession(),
                                            on);
        }
        if (step instanceof HomeTeachingSessionDelivered e) {
            return new HomeTeachingSessionDelivered(e.caseId(), e.sessionId(), on,
                                                    e.teachers(), e.periods(),
                                                    e.content());
        }
        if (step instanceof CaseClosed e) {
            return new CaseClosed(e.caseId(), on, e.category(), e.evidence(), e.note());
        }
        if (step instanceof CaseReopened e) {
            return new CaseReopened(e.caseId(), on, e.reason(), e.resumedStatus(), e.episode());
        }
        if (step instanceof CaseTransferred e) {
            return new CaseTransferred(e.caseId(), e.kind(), on, e.fromVillage(), e.toHousehold(),
                                       e.fromSchoolCodes(), e.toSchool(), e.note());
        }
        // A step type without a correctable date (or one this kernel does not know) reads as recorded.
        return step;
    }
}
