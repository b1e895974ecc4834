package cn.kcbx.kernel.dropoutcase.hometeaching;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.List;

/** 送教上门 was arranged; the case is 送教上门. */
public record HomeTeachingArranged(String caseId, List<String> teachers, String schoolOfRegistration,
                                   int requiredSessionsPerWeek, int periodsPerSession, LocalDate startsOn)
        implements CaseEvent {

    public HomeTeachingArranged {
        teachers = Checks.copy(teachers);
    }

    @Override
    public LocalDate occurredOn() {
        return startsOn;
    }
}
