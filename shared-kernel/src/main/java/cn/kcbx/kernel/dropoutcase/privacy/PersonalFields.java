package cn.kcbx.kernel.dropoutcase.privacy;

import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;

import java.util.List;
import java.util.Map;

/**
 * Which fields of each case event are personal data: encrypted with the student's data key in the event store and
 * absent (null, or an empty list) once that key is destroyed. Paths are JSON property names, nested with dots; a
 * path's whole value (an object, a list) is one encrypted unit.
 *
 * <p>Everything reports count by stays in the clear: region codes, status, dates, priority categories, dropout
 * reasons, schools. Free text (notes, reasons, contents, evidence references) is personal too: clerks write names,
 * ID numbers and circumstances into it. So is a disability (health data).
 *
 * <p>When erased: {@code CaseIdentified.student} is null (name, ID number, student number, sex, birth date),
 * {@code household.address} is null, and each 三帮一 {@code Helper} is null.
 */
public final class PersonalFields {

    /** What lists and ledgers show in place of a name or ID number that was erased. */
    public static final String ERASED_LABEL = "已删除";

    public static final Map<Class<?>, List<String>> OF_EVENTS = Map.ofEntries(
            Map.entry(CaseIdentified.class, List.of("student", "household.address", "sourceNote",
                                                    "suspectedReasons.note")),
            Map.entry(TrioAssigned.class, List.of("teacher", "villageCadre", "guardian")),
            Map.entry(TrioMemberReplaced.class, List.of("previousMember", "newMember", "reason")),
            Map.entry(VisitLogged.class, List.of("otherParticipants", "notes", "nextStep")),
            Map.entry(DropoutConfirmed.class, List.of("note")),
            // Evidence references and their issuers name the child (a death certificate, a hospital's diagnosis).
            Map.entry(CaseVerifiedNotDropout.class, List.of("evidence", "note")),
            Map.entry(CaseRecheckScheduled.class, List.of("evidence", "note")),
            Map.entry(CaseClosed.class, List.of("evidence", "note")),
            Map.entry(CaseReopened.class, List.of("reason")),
            Map.entry(RelapseRecorded.class, List.of("note")),
            Map.entry(CaseCrossedOff.class, List.of("note")),
            Map.entry(CriticismEducationRecorded.class, List.of("note")),
            Map.entry(JudicialInterventionRecorded.class, List.of("note")),
            Map.entry(LawsuitConcluded.class, List.of("note")),
            Map.entry(LegalDocumentServed.class, List.of("servedTo")),
            // 残疾证号 is the ID number plus two digits.
            Map.entry(DisabilityRecorded.class, List.of("category", "level", "certificateReference")),
            Map.entry(HomeTeachingArranged.class, List.of("teachers")),
            Map.entry(HomeTeachingSessionDelivered.class, List.of("teachers", "content")),
            Map.entry(CaseTransferred.class, List.of("toHousehold.address", "note")),
            // Why a date was corrected may name the child or the family.
            Map.entry(StepDateCorrected.class, List.of("reason")),
            // The reason of an erasure is erased with the rest (the access log keeps it, checked and masked).
            Map.entry(PersonalDataErased.class, List.of("reason")));

    private PersonalFields() {
    }

    /** The personal paths of an event type; empty when it has none. */
    public static List<String> of(Class<?> eventType) {
        return OF_EVENTS.getOrDefault(eventType, List.of());
    }
}
