package cn.kcbx.kernel.directory;

import java.time.LocalDate;

/**
 * A unit is retired (towns merged, a village dissolved, a school closed): from {@code retiredOn} on, no new work may
 * name it, while everything recorded under it keeps its code and name.
 */
public record UnitRetired(String county, String code, LocalDate retiredOn, String reason) implements DirectoryEvent {
}
