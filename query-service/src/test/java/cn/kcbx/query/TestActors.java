package cn.kcbx.query;

import cn.kcbx.kernel.actor.Actor;

/**
 * The users the read-side tests act as, each with a unit that matches the role,; {@link TestUsers} signs them in.
 */
public final class TestActors {

    public static final String COUNTY_CODE = "430181";
    public static final String TOWN_CODE = "430181105";
    public static final String VILLAGE_CODE = "430181105203";
    public static final String SCHOOL_CODE = "2143000001";

    public static final Actor COUNTY = new Actor("county.kcb", Actor.Role.COUNTY, COUNTY_CODE);
    public static final Actor TOWN = new Actor("town-clerk-07", Actor.Role.TOWN, TOWN_CODE);
    public static final Actor VILLAGE = new Actor("luo.changqing", Actor.Role.VILLAGE, VILLAGE_CODE);
    public static final Actor SCHOOL = new Actor("zhou.xiaomei", Actor.Role.SCHOOL, SCHOOL_CODE);
    public static final Actor ADMIN = new Actor("sysadmin", Actor.Role.ADMIN, COUNTY_CODE);

    private TestActors() {
    }

    public static Actor actor(String userId, Actor.Role role, String unit) {
        return new Actor(userId, role, unit);
    }

    /** One of the standard users by role name (COUNTY, TOWN, VILLAGE, SCHOOL, ADMIN). */
    public static Actor byRole(String role) {
        return switch (role) {
            case "COUNTY" -> COUNTY;
            case "TOWN" -> TOWN;
            case "VILLAGE" -> VILLAGE;
            case "SCHOOL" -> SCHOOL;
            case "ADMIN" -> ADMIN;
            default -> throw new IllegalArgumentException(role);
        };
    }

}
