package cn.kcbx.kernel.access;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A case's {@link CaseScope} from its events: the household village and last school at identification, plus every
 * school the student returned to; a transfer moves the case to its new village and, when the 学籍 moved, to the new
 * school alone (the schools before it no longer handle the case). The case aggregate and anything that reads a
 * case's stored events fold it here and nowhere else, so a check on a command, a read, a reveal or an erasure all
 * see the same, current scope.
 */
public final class CaseScopes {

    private CaseScopes() {
    }

    /**
     * The case's scope now, from its stored payloads in order (anything that is not a {@link CaseEvent} is skipped);
     * null when the case was never identified.
     */
    public static CaseScope current(Stream<?> payloads) {
        return payloads.filter(CaseEvent.class::isInstance).map(CaseEvent.class::cast)
                       .reduce(null, CaseScopes::after, (earlier, later) -> later);
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
