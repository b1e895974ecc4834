package cn.kcbx.access.account;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.kernel.actor.Actor;

import java.util.Objects;

/**
 * What an administrator may do to an account, the one rule every account operation of an administrator passes
 * ({@link AccountService} asks it before it reads or writes; no endpoint checks on its own):
 * <ul>
 *   <li>an administrator is bound to the county it administers (its unit): it sees, creates and changes only the
 *       accounts of that county, and cannot move an account into another county or pull one in from there;</li>
 *   <li>no account changes its own role or unit, disables itself or resets its own password here (changing one's
 *       own password needs the current one: {@code POST /api/auth/password});</li>
 *   <li>the API never makes an administrator (a new one, or by a changed role) and never changes another
 *       administrator's profile or password: that is the server's step ({@link AddedAdmin}), which is in the access
 *       log. Enabling, disabling and unlocking a fellow administrator of the county stay possible.</li>
 * </ul>
 */
public final class AccountAdministration {

    /** What the administrator does to an account. */
    public enum Operation { VIEW, CREATE, CHANGE_PROFILE, ENABLE, DISABLE, UNLOCK, RESET_PASSWORD }

    /** Role, unit and county an account is to have after a creation or profile change. */
    public record Placement(Actor.Role role, String unit, String county) {
    }

    private AccountAdministration() {
    }

    /** The county an administrator administers; 403 for anyone else. */
    public static String administeredCounty(Actor administrator) {
        if (administrator.role() != Actor.Role.ADMIN) {
            throw new AccessProblem(403, "FORBIDDEN", null, "仅系统管理员可以管理账号");
        }
        return RoleUnits.countyOf(Actor.Role.ADMIN, administrator.unitCode())
                        .filter(county -> county.equals(administrator.unitCode()))
                        .orElseThrow(() -> new AccessProblem(403, "FORBIDDEN", null, "系统管理员账号的所属单位“"
                                + administrator.unitCode() + "”不是县级行政区划代码，不能管理账号"));
    }

    /** True when the administrator may see the account (the list shows only these). */
    public static boolean oversees(Actor administrator, Account account) {
        return administeredCounty(administrator).equals(account.county());
    }

    /**
     * Throws an {@link AccessProblem} unless the administrator may do this.
     *
     * @param target the account as it is now (null for a creation)
     * @param after  role, unit and county after a creation or profile change (null for other operations)
     */
    public static void check(Actor administrator, Operation operation, Account target, Placement after) {
        String county = administeredCounty(administrator);
        if (target != null && !county.equals(target.county())) {
            throw new AccessProblem(403, "OUT_OF_JURISDICTION", "username", "账号“" + target.username()
                    + "”不属于您管理的县（" + county + "），无权查看或变更；请由该县的系统管理员办理");
        }
        boolean self = target != null && target.username().equals(administrator.userId());
        if (self) {
            checkOwn(operation, target, after);
        } else if (target != null && target.role() == Actor.Role.ADMIN
                && (operation == Operation.CHANGE_PROFILE || operation == Operation.RESET_PASSWORD)) {
            throw serverStepOnly("不能修改其他系统管理员的账号信息或重置其密码");
        }
        if (after == null) {
            return;
        }
        if (after.role() == Actor.Role.ADMIN && (target == null || target.role() != Actor.Role.ADMIN)) {
            throw serverStepOnly("不能通过账号管理创建系统管理员，也不能把账号改为系统管理员");
        }
        if (!county.equals(after.county())) {
            throw new AccessProblem(403, "OUT_OF_JURISDICTION", "unit", "所属单位“" + after.unit()
                    + "”不在您管理的县（" + county + "）内，只能为本县的单位开设或调整账号");
        }
    }

    private static void checkOwn(Operation operation, Account own, Placement after) {
        switch (operation) {
            case DISABLE -> throw new AccessProblem(422, "CANNOT_DISABLE_SELF", "username", "不能停用自己的账号");
            case RESET_PASSWORD -> throw new AccessProblem(403, "CANNOT_RESET_OWN_PASSWORD", "username",
                    "不能在账号管理中重置自己的密码；请用“修改密码”（需输入当前密码）");
            case CHANGE_PROFILE -> {
                if (after.role() != own.role() || !Objects.equals(after.unit(), own.unit())) {
                    throw new AccessProblem(403, "CANNOT_CHANGE_OWN_ROLE_OR_UNIT", "role",
                                            "不能修改自己账号的角色或所属单位；其他县的账号请由该县的系统管理员管理");
                }
            }
            default -> {
                // Viewing, unlocking and enabling one's own account change nothing one could abuse.
            }
        }
    }

    private static AccessProblem serverStepOnly(String what) {
        return new AccessProblem(403, "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP", "role",
                                 what + "；系统管理员账号只能由服务器管理员在服务器上通过启动参数 "
                                         + "kcbx.security.add-admin 开设（记入访问日志）");
    }
}
