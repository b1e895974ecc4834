package cn.kcbx.kernel.actor;

import java.util.Map;

/**
 * The message metadata keys that name the acting user. The case service puts them on every command and so on every
 * event; the case checks them before each step and the read side shows them.
 */
public final class ActorMetaData {

    public static final String ACTOR_ID = "actorId";
    public static final String ACTOR_ROLE = "actorRole";
    public static final String ACTOR_UNIT = "actorUnit";

    private ActorMetaData() {
    }

    /** The acting user named in {@code metaData}, or null when it names none (or an unknown role). */
    public static Actor actorOf(Map<String, ?> metaData) {
        Object id = metaData.get(ACTOR_ID);
        Object role = metaData.get(ACTOR_ROLE);
        Object unit = metaData.get(ACTOR_UNIT);
        if (!(id instanceof String userId) || !(role instanceof String roleName) || !(unit instanceof String unitCode)) {
            return null;
        }
        try {
            return new Actor(userId, Actor.Role.valueOf(roleName), unitCode);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
