package cn.kcbx.kernel.dropoutcase.hometeaching;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;
import java.util.List;

/** One 送教上门 visit took place. */
public record HomeTeachingSessionDelivered(String caseId, String sessionId, LocalDate deliveredOn,
                                           List<String> teachers, int periods, String content) implements CaseEvent {

    public HomeTeachingSessionDelivered {
        teachers = Checks.copy(teachers);
    }

    @Override
    public LocalDate occurredOn() {
        return deliveredOn;
    }
}
