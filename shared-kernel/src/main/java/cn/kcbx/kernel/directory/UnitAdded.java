package cn.kcbx.kernel.directory;

import java.time.LocalDate;

/** A unit enters the directory. {@code inUseFrom} is null for a unit in use since before the directory was kept. */
public record UnitAdded(String county, DirectoryUnit unit, LocalDate inUseFrom) implements DirectoryEvent {

    @Override
    public String code() {
        return unit.code();
    }
}
