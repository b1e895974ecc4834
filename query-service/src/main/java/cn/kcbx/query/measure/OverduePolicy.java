package cn.kcbx.query.measure;

import cn.kcbx.query.casefile.CaseFile;

/** The overdue thresholds that apply to a case: its county's, or the defaults. */
@FunctionalInterface
public interface OverduePolicy {

    OverdueRules rulesFor(String countyCode);

    default OverdueRules rulesFor(CaseFile file) {
        return rulesFor(file.countyCode());
    }
}
