package cn.kcbx.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Personal data outside the event store (the read side's copies of names, helpers and notes; the reasons given for a
 * reveal) sealed with the student's data key, in the event store's format ({@code kcbx:enc:v1:<key id>:…}). Destroying
 * the key (erasure) makes every copy unreadable wherever it is: in the live collections, in the collections a rebuild
 * left behind, in a backup, in old chunks of the store's file.
 *
 * <p>Deterministic: the nonce is derived from the key, the purpose and the value (as in AES-GCM-SIV), so the same
 * value seals to the same text and a projection stays a pure function of its events (writing it again or rebuilding
 * it writes the same bytes). This reveals only that two sealed values of one student, for one purpose, are equal.
 */
public class PersonalDataSeal {

    /** Whether a case's personal data can be sealed. */
    public enum KeyState {
        /** The case was registered before encryption existed: its events hold the data in the clear. */
        NONE,
        LIVE,
        /** Erased: nothing personal of the case may be written again. */
        DESTROYED
    }

    private final StudentKeys keys;
    private final ObjectMapper mapper = new ObjectMapper();

    public PersonalDataSeal(StudentKeys keys) {
        this.keys = keys;
    }

    public KeyState keyState(String caseId) {
        Optional<String> keyId = keys.keyIdOfCase(caseId);
        if (keyId.isEmpty()) {
            return KeyState.NONE;
        }
        return keys.isDestroyed(keyId.get()) ? KeyState.DESTROYED : KeyState.LIVE;
    }

    /**
     * {@code value} sealed with the data key of the case's student; {@code purpose} names where it is kept (it is
     * bound into the seal, so a sealed value cannot be moved to another place and read there).
     *
     * @throws IllegalStateException when the case has no live key ({@link #keyState} is not {@code LIVE})
     */
    public String seal(String caseId, String purpose, JsonNode value) {
        String keyId = keys.keyIdOfCase(caseId)
                           .orElseThrow(() -> new IllegalStateException("Case " + caseId + " has no data key"));
        SecretKey key = keys.dataKey(keyId)
                            .orElseThrow(() -> new IllegalStateException("Case " + caseId + ": data key destroyed"));
        String associatedData = keyId + "|" + purpose;
        byte[] plaintext = write(value).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Aes.encrypt(key, syntheticNonce(key, associatedData, plaintext), plaintext, associatedData);
        return PersonalDataSerializer.PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    public String sealText(String caseId, String purpose, String text) {
        return seal(caseId, purpose, TextNode.valueOf(text));
    }

    /** True for a value in the sealed form (anything else was stored in the clear). */
    public static boolean isSealed(Object value) {
        return value instanceof String text && text.startsWith(PersonalDataSerializer.PREFIX);
    }

    /**
     * The value a {@link #seal} wrote; empty once its key was destroyed.
     *
     * @throws IllegalStateException when the seal does not authenticate (changed, moved, or another master key)
     */
    public Optional<JsonNode> open(String sealed, String purpose) {
        if (!isSealed(sealed)) {
            throw new IllegalArgumentException("Not a sealed value");
        }
        String rest = sealed.substring(PersonalDataSerializer.PREFIX.length());
        int colon = rest.indexOf(':');
        String keyId = rest.substring(0, colon);
        Optional<SecretKey> key = keys.dataKey(keyId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        byte[] plaintext = Aes.decrypt(key.get(), Base64.getDecoder().decode(rest.substring(colon + 1)),
                                       keyId + "|" + purpose);
        try {
            return Optional.of(mapper.readTree(new String(plaintext, StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sealed personal data (" + purpose + ") is not JSON", e);
        }
    }

    /** The text a {@link #sealText} wrote; empty once its key was destroyed. */
    public Optional<String> openText(String sealed, String purpose) {
        return open(sealed, purpose).map(JsonNode::textValue);
    }

    /** Loads the keys of many sealed values in one query, before opening them one by one. */
    public void preload(Collection<?> sealedValues) {
        List<String> keyIds = sealedValues.stream().filter(PersonalDataSeal::isSealed).map(String.class::cast)
                                          .map(PersonalDataSeal::keyIdOf).filter(Objects::nonNull).toList();
        if (!keyIds.isEmpty()) {
            keys.preload(keyIds);
        }
    }

    /** Loads the keys of many cases in two queries, before sealing their values one by one. */
    public void preloadCases(Collection<String> caseIds) {
        if (!caseIds.isEmpty()) {
            keys.preloadCases(caseIds);
        }
    }

    private static String keyIdOf(String sealed) {
        String rest = sealed.substring(PersonalDataSerializer.PREFIX.length());
        int colon = rest.indexOf(':');
        return colon < 0 ? null : rest.substring(0, colon);
    }

    /** HMAC of the associated data and the plaintext under a key derived from the data key, cut to a GCM nonce. */
    private static byte[] syntheticNonce(SecretKey key, String associatedData, byte[] plaintext) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            byte[] nonceKey = derive.doFinal("kcbx-seal-nonce".getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(nonceKey, "HmacSHA256"));
            byte[] ad = associatedData.getBytes(StandardCharsets.UTF_8);
            mac.update(ad);
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(plaintext), Aes.NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String write(JsonNode value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
