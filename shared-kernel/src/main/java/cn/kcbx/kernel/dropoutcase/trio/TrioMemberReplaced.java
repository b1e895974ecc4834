package cn.kcbx.kernel.dropoutcase.trio;

import java.time.LocalDate;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

/** One 三帮一 helper was replaced; {@code previousMember} is kept for the ledger. */
public record TrioMemberReplaced(String caseId, TrioRole role, Helper previousMember, Helper newMember, String reason)
        implements CaseEvent {

    // TODO business date (issue 14)
    @Override
    public LocalDate occurredOn() {
        return null;
    }
}
