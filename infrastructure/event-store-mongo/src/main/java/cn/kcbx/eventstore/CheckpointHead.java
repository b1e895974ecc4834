package cn.kcbx.eventstore;

import java.util.Objects;

/**
 * The latest checkpoint as its signer recorded it outside MongoDB ({@link CheckpointHeadFile}): how many checkpoints
 * exist and which one was the last. A checkpoint's digest covers its signed content and signature, so a head names
 * exactly one genuine checkpoint.
 *
 * @param number       the number of the latest checkpoint stored
 * @param digest       that checkpoint's {@link Checkpoint#digest()}
 * @param upToPosition the log position it covers (for people reading the file)
 */
public record CheckpointHead(long number, String digest, long upToPosition) {

    public CheckpointHead {
        if (number < 1) {
            throw new IllegalArgumentException("a checkpoint head names checkpoint 1 or later, not " + number);
        }
        Objects.requireNonNull(digest);
    }

    public static CheckpointHead of(Checkpoint checkpoint) {
        return new CheckpointHead(checkpoint.number(), checkpoint.digest(), checkpoint.upToPosition());
    }

    public boolean names(Checkpoint checkpoint) {
        return checkpoint.number() == number && checkpoint.digest().equals(digest);
    }
}
