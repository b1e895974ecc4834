package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.region.DivisionCode;

/** Shared checks of the directory commands. */
final class DirectoryCommands {

    private DirectoryCommands() {
    }

    static String county(String county) {
        DivisionCode code = new DivisionCode(county == null ? "" : county);
        if (code.level() != DivisionCode.Level.COUNTY) {
            throw new InvalidValueException("UNIT_CODE_LEVEL", "county",
                    "单位目录按县（市、区）管理，请填写 6 位县级区划代码，填写的是“" + county + "”");
        }
        return code.value();
    }
}
