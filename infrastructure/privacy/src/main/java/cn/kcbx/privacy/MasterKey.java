package cn.kcbx.privacy;

import cn.kcbx.embeddedmongo.KeyFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A master key: 256 random bits in a file outside MongoDB (one Base64 line). It wraps students' data keys, so a copy of
 * the database alone reveals no personal data, and losing the file loses all personal data. Several may be loaded at
 * once while the key is rotated ({@link MasterKeys}); each wrapped key names the master key that wrapped it by its
 * {@link #id()}.
 */
public final class MasterKey {

    private final byte[] raw;
    private final SecretKey wrappingKey;
    private final String id;

    private MasterKey(byte[] raw) {
        this.raw = raw.clone();
        this.wrappingKey = new SecretKeySpec(raw, "AES");
        this.id = HexFormat.of().formatHex(hmac(raw, "master-key-id"), 0, 8);
    }

    /** Reads the key file; creates it first (owner read/write only) when {@code createIfMissing} and it is absent. */
    public static MasterKey load(Path file, boolean createIfMissing) {
        return new MasterKey(KeyFiles.load(file, createIfMissing, "Master key",
                                           "point kcbx.privacy.master-key-file at it"));
    }

    /** A key that lives only in memory (tests). */
    public static MasterKey random() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new MasterKey(raw);
    }

    /**
     * The key's name in {@code student_keys} ({@code wrappedBy}): 16 hex digits of an HMAC under the key, so it names
     * the key without revealing anything about it.
     */
    public String id() {
        return id;
    }

    SecretKey wrappingKey() {
        return wrappingKey;
    }

    /**
     * The lookup key as every installation derived it from its master key before the two were separated: an
     * installation keeps it (in a file of its own) so that its students' hashes stay what they are when the master key
     * is rotated.
     */
    public LookupKey derivedLookupKey() {
        return LookupKey.of(hmac(raw, "student-key-lookup"));
    }

    static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
