package cn.kcbx.kernel.access;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;

import java.util.HashSet;
import java.util.Set;

/**
 * A case's {@link CaseScope} from its events: the household village and last school at identification, plus every
 * school the student returned to; a transfer moves the case to its new village and, when the 学籍 moved, to the new
 * school alone (the schools before it no longer handle the case). The case aggregate and anything that reads a
 * case's stored events fold it the same way.
 */
public final class CaseScopes {

    private CaseScopes() {
    }

    /** The scope after {@code event}; {@code before} is null until the case is identified. */
    public static CaseScope after(CaseScope before, CaseEvent event) {
        if (event instanceof CaseIdentified identified) {
            String school = identified.lastSchool() == null ? null : identified.lastSchool().schoolCode();
            return new CaseScope(identified.household().village(), school == null ? Set.of() : Set.of(school));
        }
        if (before == null) {
            return null;
        }
        if (event instanceof StudentReturnedToSchool returned && returned.schoolCode() != null) {
            Set<String> schools = new HashSet<>(before.schoolCodes());
            schools.add(returned.schoolCode());
            return new CaseScope(before.village(), schools);
        }
        if (event instanceof CaseTransferred transferred) {
            return new CaseScope(transferred.toHousehold().village(), transferred.toSchool() == null
                    ? before.schoolCodes() : Set.of(transferred.toSchool().schoolCode()));
        }
        return before;
    }
}
