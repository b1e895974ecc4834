package cn.kcbx.eventstore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain of a case's events. Every stored event of an aggregate carries {@code prevHash} (the hash of the
 * case's previous event, or {@link #GENESIS} for its first) and {@code hash}, the SHA-256 of a canonical encoding of
 * the event exactly as stored: aggregate id, sequence, event id, timestamp, payload type and revision, the payload and
 * metadata strings, and prevHash. Editing any of them, or removing or reordering an event, breaks the chain.
 *
 * <p>The payload is hashed as the string that was stored, so whatever sits inside it (for example a personal field
 * encrypted with a per-student key) is covered as ciphertext: destroying that key later leaves the chain intact.
 *
 * <p>Canonical encoding: a version tag, then every field as a presence byte (0 = null) followed by a 4-byte
 * big-endian length and its UTF-8 bytes; the sequence as 8 bytes. Lengths make it unambiguous where a field ends.
 */
public final class EventChain {

    /** The prevHash of a case's first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] EVENT_TAG = "kcbx-event-chain-v1".getBytes(StandardCharsets.UTF_8);
    private static final HexFormat HEX = HexFormat.of();

    private EventChain() {
    }

    /** The hash of one event, as lowercase hex. */
    public static String hash(String aggregateId, long sequence, String eventId, String timestamp, String payloadType,
                              String payloadRevision, String payload, String metaData, String prevHash) {
        Encoder encoder = new Encoder(EVENT_TAG);
        encoder.text(aggregateId).number(sequence).text(eventId).text(timestamp).text(payloadType)
               .text(payloadRevision).text(payload).text(metaData).text(prevHash);
        return encoder.digestHex();
    }

    /** Incremental SHA-256 over length-prefixed fields; also used for checkpoint root hashes. */
    static final class Encoder {

        private final MessageDigest digest;
        private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);

        Encoder(byte[] tag) {
            this.digest = sha256();
            digest.update(tag);
        }

        Encoder text(String value) {
            if (value == null) {
                digest.update((byte) 0);
                return this;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            digest.update((byte) 1);
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            digest.update(bytes);
            return this;
        }

        Encoder number(long value) {
            number.clear();
            digest.update(number.putLong(value).array());
            return this;
        }

        String digestHex() {
            return HEX.formatHex(digest.digest());
        }
    }

    static String sha256Hex(String text) {
        return HEX.formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
