package cn.kcbx.caseservice.command;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.ActorMetaData;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The metadata every command carries and every event inherits: who acted (user, role, unit), where from (channel and
 * client address), which command and which client request. The event store keeps one request id at most once.
 */
public final class CommandMetaData {

    public static final String REQUEST_ID = "requestId";
    /** The case checks the acting user by these keys before every step (see {@link ActorMetaData}). */
    public static final String ACTOR_ID = ActorMetaData.ACTOR_ID;
    public static final String ACTOR_ROLE = ActorMetaData.ACTOR_ROLE;
    public static final String ACTOR_UNIT = ActorMetaData.ACTOR_UNIT;
    public static final String CHANNEL = "channel";
    public static final String ORIGIN = "origin";
    public static final String COMMAND = "command";
    /** A hash of the command's content: a reused request id with different content is refused, not replayed. */
    public static final String REQUEST_FINGERPRINT = "requestFingerprint";

    public static final List<String> KEYS = List.of(REQUEST_ID, ACTOR_ID, ACTOR_ROLE, ACTOR_UNIT, CHANNEL, ORIGIN,
                                                    COMMAND, REQUEST_FINGERPRINT);

    private CommandMetaData() {
    }

    /** The metadata of a command; a null request id or fingerprint is left out (a command that is not replayed). */
    public static Map<String, Object> of(String requestId, String fingerprint, Actor actor, RequestOrigin origin,
                                         Object command) {
        Map<String, Object> metaData = new HashMap<>();
        if (requestId != null) {
            metaData.put(REQUEST_ID, requestId);
        }
        metaData.put(ACTOR_ID, actor.userId());
        metaData.put(ACTOR_ROLE, actor.role().name());
        metaData.put(ACTOR_UNIT, actor.unitCode());
        metaData.put(CHANNEL, origin.channel());
        metaData.put(ORIGIN, origin.clientAddress());
        metaData.put(COMMAND, command.getClass().getSimpleName());
        if (fingerprint != null) {
            metaData.put(REQUEST_FINGERPRINT, fingerprint);
        }
        return metaData;
    }
}
