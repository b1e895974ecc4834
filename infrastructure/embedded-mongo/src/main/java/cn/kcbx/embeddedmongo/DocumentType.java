package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;

/**
 * The value type of the data maps: a document written in a compact binary form of BSON's kind (a tag byte per value,
 * field names and strings with their lengths, numbers as varints or fixed 8 bytes), read back as an equal document
 * with its fields in the same order. MVStore's stock {@link ObjectDataType} Java-serializes every document when a page
 * is written and deserializes it when a page is read (docs/decisions/0016).
 *
 * <p>Not mongo-java-server's own {@code BsonEncoder}: it goes through a netty buffer, keeps dates to the millisecond
 * only, and refuses what BSON has no type for. Here every value a stored document can hold reads back equal, an
 * {@link Instant} to the nanosecond, a set as a set; a value of a type this form does not know (none that the server
 * stores) is Java-serialized on its own, as the stock type did with the whole document.
 */
final class DocumentType extends BasicDataType<Document> {

    /** First byte of a stored document: the form it is written in, so that a later form can tell them apart. */
    private static final byte FORM = 1;

    private static final byte NULL = 0;
    private static final byte FALSE = 1;
    private static final byte TRUE = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte STRING = 6;
    private static final byte DOCUMENT = 7;
    private static final byte LIST = 8;
    private static final byte SET = 9;
    private static final byte OBJECT_ID = 10;
    private static final byte INSTANT = 11;
    private static final byte DATE = 12;
    private static final byte UUID_VALUE = 13;
    private static final byte LEGACY_UUID = 14;
    private static final byte BIN_DATA = 15;
    private static final byte BYTES = 16;
    private static final byte DECIMAL128 = 17;
    private static final byte TIMESTAMP = 18;
    private static final byte MIN_KEY = 19;
    private static final byte MAX_KEY = 20;
    private static final byte REGEX = 21;
    private static final byte JAVASCRIPT = 22;
    private static final byte MISSING = 23;
    private static final byte SERIALIZED = 24;

