package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import java.time.LocalDate;

/**
 * One 三帮一 helper was replaced on {@code replacedOn}; {@code previousMember} is kept for the ledger. (Stored before
 * the date existed, it is the China calendar day the event was recorded: an upcaster adds it when it is read.)
 */
public record TrioMemberReplaced(String caseId, LocalDate replacedOn, TrioRole role, Helper previousMember,
                                 Helper newMember, String reason) implements CaseEvent {

    @Override
    public LocalDate occurredOn() {
        return replacedOn;
    }
}
