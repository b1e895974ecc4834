package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * A unit as a directory file or form describes it: what it should be after the change.
 *
 * @param row          the spreadsheet row (1 = the header) or 0 for a form
 * @param inUseFrom    first day in use; null when in use since before the directory was kept
 * @param retiredOn    the day it was retired; null while in use
 * @param retireReason why it was retired (towns merged, school closed); optional
 */
public record DirectoryEntry(int row, DirectoryUnit unit, LocalDate inUseFrom, LocalDate retiredOn,
                             String retireReason) {

    public static final int REASON_MAX = 200;

    public DirectoryEntry {
        Checks.required(unit, "unit", "单位");
        if (inUseFrom != null && retiredOn != null && !retiredOn.isAfter(inUseFrom)) {
            throw new InvalidValueException("RETIRED_BEFORE_IN_USE", "retiredOn",
                    "撤销日期 " + retiredOn + " 应晚于启用日期 " + inUseFrom);
        }
        retireReason = Checks.optionalText(retireReason, "retireReason", "撤销原因", REASON_MAX);
        if (retiredOn == null && retireReason != null) {
            throw new InvalidValueException("RETIRE_REASON_WITHOUT_DATE", "retiredOn", "填写了撤销原因，请同时填写撤销日期");
        }
    }

    public static DirectoryEntry inUse(DirectoryUnit unit) {
        return new DirectoryEntry(0, unit, null, null, null);
    }
}
