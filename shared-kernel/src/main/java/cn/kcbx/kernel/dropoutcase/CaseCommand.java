package cn.kcbx.kernel.dropoutcase;

/**
 * A command on one dropout case. Axon routes it to the case by {@link #caseId()} (the case service registers a
 * command target resolver that reads this accessor, since the kernel carries no framework annotations). Who sent it
 * (user, role, unit, request id, channel) travels in the message metadata, not in the command.
 */
public interface CaseCommand {

    /** The case's identifier: a UUID string chosen by the caller when the case is identified. */
    String caseId();
}
