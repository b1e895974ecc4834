package cn.kcbx.query.projection;

/**
 * The store restarted while the read side was writing: writes it answered before the restart may be lost, so the
 * work that made them is done again from the last position the store kept.
 */
public class StoreRestartedException extends RuntimeException {

    StoreRestartedException(String before, String after) {
        super("the event store restarted (incarnation " + before + " -> " + after
                      + "): the read side's writes since its last stored position may be lost and are made again");
    }
}
