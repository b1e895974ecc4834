package cn.kcbx.kernel.dropoutcase.trio;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

/** The 三帮一 helpers were put in place; the case is 劝返中. */
public record TrioAssigned(String caseId, Helper teacher, Helper villageCadre, Helper guardian) implements CaseEvent {
}
