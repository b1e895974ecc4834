package cn.kcbx.eventstore;

/**
 * One place where the stored history no longer matches its hash chain or a signed checkpoint.
 *
 * @param kind         what is wrong
 * @param caseId       the case (aggregate id), when the link belongs to one
 * @param sequence     the case's event sequence number concerned, when known
 * @param position     the global position of the event concerned, when it is stored
 * @param checkpoint   the checkpoint number concerned, when a checkpoint found it or is itself broken
 * @param expectedHash the hash the chain or checkpoint says should be there
 * @param actualHash   the hash the store now yields
 * @param message      what it means, in Chinese, for the county operator
 */
public record BrokenLink(Kind kind, String caseId, Long sequence, Long position, Long checkpoint, String expectedHash,
                         String actualHash, String message) {

    public enum Kind {
        /** An event's content no longer matches its own stored hash: edited in the database. */
        EVENT_ALTERED,
        /** An event does not chain to the case's previous event (replaced, reordered, or rewritten with new hashes). */
        CHAIN_BROKEN,
        /** A case's event is missing: a gap in its sequence, or fewer events than a checkpoint recorded. */
        EVENT_MISSING,
        /** Events appear at positions a checkpoint covered that the checkpoint did not know of. */
        EVENT_INSERTED,
        /** A case that a checkpoint recorded is no longer in the store. */
        CASE_MISSING,
        /** A case's chain is internally consistent but differs from the signed checkpoint: rewritten with new hashes. */
        CHAIN_REWRITTEN,
        /** A checkpoint's signature does not match its content: the checkpoint was edited. */
        CHECKPOINT_SIGNATURE_INVALID,
        /** A checkpoint is signed by a key the verifier does not trust. */
        CHECKPOINT_KEY_UNTRUSTED,
        /** A checkpoint's case list does not match its signed root hash (edited or missing entries). */
        CHECKPOINT_CONTENT_INVALID,
        /**
         * A checkpoint is missing from the numbered, linked sequence of checkpoints, or the store holds fewer
         * checkpoints than the signer recorded outside MongoDB (the newest ones, or all of them, were deleted).
         */
        CHECKPOINT_MISSING,
        /**
         * The store holds another checkpoint under the number the signer recorded outside MongoDB as its latest (the
         * signed history was replaced), or that record cannot be read.
         */
        CHECKPOINT_HEAD_MISMATCH
    }
}
