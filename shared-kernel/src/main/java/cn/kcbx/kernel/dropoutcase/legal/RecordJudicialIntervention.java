package cn.kcbx.kernel.dropoutcase.legal;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A judicial body intervened (逾期不改的，由司法部门依法介入). Requires a served correction order whose deadline had
 * passed by {@code intervenedOn}.
 *
 * @param authorityName the body's name, e.g. 某某镇司法所
 */
public record RecordJudicialIntervention(String caseId, LocalDate intervenedOn, JudicialAuthority authority,
                                         String authorityName, String note) implements CaseCommand {

    public RecordJudicialIntervention {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(intervenedOn, "intervenedOn", "介入日期");
        Checks.required(authority, "authority", "介入部门类别");
        authorityName = Checks.text(authorityName, "authorityName", "介入部门名称", Checks.TEXT_MAX);
        note = Checks.optionalText(note, "note", "介入情况", Checks.NOTE_MAX);
    }
}
