package cn.kcbx.embeddedmongo;

import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.util.Optional;

/**
 * The embedded store's sync barrier, for clients that write with {@code w: 1} (answered before the disk) and must
 * know later whether those writes survived.
 *
 * <p>The command {@value #COMMAND} returns once every operation the store finished before it is committed and synced,
 * and answers with the store's <b>incarnation</b>: an identifier drawn afresh each time the store starts. A client
 * that ran the barrier and got back the same incarnation it saw before its writes knows they are on disk: the store
 * did not restart in between, so it did not lose them. A different incarnation means the store restarted (perhaps
 * after a crash) and writes answered before the restart may be gone.
 *
 * <p>A real MongoDB does not know the command; there a client writes with a durable write concern instead.
 */
public final class SyncBarrier {

    public static final String COMMAND = "kcbxSyncBarrier";
    static final String INCARNATION = "incarnation";
    /** MongoDB's answer to an unknown command. */
    private static final int COMMAND_NOT_FOUND = 59;

    private SyncBarrier() {
    }

    /**
     * Runs the barrier: the incarnation of the store that synced everything finished before this call, or empty when
     * the server is not the embedded store.
     */
    public static Optional<String> run(MongoDatabase database) {
        try {
            Document answer = database.runCommand(new Document(COMMAND, 1));
            return Optional.of(answer.getString(INCARNATION));
        } catch (MongoCommandException e) {
            if (e.getErrorCode() == COMMAND_NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
