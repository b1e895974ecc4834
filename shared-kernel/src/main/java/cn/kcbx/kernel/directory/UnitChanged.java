package cn.kcbx.kernel.directory;

import java.time.LocalDate;

/**
 * A unit's name or details change (a village renamed, a school's 学段 corrected). The earlier name stays in the unit's
 * history, so that what was shown before can still be read.
 *
 * @param unit      the unit as it now stands
 * @param inUseFrom the unit's first day in use, as now recorded
 * @param changedOn the day the change takes effect; null for a correction of a mistake, valid all along
 */
public record UnitChanged(String county, DirectoryUnit unit, LocalDate inUseFrom, LocalDate changedOn)
        implements DirectoryEvent {

    @Override
    public String code() {
        return unit.code();
    }
}
