package cn.kcbx.kernel.dropoutcase.visit;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A 劝返 visit was recorded. {@code visitNumber} counts the case's visits from 1 (入户劝返次数, 第 N 次劝返).
 * See {@link LogVisit} for the other fields.
 */
public record VisitLogged(String caseId,
                          String visitId,
                          int visitNumber,
                          LocalDate visitedOn,
                          Set<TrioRole> trioParticipants,
                          List<String> otherParticipants,
                          VisitMethod method,
                          VisitOutcome outcome,
                          String notes,
                          String nextStep,
                          LocalDate nextVisitPlannedOn) implements CaseEvent {

    public VisitLogged {
        trioParticipants = Checks.copy(trioParticipants, TrioRole.class);
        otherParticipants = Checks.copy(otherParticipants);
    }

    @Override
    public LocalDate occurredOn() {
        return visitedOn;
    }
}
