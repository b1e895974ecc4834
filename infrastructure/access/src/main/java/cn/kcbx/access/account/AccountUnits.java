package cn.kcbx.access.account;

import cn.kcbx.kernel.actor.Actor;

/**
 * The units accounts may be bound to, as the county's unit directory lists them. The services provide it from the
 * directory; without one, every well-formed code is accepted (as before a county has imported its directory).
 */
public interface AccountUnits {

    AccountUnits ANY = new AccountUnits() {
        @Override
        public void requireKnown(Actor.Role role, String unit, String county) {
        }

        @Override
        public String nameOf(String county, String unit) {
            return null;
        }
    };

    /** Throws a 422 {@link cn.kcbx.access.AccessProblem} unless the county's directory lists the unit, in use. */
    void requireKnown(Actor.Role role, String unit, String county);

    /** The unit's name in the county's directory, or null. */
    String nameOf(String county, String unit);
}
