package cn.kcbx.kernel.dropoutcase;

import java.time.LocalDate;

/**
 * Something that happened to one dropout case. Business dates (visit date, return date, ...) are fields of the event;
 * who recorded it and when travel in the event metadata.
 *
 * <p>Events are history: their own constructors only make collections immutable and add no checks of their own, so
 * that an event recorded under older rules can still be replayed. (The value objects inside them keep their checks.)
 */
public interface CaseEvent {

    String caseId();

    /**
     * The business date: the day the step happened in the child's life or the case's handling (visited on, returned
     * on, ...), as opposed to the moment it was recorded. Figures "on a date" order and select events by it. Null only
     * for an act on the record itself (an erasure, a correction), which has no such date.
     */
    LocalDate occurredOn();
}
