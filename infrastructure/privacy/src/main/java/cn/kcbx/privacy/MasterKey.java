package cn.kcbx.privacy;

import cn.kcbx.embeddedmongo.KeyFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key: 256 random bits in a file outside MongoDB (one Base64 line). It wraps every student's data key, so
 * a copy of the database alone reveals no personal data, and losing the file loses all personal data. It also keys
 * the hash that finds a student's data key without storing the ID number.
 */
public final class MasterKey {

    private final SecretKey wrappingKey;
    private final SecretKeySpec lookupKey;

    private MasterKey(byte[] raw) {
        this.wrappingKey = new SecretKeySpec(raw, "AES");
        // A separate key for the lookup hash, derived so that the same bits never serve two purposes.
        this.lookupKey = new SecretKeySpec(hmac(new SecretKeySpec(raw, "HmacSHA256"), "student-key-lookup"),
                                           "HmacSHA256");
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

    SecretKey wrappingKey() {
        return wrappingKey;
    }

    /** A keyed hash of the student key (ID number or student number): finds the data key, reveals nothing. */
    String lookupHash(String studentKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(lookupKey, studentKey));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
