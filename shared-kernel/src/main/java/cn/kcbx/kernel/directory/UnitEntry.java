package cn.kcbx.kernel.directory;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A unit of the directory with its history.
 *
 * @param unit      the unit as it now stands (a retired unit: as it stood when retired)
 * @param versions  every form the unit has had, oldest first; the last is {@code unit}
 * @param retiredOn null while in use
 */
public record UnitEntry(DirectoryUnit unit, LocalDate inUseFrom, LocalDate retiredOn, String retireReason,
                        List<Version> versions) {

    /**
     * One form of the unit.
     *
     * @param from       the day this form took effect; null when it has applied all along (the first form, or a
     *                   correction)
     * @param recordedAt when it was written into the directory
     */
    public record Version(DirectoryUnit unit, LocalDate from, Instant recordedAt) {
    }

    public UnitEntry {
        versions = List.copyOf(versions);
    }

    public String code() {
        return unit.code();
    }

    public String name() {
        return unit.name();
    }

    public boolean retired() {
        return retiredOn != null;
    }

    /** True when new work may name the unit on this day: in use by then and not yet retired. */
    public boolean inUseOn(LocalDate day) {
        return (inUseFrom == null || !day.isBefore(inUseFrom)) && (retiredOn == null || day.isBefore(retiredOn));
    }

    /**
     * The unit's name on a day: that of the form in effect then (the latest {@code from} not after the day), or of the
     * first form for a day before any took effect.
     */
    public String nameOn(LocalDate day) {
        Version named = null;
        for (Version version : versions) {
            boolean inEffect = version.from() == null || !version.from().isAfter(day);
            if (inEffect && (named == null || named.from() == null
                    || version.from() != null && !version.from().isBefore(named.from()))) {
                named = version;
            }
        }
        return (named == null ? versions.get(0) : named).unit().name();
    }
}
