package cn.kcbx.kernel.dropoutcase.visit;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Records one 劝返 visit or contact (劝返记录). At least one 三帮一 helper took part.
 *
 * @param visitId            a UUID chosen by the caller, so that a visit sent twice (offline sync) is recorded once
 * @param otherParticipants  names (and units) of anyone else present, e.g. 驻村工作队、网格员
 * @param notes              what was said and found (劝返就读情况记录)
 * @param nextStep           optional
 * @param nextVisitPlannedOn optional; not before the visit
 */
public record LogVisit(String caseId,
                       String visitId,
                       LocalDate visitedOn,
                       Set<TrioRole> trioParticipants,
                       List<String> otherParticipants,
                       VisitMethod method,
                       VisitOutcome outcome,
                       String notes,
                       String nextStep,
                       LocalDate nextVisitPlannedOn) implements CaseCommand {

    public LogVisit {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        visitId = Checks.uuid(visitId, "visitId", "走访记录编号");
        Checks.required(visitedOn, "visitedOn", "走访日期");
        trioParticipants = Checks.enumSet(trioParticipants, TrioRole.class, "trioParticipants", "参加走访的帮扶人");
        if (trioParticipants.isEmpty()) {
            throw new InvalidValueException("TRIO_PARTICIPANT_REQUIRED", "trioParticipants",
                    "请选择参加走访的“三帮一”帮扶人（教师、村干部、家长至少一人）");
        }
        otherParticipants = Checks.texts(otherParticipants, "otherParticipants", "其他参加人员", Checks.NAME_MAX);
        Checks.required(method, "method", "走访方式");
        Checks.required(outcome, "outcome", "走访结果");
        notes = Checks.text(notes, "notes", "走访情况记录", Checks.NOTE_MAX);
        nextStep = Checks.optionalText(nextStep, "nextStep", "下一步措施", Checks.NOTE_MAX);
        if (nextVisitPlannedOn != null && nextVisitPlannedOn.isBefore(visitedOn)) {
            throw new InvalidValueException("NEXT_VISIT_BEFORE_VISIT", "nextVisitPlannedOn",
                    "计划下次走访日期（" + nextVisitPlannedOn + "）不能早于本次走访日期（" + visitedOn + "）");
        }
    }
}
