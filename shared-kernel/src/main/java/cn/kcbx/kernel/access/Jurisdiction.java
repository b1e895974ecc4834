package cn.kcbx.kernel.access;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.region.DivisionCode;

/**
 * Whose data a user may see: a village team its village, a town officer the town, the county bureau the county, a
 * school the cases of its own students. A system administrator manages accounts and sees no case.
 *
 * <p>This is the one rule for "may this user act on or read this case" ({@link #covers(Actor, CaseScope)}), always
 * asked about the case's current {@link CaseScope} (after returns and transfers, folded by {@link CaseScopes}): by
 * the case aggregate before every step ({@link CommandPermissions}, which adds which role takes which step), and by
 * the reveal and erasure of personal data, the event record, the timeline, the ledgers and the live stream.
 */
public final class Jurisdiction {

    private Jurisdiction() {
    }

    /** True when the user's unit covers the case. */
    public static boolean covers(Actor actor, CaseScope scope) {
        return switch (actor.role()) {
            case VILLAGE, TOWN, COUNTY -> scope.liesIn(unitRegion(actor));
            case SCHOOL -> scope.isHandledBy(actor.unitCode());
            case ADMIN -> false;
        };
    }

    /** True when the user may read figures and lists for the region: their own unit's region or one inside it. */
    public static boolean covers(Actor actor, DivisionCode region) {
        return switch (actor.role()) {
            case VILLAGE, TOWN, COUNTY -> unitRegion(actor).contains(region);
            case SCHOOL, ADMIN -> false;
        };
    }

    public static void requireCase(Actor actor, CaseScope scope) {
        if (!covers(actor, scope)) {
            throw new AccessDeniedException("OUT_OF_JURISDICTION", outOfJurisdiction(actor, "该案件"));
        }
    }

    public static void requireRegion(Actor actor, DivisionCode region) {
        if (!covers(actor, region)) {
            throw new AccessDeniedException("OUT_OF_JURISDICTION",
                    outOfJurisdiction(actor, "行政区划 " + region.value() + " 的数据"));
        }
    }

    /** The user's unit as a region; only for village, town and county accounts. */
    public static DivisionCode unitRegion(Actor actor) {
        DivisionCode unit = new DivisionCode(actor.unitCode());
        DivisionCode.Level expected = switch (actor.role()) {
            case VILLAGE -> DivisionCode.Level.VILLAGE;
            case TOWN -> DivisionCode.Level.TOWN;
            case COUNTY -> DivisionCode.Level.COUNTY;
            case SCHOOL, ADMIN -> throw new IllegalArgumentException(actor.role() + " accounts have no region");
        };
        if (unit.level() != expected) {
            throw new AccessDeniedException("UNIT_ROLE_MISMATCH", "账号的所属单位与角色不符：" + actor.role().label()
                    + "账号应绑定" + expected.label() + "级行政区划代码，当前为 " + actor.unitCode());
        }
        return unit;
    }

    private static String outOfJurisdiction(Actor actor, String what) {
        return switch (actor.role()) {
            case ADMIN -> "系统管理员账号只管理账号，不能查看或办理案件；" + what + "请由县、乡镇、村或学校的经办人员处理";
            case SCHOOL -> what + "不属于本校学生，无权查看或办理";
            default -> what + "不在您的管辖范围（" + actor.unitCode() + "）内，无权查看或办理";
        };
    }
}
