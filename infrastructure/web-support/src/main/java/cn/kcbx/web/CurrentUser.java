package cn.kcbx.web;

import cn.kcbx.kernel.actor.Actor;

/**
 * The one seam through which the acting user enters: the signed-in account of the request's bearer token (module
 * {@code access}). Nothing else reads who the user is.
 */
public interface CurrentUser {

    /** The acting user; throws {@link UnauthenticatedException} when the request is not signed in. */
    Actor require();

    /** The acting user, who must be a system administrator; 403 otherwise. */
    default Actor requireAdmin() {
        Actor actor = require();
        if (actor.role() != Actor.Role.ADMIN) {
            throw new ForbiddenException("仅系统管理员可以执行此操作");
        }
        return actor;
    }
}
