package cn.kcbx.kernel.access;

import cn.kcbx.kernel.region.DivisionCode;

import java.util.Objects;
import java.util.Set;

/**
 * What a case's jurisdiction hangs on: the village of the student's household (which places it in a town and a
 * county) and the schools it concerns (the last school attended and a school the student returned to), by their
 * 10-digit 学校标识码.
 */
public record CaseScope(DivisionCode village, Set<String> schoolCodes) {

    public CaseScope {
        Objects.requireNonNull(village, "village");
        schoolCodes = schoolCodes == null ? Set.of() : Set.copyOf(schoolCodes);
    }
}
