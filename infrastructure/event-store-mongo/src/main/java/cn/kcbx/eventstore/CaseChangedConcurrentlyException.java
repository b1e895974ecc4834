package cn.kcbx.eventstore;

import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Another writer stored the case's next event first (the unique streamKey let only one of the two commits in): this
 * commit was decided on a state of the case that is no longer its latest, and nothing of it was stored. Deciding the
 * command again on the case as it is now is safe; the store's other {@link ConcurrencyException} (the log too contended
 * to append at all) is not this one.
 */
public class CaseChangedConcurrentlyException extends ConcurrencyException {

    private final String caseId;
    private final long sequence;

    public CaseChangedConcurrentlyException(String caseId, long sequence, Throwable cause) {
        super("case " + caseId + " was changed concurrently: sequence " + sequence + " is already taken", cause);
        this.caseId = caseId;
        this.sequence = sequence;
    }

    public String caseId() {
        return caseId;
    }

    /** The sequence number the lost commit wanted to start at. */
    public long sequence() {
        return sequence;
    }
}
