package cn.kcbx.query.casefile;

import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;

import java.util.List;

/** The store as projection tests see it when a projection reads a case again (a date correction). */
final class TestStores {

    private TestStores() {
    }

    /** A store holding {@code events} (of any cases). */
    static StoredCaseEvents holding(List<ProjectionEvent> events) {
        return (caseId, upTo) -> events.stream()
                                       .filter(event -> event.caseId().equals(caseId) && event.sequence() <= upTo)
                                       .toList();
    }
}
