package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.CaseStatus;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The business dates on which the case's status changed, in the order they were recorded: the case's first status
 * from its identification date, then one entry per change. Part of the case's state; it answers "since when is the
 * case in its current status" and "in which status was it on a given day".
 *
 * <p>The case refuses a status change dated before its current status began, so the entries' dates do not decrease
 * for anything recorded under that rule. Events stored before the rule (their dates upcast from the day they were
 * recorded) may not be in order; the change recorded last among those dated up to a day then decides that day.
 */
final class StatusHistory {

    /** The case entered {@code status} on {@code on}. */
    record Change(LocalDate on, CaseStatus status) {
    }

    private List<Change> changes = new ArrayList<>();

    /** The history of these changes (after a date correction moved one of them). */
    static StatusHistory of(List<Change> changes) {
        StatusHistory history = new StatusHistory();
        changes.forEach(change -> history.changed(change.on(), change.status()));
        return history;
    }

    void changed(LocalDate on, CaseStatus status) {
        // An event without its date (none should reach here: old ones are upcast) restricts nothing later.
        LocalDate since = on != null || changes.isEmpty() ? on : currentSince();
        changes.add(new Change(since, status));
    }

    /** Every change, in the order recorded. */
    List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The day the case entered its current status. */
    LocalDate currentSince() {
        return changes.get(changes.size() - 1).on();
    }

    /**
     * The status the case was in on {@code day}, as at the end of that day (as the read side's figures of a day are
     * taken): the status of the last change dated on or before it. Null for a day before the case.
     */
    CaseStatus on(LocalDate day) {
        CaseStatus then = null;
        for (Change change : changes) {
            if (!change.on().isAfter(day)) {
                then = change.status();
            }
        }
        return then;
    }

    /** Does {@code day} fall in the current status (on or after the day it began)? */
    boolean inCurrentStatus(LocalDate day) {
        return !day.isBefore(currentSince());
    }
}
