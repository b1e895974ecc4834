package cn.kcbx.kernel.access;

import cn.kcbx.kernel.actor.Actor;

/**
 * Who keeps a county's unit directory: the county bureau and the county's system administrator. Everyone signed in
 * may read directories: they hold the names and codes of public bodies, nothing about any child.
 */
public final class DirectoryPermissions {

    private DirectoryPermissions() {
    }

    public static boolean mayMaintain(Actor actor, String county) {
        return (actor.role() == Actor.Role.COUNTY || actor.role() == Actor.Role.ADMIN)
                && actor.unitCode().equals(county);
    }

    public static void requireMaintain(Actor actor, String county) {
        if (mayMaintain(actor, county)) {
            return;
        }
        if (actor.role() == Actor.Role.COUNTY || actor.role() == Actor.Role.ADMIN) {
            throw new AccessDeniedException("OUT_OF_JURISDICTION",
                    "县（市、区）" + county + " 的单位目录只能由该县教育局或该县的系统管理员维护");
        }
        throw new AccessDeniedException("ROLE_NOT_PERMITTED",
                "单位目录由县教育局（或系统管理员）维护；" + actor.role().label() + "账号只能查看，如需增改请联系县教育局");
    }
}
