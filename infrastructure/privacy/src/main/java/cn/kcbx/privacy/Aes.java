package cn.kcbx.privacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM with a random 96-bit nonce stored in front of the ciphertext, and associated data. */
final class Aes {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private Aes() {
    }

    static byte[] encrypt(SecretKey key, byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return encrypt(key, nonce, plaintext, associatedData);
    }

    /**
     * With a given nonce: only for a nonce derived from the key, the associated data and the plaintext (see
     * {@link PersonalDataSeal}), so that a nonce repeats only for the very same message.
     */
    static byte[] encrypt(SecretKey key, byte[] nonce, byte[] plaintext, String associatedData) {
        if (nonce.length != NONCE_BYTES) {
            throw new IllegalArgumentException("AES-GCM nonce must be " + NONCE_BYTES + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws TamperedDataException when the ciphertext or its associated data were changed, or the key is wrong */
    static byte[] decrypt(SecretKey key, byte[] nonceAndCiphertext, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonceAndCiphertext, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(nonceAndCiphertext, NONCE_BYTES, nonceAndCiphertext.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new TamperedDataException("Encrypted personal data does not authenticate (" + associatedData
                                                    + "): changed in the store, or a different master key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Thrown when encrypted data fails authentication: never silently read as "erased". */
    static final class TamperedDataException extends IllegalStateException {
        TamperedDataException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
