package cn.kcbx.access.account;

import cn.kcbx.kernel.actor.Actor;

import java.time.Instant;

/**
 * A user account (collection {@code accounts}, keyed by user name): the current state only; every change is also a
 * line of the access log, which is the history.
 *
 * @param username           the sign-in name, which is also the {@link Actor#userId()} on every event
 * @param county             the 6-digit code of the county whose administrators manage the account: the county of
 *                           the unit for village, town, county and administrator accounts; for a school account (a
 *                           学校标识码 names no county) the county it was registered in, null when unknown (older
 *                           accounts the system made)
 * @param mustChangePassword the password was set by someone else (first run, reset): change it before any other work
 * @param demo               a demo account (kcbx.demo.enabled), made by the system with the published demo password
 */
public record Account(String username, String displayName, Actor.Role role, String unit, String county,
                      boolean enabled, String passwordHash, boolean mustChangePassword, Instant createdAt,
                      String createdBy, boolean demo) {

    public Actor actor() {
        return new Actor(username, role, unit);
    }
}