    /** Heap bytes of an object header plus a reference or two, the unit of the estimates below. */
    private static final int OBJECT = 16;

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        buffer.put(FORM);
        writeDocument(buffer, document);
    }

    @Override
    public Document read(ByteBuffer buffer) {
        byte form = buffer.get();
        if (form != FORM) {
            throw new IllegalStateException("a stored document in an unknown form (" + form + ")");
        }
        return readDocument(buffer);
    }

    /** Documents are not ordered; MVMap compares values only to check equality (replace and remove by value). */
    @Override
    public int compare(Document a, Document b) {
        if (a.equals(b)) {
            return 0;
        }
        return Arrays.compare(bytes(a), bytes(b));
    }

    static byte[] bytes(Document document) {
        WriteBuffer buffer = new WriteBuffer();
        new DocumentType().write(buffer, document);
        ByteBuffer written = buffer.getBuffer().flip();
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return bytes;
    }

    // --- writing ---

    private static void writeDocument(WriteBuffer buffer, Document document) {
        buffer.putVarInt(document.size());
        for (Map.Entry<String, Object> field : document.entrySet()) {
            writeString(buffer, field.getKey());
            writeValue(buffer, field.getValue());
        }
    }

    private static void writeString(WriteBuffer buffer, String text) {
        buffer.putVarInt(text.length()).putStringData(text, text.length());
    }

    private static void writeValue(WriteBuffer buffer, Object value) {
        if (value == null) {
            buffer.put(NULL);
            return;
        }
        Class<?> type = value.getClass();
        if (type == String.class) {
            buffer.put(STRING);
            writeString(buffer, (String) value);
        } else if (type == Long.class) {
            buffer.put(LONG).putVarLong(zigzag((Long) value));
        } else if (type == Integer.class) {
            buffer.put(INT).putVarInt(zigzag((Integer) value));
        } else if (type == Double.class) {
            buffer.put(DOUBLE).putLong(Double.doubleToRawLongBits((Double) value));
        } else if (type == Boolean.class) {
            buffer.put((Boolean) value ? TRUE : FALSE);
        } else if (type == Document.class) {
            buffer.put(DOCUMENT);
            writeDocument(buffer, (Document) value);
        } else if (value instanceof List<?> list) {
            buffer.put(LIST);
            writeElements(buffer, list);
        } else if (type == Instant.class) {
            Instant instant = (Instant) value;
            buffer.put(INSTANT).putVarLong(zigzag(instant.getEpochSecond())).putVarInt(instant.getNano());
        } else if (type == ObjectId.class) {
            buffer.put(OBJECT_ID).put(((ObjectId) value).toByteArray());
        } else if (type == Date.class) {
            buffer.put(DATE).putVarLong(zigzag(((Date) value).getTime()));
        } else if (type == UUID.class) {
            UUID uuid = (UUID) value;
            buffer.put(UUID_VALUE).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        } else if (type == LegacyUUID.class) {
            UUID uuid = ((LegacyUUID) value).getUuid();
            buffer.put(LEGACY_UUID).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        } else if (type == BinData.class) {
            byte[] data = ((BinData) value).getData();
            buffer.put(BIN_DATA).putVarInt(data.length).put(data);
        } else if (type == byte[].class) {
            byte[] data = (byte[]) value;
            buffer.put(BYTES).putVarInt(data.length).put(data);
        } else if (type == Decimal128.class) {
            Decimal128 decimal = (Decimal128) value;
            buffer.put(DECIMAL128).putLong(decimal.getLow()).putLong(decimal.getHigh());
        } else if (type == BsonTimestamp.class) {
            buffer.put(TIMESTAMP).putLong(((BsonTimestamp) value).getValue());
        } else if (type == MinKey.class) {
            buffer.put(MIN_KEY);
        } else if (type == MaxKey.class) {
            buffer.put(MAX_KEY);
        } else if (type == BsonRegularExpression.class) {
            BsonRegularExpression regex = (BsonRegularExpression) value;
            buffer.put(REGEX);
            writeString(buffer, regex.getPattern());
            writeNullableString(buffer, regex.getOptions());
        } else if (type == BsonJavaScript.class) {
            buffer.put(JAVASCRIPT);
            writeString(buffer, ((BsonJavaScript) value).getCode());
        } else if (type == Missing.class) {
            buffer.put(MISSING);
        } else if (value instanceof Set<?> set && !(value instanceof SortedSet<?>)) {
            buffer.put(SET);
            writeElements(buffer, set);
        } else {
            byte[] serialized = ObjectDataType.serialize(value);
            buffer.put(SERIALIZED).putVarInt(serialized.length).put(serialized);
        }
    }

    private static void writeElements(WriteBuffer buffer, Collection<?> elements) {
        buffer.putVarInt(elements.size());
        for (Object element : elements) {
            writeValue(buffer, element);
        }
    }

    private static void writeNullableString(WriteBuffer buffer, String text) {
        if (text == null) {
            buffer.putVarInt(0);
        } else {
            buffer.putVarInt(text.length() + 1).putStringData(text, text.length());
        }
    }

    private static int zigzag(int value) {
        return (value << 1) ^ (value >> 31);
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    // --- reading ---

    private static Document readDocument(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        Document document = new Document();
        for (int i = 0; i < size; i++) {
            String key = readString(buffer);
            document.put(key, readValue(buffer));
        }
        return document;
    }

    private static String readString(ByteBuffer buffer) {
        return DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
    }

    private static Object readValue(ByteBuffer buffer) {
        byte tag = buffer.get();
        return switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case INT -> unzigzag(DataUtils.readVarInt(buffer));
            case LONG -> unzigzag(DataUtils.readVarLong(buffer));
            case DOUBLE -> Double.longBitsToDouble(buffer.getLong());
            case STRING -> readString(buffer);
            case DOCUMENT -> readDocument(buffer);
            case LIST -> readElements(buffer, new ArrayList<>());
            case SET -> readElements(buffer, new LinkedHashSet<>());
            case OBJECT_ID -> {
                byte[] id = new byte[12];
                buffer.get(id);
                yield new ObjectId(id);
            }
            case INSTANT -> Instant.ofEpochSecond(unzigzag(DataUtils.readVarLong(buffer)), DataUtils.readVarInt(buffer));
            case DATE -> new Date(unzigzag(DataUtils.readVarLong(buffer)));
            case UUID_VALUE -> new UUID(buffer.getLong(), buffer.getLong());
            case LEGACY_UUID -> new LegacyUUID(buffer.getLong(), buffer.getLong());
            case BIN_DATA -> new BinData(readBytes(buffer));
            case BYTES -> readBytes(buffer);
            case DECIMAL128 -> new Decimal128(buffer.getLong(), buffer.getLong());
            case TIMESTAMP -> new BsonTimestamp(buffer.getLong());
            case MIN_KEY -> MinKey.getInstance();
            case MAX_KEY -> MaxKey.getInstance();
            case REGEX -> new BsonRegularExpression(readString(buffer), readNullableString(buffer));
            case JAVASCRIPT -> new BsonJavaScript(readString(buffer));
            case MISSING -> Missing.getInstance();
            case SERIALIZED -> ObjectDataType.deserialize(readBytes(buffer));
            default -> throw new IllegalStateException("a stored value of an unknown type (" + tag + ")");
        };
    }

    private static <C extends Collection<Object>> C readElements(ByteBuffer buffer, C elements) {
        int size = DataUtils.readVarInt(buffer);
        for (int i = 0; i < size; i++) {
            elements.add(readValue(buffer));
        }
        return elements;
    }

    private static String readNullableString(ByteBuffer buffer) {
        int length = DataUtils.readVarInt(buffer);
        return length == 0 ? null : DataUtils.readString(buffer, length - 1);
    }

    private static byte[] readBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[DataUtils.readVarInt(buffer)];
        buffer.get(bytes);
        return bytes;
    }

    private static int unzigzag(int value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    // --- memory ---

    /**
     * The heap a document takes once read, roughly (MVStore's page cache counts its pages by these estimates): its
     * map and entries, every field name and value, nested documents and lists included.
     */
    @Override
    public int getMemory(Document document) {
        return memoryOf(document);
    }

    private static int memoryOf(Object value) {
        if (value == null || value instanceof Boolean || value instanceof MinKey || value instanceof MaxKey
                || value instanceof Missing) {
            return 0; // shared instances
        }
        if (value instanceof String text) {
            return memoryOf(text);
        }
        if (value instanceof Document document) {
            // Document, its LinkedHashMap and table; an entry and a table slot per field
            int memory = 4 * OBJECT + 8 * Integer.highestOneBit(Math.max(1, document.size()) * 2);
            for (Map.Entry<String, Object> field : document.entrySet()) {
                memory += 3 * OBJECT + memoryOf(field.getKey()) + memoryOf(field.getValue());
            }
            return memory;
        }
        if (value instanceof Collection<?> elements) {
            int memory = 3 * OBJECT + 8 * elements.size();
            for (Object element : elements) {
                memory += memoryOf(element);
            }
            return memory;
        }
        if (value instanceof Integer) {
            return OBJECT;
        }
        if (value instanceof Long || value instanceof Double || value instanceof Instant || value instanceof Date
                || value instanceof BsonTimestamp) {
            return OBJECT + 8;
        }
        if (value instanceof ObjectId || value instanceof UUID || value instanceof Decimal128) {
            return 3 * OBJECT;
        }
        if (value instanceof BinData data) {
            return 2 * OBJECT + data.getData().length;
        }
        if (value instanceof byte[] data) {
            return OBJECT + data.length;
        }
        if (value instanceof BsonRegularExpression regex) {
            return 3 * OBJECT + memoryOf(regex.getPattern()) + memoryOf(regex.getOptions());
        }
        if (value instanceof BsonJavaScript script) {
            return OBJECT + memoryOf(script.getCode());
        }
        return 4 * OBJECT;
    }

    /** A string's object and its bytes: one per character when all are Latin-1 (compact strings), else two. */
    private static int memoryOf(String text) {
        if (text == null) {
            return 0;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            if (text.charAt(i) > 0xFF) {
                return 3 * OBJECT + 2 * length;
            }
        }
        return 3 * OBJECT + length;
    }
}
