package cn.kcbx.kernel.dropoutcase;

/**
 * Something that happened to one dropout case. Business dates (visit date, return date, ...) are fields of the event;
 * who recorded it and when travel in the event metadata.
 *
 * <p>Events are history: their own constructors only make collections immutable and add no checks of their own, so
 * that an event recorded under older rules can still be replayed. (The value objects inside them keep their checks.)
 */
public interface CaseEvent {

    String caseId();
}
