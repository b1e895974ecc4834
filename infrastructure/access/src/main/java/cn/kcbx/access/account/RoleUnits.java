package cn.kcbx.access.account;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;

import java.util.Optional;

/**
 * Which unit code fits which role: a village account belongs to a 12-digit village code, a town to 9 digits, a county
 * and a system administrator to a 6-digit county code, a school to its 10-digit 学校标识码.
 */
public final class RoleUnits {

    private RoleUnits() {
    }

    /** Throws a 400 {@code UNIT_DOES_NOT_FIT_ROLE} (field {@code unit}) unless the unit code fits the role. */
    public static void check(Actor.Role role, String unit) {
        if (role == null) {
            throw new AccessProblem(400, "ROLE_REQUIRED", "role",
                                    "请选择角色：VILLAGE（村级）、SCHOOL（学校）、TOWN（乡镇）、COUNTY（县级）或 ADMIN（系统管理员）");
        }
        if (unit == null || unit.isBlank()) {
            throw new AccessProblem(400, "UNIT_REQUIRED", "unit", "请填写所属单位代码");
        }
        int digits = digitsOf(role);
        boolean fits = unit.length() == digits && unit.chars().allMatch(c -> c >= '0' && c <= '9');
        if (fits && role != Actor.Role.SCHOOL) {
            try {
                fits = new DivisionCode(unit).value().equals(unit);
            } catch (DomainException invalid) {
                fits = false;
            }
        }
        if (!fits) {
            throw new AccessProblem(400, "UNIT_DOES_NOT_FIT_ROLE", "unit",
                                    "所属单位代码“" + unit + "”与角色" + role.label() + "不符：应为" + expected(role));
        }
    }

    /**
     * The county whose administrators manage an account of this role and unit: the county part of a village, town or
     * county code, the county an administrator administers; empty for a school, whose 学校标识码 names no county.
     */
    public static Optional<String> countyOf(Actor.Role role, String unit) {
        if (role == null || role == Actor.Role.SCHOOL || unit == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DivisionCode(unit).county().value());
        } catch (DomainException invalid) {
            return Optional.empty();
        }
    }

    private static int digitsOf(Actor.Role role) {
        switch (role) {
            case VILLAGE:
                return 12;
            case TOWN:
                return 9;
            case SCHOOL:
                return 10;
            default:
                return 6;
        }
    }

    private static String expected(Actor.Role role) {
        switch (role) {
            case VILLAGE:
                return " 12 位村级行政区划代码";
            case TOWN:
                return " 9 位乡镇行政区划代码";
            case SCHOOL:
                return " 10 位学校标识码";
            case ADMIN:
                return "所管理县的 6 位行政区划代码";
            default:
                return " 6 位县级行政区划代码";
        }
    }
}
