package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

/** One 三帮一 helper was replaced; {@code previousMember} is kept for the ledger. */
public record TrioMemberReplaced(String caseId, TrioRole role, Helper previousMember, Helper newMember, String reason)
        implements CaseEvent {
}
