package cn.kcbx.caseservice.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a student the way the phone pages do with WebCrypto: {@code importKey("spki", …, {name: "RSA-OAEP", hash:
 * "SHA-256"})}, a fresh {@code AES-GCM} 256-bit key and a 12-byte IV, {@code encrypt({name: "AES-GCM", iv})} (tag
 * appended), and the raw AES key encrypted with RSA-OAEP (SHA-256, MGF1-SHA-256, no label). Test only.
 */
public final class WebCryptoSealer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebCryptoSealer() {
    }

    /** {@code json} sealed for the public key ({@code publicKeyBase64}: SPKI DER, as the server hands it out). */
    public static SealedStudent seal(String json, String keyId, String publicKeyBase64) {
        return seal(json.getBytes(StandardCharsets.UTF_8), keyId, publicKeyBase64);
    }

    /** Any plaintext bytes, sealed the same way (to test what the server does with a plaintext that is no JSON). */
    public static SealedStudent sealBytes(byte[] plaintext, IntakeSealingKey key) {
        return seal(plaintext, key.keyId(), key.publicKeyBase64());
    }

    private static SealedStudent seal(byte[] plaintext, String keyId, String publicKeyBase64) {
        byte[] aesKey = new byte[32];
        byte[] iv = new byte[12];
        RANDOM.nextBytes(aesKey);
        RANDOM.nextBytes(iv);
        try {
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(
                    new X509EncodedKeySpec(Base64.getDecoder().decode(publicKeyBase64)));
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, SealedStudent.OAEP_SHA256);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(128, iv));
            byte[] ciphertext = gcm.doFinal(plaintext);
            Base64.Encoder base64 = Base64.getEncoder();
            return new SealedStudent(keyId, base64.encodeToString(rsa.doFinal(aesKey)), base64.encodeToString(iv),
                                     base64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SealedStudent seal(String json, IntakeSealingKey key) {
        return seal(json, key.keyId(), key.publicKeyBase64());
    }

    /** The same Base64 with one bit of byte {@code index} flipped (negative: counted from the end). */
    public static String flipped(String base64, int index) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[index < 0 ? bytes.length + index : index] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }
}
