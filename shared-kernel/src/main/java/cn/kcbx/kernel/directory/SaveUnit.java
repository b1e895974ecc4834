package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * Adds one unit, or changes one already listed (one at a time, from a form).
 *
 * @param changedOn for a change, the day it takes effect (a renaming); null for a correction
 */
public record SaveUnit(String county, DirectoryEntry entry, LocalDate changedOn) implements DirectoryCommand {

    public SaveUnit {
        county = DirectoryCommands.county(county);
        Checks.required(entry, "entry", "单位");
    }
}
