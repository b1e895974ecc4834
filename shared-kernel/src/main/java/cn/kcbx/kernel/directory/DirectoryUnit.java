package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.school.SchoolCodes;
import cn.kcbx.kernel.region.DivisionCode;

/**
 * One unit of a county's directory as it stands: the county itself, a town (乡镇、街道), a village (村、社区; its
 * 12-digit 统计用区划代码 names its town) or a school (10-digit 学校标识码, in the town given).
 *
 * @param townCode          the town the unit lies in: a village's own prefix, a school's town, a town itself; null
 *                          for the county
 * @param stage             学段, schools only
 * @param ownership         公办/民办, schools only
 * @param enrolmentAccount  whether the school has an account in the 学籍 system, schools only
 */
public record DirectoryUnit(String code, UnitKind kind, String name, String townCode, SchoolStage stage,
                            SchoolOwnership ownership, boolean enrolmentAccount) {

    public static final int NAME_MAX = 60;

    public DirectoryUnit {
        Checks.required(kind, "kind", "单位类别");
        name = Checks.text(name, "name", kind.label() + "名称", NAME_MAX);
        if (code == null || code.isBlank()) {
            throw new InvalidValueException("VALUE_REQUIRED", "code", "请填写" + kind.label() + "代码");
        }
        code = code.strip();
        if (kind == UnitKind.SCHOOL) {
            code = SchoolCodes.optional(code, "code");
            if (townCode == null || townCode.isBlank()) {
                throw new InvalidValueException("VALUE_REQUIRED", "townCode", "请填写学校所在乡镇（街道）的代码");
            }
            townCode = level(townCode, DivisionCode.Level.TOWN, "townCode", "学校所在乡镇（街道）代码");
            Checks.required(stage, "stage", "学校的学段");
            Checks.required(ownership, "ownership", "学校的办学性质（公办或民办）");
        } else {
            DivisionCode.Level expected = switch (kind) {
                case COUNTY -> DivisionCode.Level.COUNTY;
                case TOWN -> DivisionCode.Level.TOWN;
                default -> DivisionCode.Level.VILLAGE;
            };
            code = level(code, expected, "code", kind.label() + "代码");
            townCode = switch (kind) {
                case COUNTY -> null;
                case TOWN -> code;
                default -> code.substring(0, 9);
            };
            stage = null;
            ownership = null;
            enrolmentAccount = false;
        }
    }

    public static DirectoryUnit county(String code, String name) {
        return new DirectoryUnit(code, UnitKind.COUNTY, name, null, null, null, false);
    }

    public static DirectoryUnit town(String code, String name) {
        return new DirectoryUnit(code, UnitKind.TOWN, name, null, null, null, false);
    }

    public static DirectoryUnit village(String code, String name) {
        return new DirectoryUnit(code, UnitKind.VILLAGE, name, null, null, null, false);
    }

    public static DirectoryUnit school(String code, String name, String townCode, SchoolStage stage,
                                       SchoolOwnership ownership, boolean enrolmentAccount) {
        return new DirectoryUnit(code, UnitKind.SCHOOL, name, townCode, stage, ownership, enrolmentAccount);
    }

    /** The 6-digit county the unit belongs to. */
    public String countyCode() {
        return kind == UnitKind.COUNTY ? code : townCode.substring(0, 6);
    }

    private static String level(String value, DivisionCode.Level expected, String field, String what) {
        DivisionCode division;
        try {
            division = new DivisionCode(value);
        } catch (InvalidValueException e) {
            throw e.atField(field);
        }
        if (division.level() != expected) {
            throw new InvalidValueException("UNIT_CODE_LEVEL", field, what + "应为" + expected.label() + "级行政区划代码（"
                    + switch (expected) {
                        case COUNTY -> "6";
                        case TOWN -> "9";
                        case VILLAGE -> "12";
                    } + " 位），填写的“" + value.strip() + "”是" + division.level().label() + "级");
        }
        return division.value();
    }
}
