package cn.kcbx.privacy;

import cn.kcbx.embeddedmongo.KeyFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key of the hash that finds a student's data key without storing the ID number ({@code student} in
 * {@code student_keys}). Apart from the master key, so that the master key can be rotated: the hashes cannot be
 * computed again, since the ID numbers are not kept in the clear. An installation from before the split derives it
 * from its (first) master key, exactly as the master key did ({@link MasterKey#derivedLookupKey()}).
 */
public final class LookupKey {

    private final byte[] raw;
    private final String id;

    private LookupKey(byte[] raw) {
        this.raw = raw.clone();
        this.id = HexFormat.of().formatHex(MasterKey.hmac(raw, "lookup-key-id"), 0, 8);
    }

    static LookupKey of(byte[] raw) {
        return new LookupKey(raw);
    }

    /** Reads the key file ({@code kcbx.privacy.lookup-key-file}); it must exist. */
    public static LookupKey load(Path file) {
        return new LookupKey(KeyFiles.load(file, false, "Personal data lookup key",
                                           "point kcbx.privacy.lookup-key-file at it"));
    }

    /**
     * Writes this key to {@code file} (owner read/write only) unless it exists.
     *
     * @throws IOException when it cannot be written, e.g. on a read-only mount
     */
    public void writeTo(Path file) throws IOException {
        KeyFiles.write(file, raw);
    }

    /** 16 hex digits of an HMAC under the key: what the store remembers to tell a wrong lookup key at start. */
    public String id() {
        return id;
    }

    /** A keyed hash of the student key (ID number or student number): finds the data key, reveals nothing. */
    String hash(String studentKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MasterKey.hmac(raw, studentKey));
    }
}
