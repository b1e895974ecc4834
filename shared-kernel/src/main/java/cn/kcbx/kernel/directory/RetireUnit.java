package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/** Retires one unit from a date on. */
public record RetireUnit(String county, String code, LocalDate retiredOn, String reason) implements DirectoryCommand {

    public RetireUnit {
        county = DirectoryCommands.county(county);
        code = Checks.text(code, "code", "单位代码", 12);
        Checks.required(retiredOn, "retiredOn", "撤销日期");
        reason = Checks.optionalText(reason, "reason", "撤销原因", DirectoryEntry.REASON_MAX);
    }
}
