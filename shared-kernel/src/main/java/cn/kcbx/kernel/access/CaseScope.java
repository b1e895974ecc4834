package cn.kcbx.kernel.access;

import cn.kcbx.kernel.region.DivisionCode;

import java.util.Objects;
import java.util.Set;

/**
 * What a case's jurisdiction hangs on, as the case stands now: the village of the student's household (which places
 * it in a town and a county) and the schools that handle it (see {@link CaseScopes}), by their 10-digit 学校标识码.
 * Only {@link CaseScopes} folds it from a case's events; everything that decides who may act on or read a case asks
 * {@link Jurisdiction} about this scope.
 */
public record CaseScope(DivisionCode village, Set<String> schoolCodes) {

    public CaseScope {
        Objects.requireNonNull(village, "village");
        schoolCodes = schoolCodes == null ? Set.of() : Set.copyOf(schoolCodes);
    }

    /** True when the case's household lies in {@code region} (a county, town or village). */
    public boolean liesIn(DivisionCode region) {
        return region.contains(village);
    }

    /** True when {@code schoolCode} is one of the schools that handle the case now. */
    public boolean isHandledBy(String schoolCode) {
        return schoolCode != null && schoolCodes.contains(schoolCode);
    }
}
