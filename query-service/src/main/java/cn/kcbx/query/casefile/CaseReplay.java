package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.correction.DateCorrections;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.query.projection.ProjectionEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A case read again from its events when an event cannot simply be folded onto the file before it: a date correction
 * changes an earlier step. The corrections are applied to the steps they name ({@link DateCorrections}); they stay in
 * the history as steps of their own (the file counts them), so sequence numbers and the file's sequence still match.
 */
final class CaseReplay {

    private CaseReplay() {
    }

    /** True when folding {@code event} needs the case's whole history. */
    static boolean needsHistory(ProjectionEvent event) {
        return event.payload() instanceof StepDateCorrected;
    }

    /** The case's events {@code 0..n} in sequence order, each step as corrected by the corrections among them. */
    static List<ProjectionEvent> effective(List<ProjectionEvent> events) {
        List<CaseEvent> payloads = DateCorrections.applied(events.stream().map(ProjectionEvent::payload).toList());
        List<ProjectionEvent> effective = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ProjectionEvent event = events.get(i);
            effective.add(payloads.get(i) == event.payload() ? event
                    : new ProjectionEvent(event.caseId(), event.sequence(), event.position(), event.eventId(),
                                          event.recordedAt(), payloads.get(i), event.metaData()));
        }
        return effective;
    }

    /** The file after the last of {@code events} (recording order, corrections applied). */
    static CaseFile fileAfter(List<ProjectionEvent> events) {
        CaseFile file = null;
        for (ProjectionEvent event : effective(events)) {
            file = CaseFile.fold(file, event);
        }
        return file;
    }
}
