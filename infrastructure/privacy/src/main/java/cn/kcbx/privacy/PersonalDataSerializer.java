package cn.kcbx.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Crypto-shredding at the serializer: the personal fields of an event (or snapshot) are encrypted with the student's
 * data key inside the serialized JSON, before the payload reaches the event store (so a hash of the stored payload
 * covers the ciphertext), and decrypted when it is read. A field whose key has been destroyed reads as absent.
 *
 * <p>An encrypted field is a JSON string {@code "kcbx:enc:v1:<key id>:<Base64 nonce and ciphertext>"}; the plaintext
 * is the field's JSON value; the associated data binds it to its key and field path. A value that is not in this form
 * (stored before encryption existed) is read as it is.
 */
public class PersonalDataSerializer implements Serializer {

    static final String PREFIX = "kcbx:enc:v1:";

    /** Finds the data key for writing one payload: the student's key, created when the case is identified. */
    public interface KeyChooser {
        /** The key id to encrypt {@code payload} with; empty to store it unencrypted (a case from before encryption). */
        Optional<String> keyIdFor(Object payload, JsonNode tree);
    }

    private final JacksonSerializer delegate;
    private final ObjectMapper mapper;
    private final Map<String, List<String>> personalPaths;
    private final StudentKeys keys;
    private final KeyChooser keyChooser;

    /**
     * @param personalPaths by class name: the JSON paths (dot-separated) of the personal fields
     */
    public PersonalDataSerializer(JacksonSerializer delegate, Map<String, List<String>> personalPaths,
                                  StudentKeys keys, KeyChooser keyChooser) {
        this.delegate = delegate;
        this.mapper = delegate.getObjectMapper();
        this.personalPaths = Map.copyOf(personalPaths);
        this.keys = keys;
        this.keyChooser = keyChooser;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        List<String> paths = object == null ? null : personalPaths.get(object.getClass().getName());
        if (paths == null) {
            return delegate.serialize(object, expectedRepresentation);
        }
        JsonNode tree = mapper.valueToTree(object);
        Optional<String> keyId = keyChooser.keyIdFor(object, tree);
        if (keyId.isEmpty()) {
            return delegate.serialize(object, expectedRepresentation);
        }
        Optional<SecretKey> key = keys.dataKey(keyId.get());
        for (String path : paths) {
            // After erasure nothing personal is stored for the case again (a snapshot, for example).
            transform(tree, path, value -> key.isEmpty() ? null
                    : TextNode.valueOf(encrypt(key.get(), keyId.get(), path, value)));
        }
        String json = write(tree);
        T data = getConverter().convert(json, String.class, expectedRepresentation);
        SerializedType type = delegate.typeForClass(object.getClass());
        return new SimpleSerializedObject<>(data, expectedRepresentation, type);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        List<String> paths = personalPaths.get(serializedObject.getType().getName());
        if (paths == null) {
            return delegate.deserialize(serializedObject);
        }
        String json = getConverter().convert(serializedObject.getData(), serializedObject.getContentType(),
                                             String.class);
        JsonNode tree;
        try {
            tree = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Stored payload is not JSON", e);
        }
        for (String path : paths) {
            transform(tree, path, value -> decrypt(path, value));
        }
        return delegate.deserialize(new SimpleSerializedObject<>(write(tree), String.class,
                                                                 serializedObject.getType()));
    }

    private interface ValueChange {
        /** The new value, or null to remove the field. */
        JsonNode apply(JsonNode value);
    }

    private static void transform(JsonNode tree, String path, ValueChange change) {
        String[] names = path.split("\\.");
        JsonNode node = tree;
        for (int i = 0; i < names.length - 1; i++) {
            node = node.get(names[i]);
            if (node == null || !node.isObject()) {
                return;
            }
        }
        ObjectNode parent = (ObjectNode) node;
        String field = names[names.length - 1];
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return;
        }
        JsonNode changed = change.apply(value);
        if (changed == null) {
            parent.remove(field);
        } else {
            parent.set(field, changed);
        }
    }

    private String encrypt(SecretKey key, String keyId, String path, JsonNode value) {
        byte[] plaintext = write(value).getBytes(StandardCharsets.UTF_8);
        byte[] sealed = Aes.encrypt(key, plaintext, associatedData(keyId, path));
        return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(sealed);
    }

    private JsonNode decrypt(String path, JsonNode value) {
        if (!value.isTextual() || !value.textValue().startsWith(PREFIX)) {
            return value; // stored in the clear, before encryption existed
        }
        String rest = value.textValue().substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String keyId = rest.substring(0, colon);
        Optional<SecretKey> key = keys.dataKey(keyId);
        if (key.isEmpty()) {
            return null; // erased: the field reads as absent
        }
        byte[] plaintext = Aes.decrypt(key.get(), Base64.getDecoder().decode(rest.substring(colon + 1)),
                                       associatedData(keyId, path));
        try {
            return mapper.readTree(new String(plaintext, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new SerializationException("Decrypted personal field " + path + " is not JSON", e);
        }
    }

    private static String associatedData(String keyId, String path) {
        return keyId + "|" + path;
    }

    private String write(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new SerializationException("Cannot write JSON", e);
        }
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }
}
