package cn.kcbx.caseservice.intake;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * A student identity sealed on a phone for the server ({@code sealedStudent} of a new case): the UTF-8 JSON of the
 * {@code student} object encrypted with a fresh AES-256-GCM key (128-bit tag appended, as WebCrypto writes it), that
 * key encrypted with RSA-OAEP (SHA-256, MGF1 with SHA-256, empty label) under the {@link IntakeSealingKey}. A phone
 * thus keeps no readable name or ID number while it waits for a network. Every field is Base64 (RFC 4648, padding
 * optional) except {@code keyId}; a missing field is null.
 */
public record SealedStudent(String keyId, String wrappedKey, String iv, String ciphertext) {

    /** The request field, named in every refusal. */
    public static final String FIELD = "sealedStudent";

    /** WebCrypto's RSA-OAEP with hash SHA-256 (Java's OAEP default would use SHA-1 for MGF1). */
    static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                                                                       PSource.PSpecified.DEFAULT);
    static final int AES_KEY_BYTES = 32;
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    /** A student's JSON is a few hundred bytes; anything far larger is not one, and is not worth decrypting. */
    static final int MAX_CIPHERTEXT_BYTES = 16 * 1024;

    /**
     * The student's JSON, opened with the server's key.
     *
     * @throws RuleViolationException {@code SEALING_KEY_UNKNOWN} when sealed for another key (a replaced key file)
     * @throws InvalidValueException  {@code SEALED_STUDENT_INVALID} when malformed, damaged or tampered with
     */
    public String open(IntakeSealingKey key) {
        if (keyId == null || keyId.isBlank()) {
            throw invalid();
        }
        if (!keyId.equals(key.keyId())) {
            throw new RuleViolationException("SEALING_KEY_UNKNOWN", FIELD,
                    "手机上暂存的学生身份信息是用已停用的密钥加密的，服务器无法读取；"
                            + "请在该条记录上重新填写学生身份信息后再发送");
        }
        byte[] wrapped = decode(wrappedKey);
        byte[] nonce = decode(iv);
        byte[] sealed = decode(ciphertext);
        if (wrapped.length != key.modulusBytes() || nonce.length != IV_BYTES
                || sealed.length <= TAG_BITS / 8 || sealed.length > MAX_CIPHERTEXT_BYTES) {
            throw invalid();
        }
        byte[] aesKey = null;
        byte[] plaintext = null;
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, key.privateKey(), OAEP_SHA256);
            aesKey = rsa.doFinal(wrapped);
            if (aesKey.length != AES_KEY_BYTES) {
                throw invalid();
            }
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            plaintext = gcm.doFinal(sealed);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                         .onUnmappableCharacter(CodingErrorAction.REPORT)
                                         .decode(ByteBuffer.wrap(plaintext)).toString();
        } catch (GeneralSecurityException | CharacterCodingException e) {
            // One answer for every failure (wrong padding, wrong tag, not UTF-8): no oracle for an attacker.
            throw invalid();
        } finally {
            if (aesKey != null) {
                Arrays.fill(aesKey, (byte) 0);
            }
            if (plaintext != null) {
                Arrays.fill(plaintext, (byte) 0);
            }
        }
    }

    /** The one refusal of a sealed identity that cannot be opened; it carries no detail (and no decrypted data). */
    public static InvalidValueException invalid() {
        return new InvalidValueException("SEALED_STUDENT_INVALID", FIELD,
                "学生身份信息无法解密，可能在传输或保存中损坏；请重新填写学生身份信息后再发送");
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            throw invalid();
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** The key id only: the rest is ciphertext, of no use in a log. */
    @Override
    public String toString() {
        return "SealedStudent[keyId=" + keyId + "]";
    }
}
