package cn.kcbx.eventstore;

/**
 * Observes an append between its two steps: position chosen, commit not yet written. The store needs it for nothing
 * itself; it is the seam through which tests stall or kill a writer between the steps.
 */
@FunctionalInterface
public interface CommitListener {

    CommitListener NONE = (aggregateId, first, last) -> {
    };

    /** Called after global positions {@code first..last} were chosen and before the commit is inserted there. */
    void positionsChosen(String aggregateId, long first, long last);
}
