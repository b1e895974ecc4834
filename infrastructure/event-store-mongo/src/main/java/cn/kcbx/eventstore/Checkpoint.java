package cn.kcbx.eventstore;

/**
 * A signed statement of every case's chain head at one global position. The signature covers
 * {@link #signedContent()}: number, position, time, case count, the root hash over all entries, the digest of the
 * previous checkpoint (so checkpoints form a chain of their own) and the public key.
 *
 * @param number         1, 2, 3 … without gaps
 * @param upToPosition   the global position the entries describe (every commit up to it, none after)
 * @param takenAt        when it was taken (ISO-8601 instant)
 * @param caseCount      how many cases (entries) it holds
 * @param rootHash       SHA-256 over the entries sorted by case id
 * @param previousDigest the {@link #digest()} of checkpoint {@code number - 1}, or the genesis value for the first
 * @param publicKey      the signer's Ed25519 public key (Base64 X.509)
 * @param signature      Base64 Ed25519 signature of {@link #signedContent()}
 * @param entriesId      where the entries are stored (chunks {@code entriesId/0 …})
 * @param chunkCount     how many entry chunks there are
 */
public record Checkpoint(long number, long upToPosition, String takenAt, long caseCount, String rootHash,
                         String previousDigest, String publicKey, String signature, String entriesId,
                         int chunkCount) {

    public String signedContent() {
        return "kcbx-integrity-checkpoint-v1\n"
                + "number=" + number + "\n"
                + "upToPosition=" + upToPosition + "\n"
                + "takenAt=" + takenAt + "\n"
                + "caseCount=" + caseCount + "\n"
                + "rootHash=" + rootHash + "\n"
                + "previousDigest=" + previousDigest + "\n"
                + "algorithm=" + SigningKey.ALGORITHM + "\n"
                + "publicKey=" + publicKey + "\n";
    }

    /** What the next checkpoint links to. */
    public String digest() {
        return EventChain.sha256Hex(signedContent() + "signature=" + signature + "\n");
    }

    public boolean signatureValid() {
        return SigningKey.verify(publicKey, signedContent(), signature);
    }
}
