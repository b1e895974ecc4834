package cn.kcbx.query.casefile;

import cn.kcbx.kernel.access.CaseScope;
import cn.kcbx.kernel.region.DivisionCode;

import java.util.Set;

/**
 * The cases a list read may return, already checked against the caller's jurisdiction: the cases of a region (a
 * village, town or county account, or a school narrowing its list), and for a school account only those of its own
 * students (the schools of the case's current scope, as {@link cn.kcbx.kernel.access.Jurisdiction} decides for a
 * single case). At least one of the two is set.
 *
 * @param region     the region asked for, or null (a school that asked for none)
 * @param schoolCode the school whose students alone are returned, or null (not a school account)
 */
public record ReadScope(DivisionCode region, String schoolCode) {

    public ReadScope {
        if (region == null && schoolCode == null) {
            throw new IllegalArgumentException("a read scope needs a region or a school");
        }
    }

    public static ReadScope of(DivisionCode region) {
        return new ReadScope(region, null);
    }

    /**
     * True when the case file lies in this scope now: its current scope ({@link CaseFile#scope()}, after returns and
     * transfers, as the case itself knows it) is in the region and, for a school, handled by the school.
     */
    public boolean covers(CaseFile file) {
        CaseScope scope = file.scope();
        return scope != null && covers(scope);
    }

    /**
     * True when a case living in {@code village} and handled by {@code schoolCodes} lay in this scope: where a
     * transferred case was before it left.
     */
    public boolean coveredBefore(DivisionCode village, Set<String> schoolCodes) {
        return covers(new CaseScope(village, schoolCodes));
    }

    private boolean covers(CaseScope scope) {
        return (region == null || scope.liesIn(region)) && (schoolCode == null || scope.isHandledBy(schoolCode));
    }

    /** The region's code, or null for a school's whole list. */
    public String regionCode() {
        return region == null ? null : region.value();
    }
}
