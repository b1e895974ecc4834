package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The key type of a unique index's B-tree. MVStore's stock {@link ObjectDataType} finds mongo-java-server's
 * {@link KeyValue} not comparable, so it Java-serializes both keys at every comparison of every lookup and insert, and
 * Java-serializes every key again when a page is written: serialization was the store's busiest work under load
 * (docs/decisions/0013). This type compares the values inside a key directly and writes them in a compact binary
 * form; values of a kind it does not know are left to the stock type.
 *
 * <p>The order is total and consistent with {@code KeyValue.equals}: values of different kinds are ordered by kind,
 * values of one common kind by their natural order, and anything else as the stock type orders it (serialized).
 */
final class IndexKeyType extends ObjectDataType {

    /** First byte of a written key: a key in this type's own form, or anything else in the stock form. */
    private static final byte KEY_VALUE = 1;
    private static final byte STOCK = 0;

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    @Override
    public int getMemory(Object key) {
        if (!(key instanceof KeyValue values)) {
            return super.getMemory(key);
        }
        int memory = 48;
        for (Object value : values) {
            memory += value instanceof String text ? 48 + 2 * text.length() : 32;
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, Object key) {
        if (!(key instanceof KeyValue values)) {
            buffer.put(STOCK);
            super.write(buffer, key);
            return;
        }
        buffer.put(KEY_VALUE).putVarInt(values.size());
        for (Object value : values) {
            Kind kind = Kind.of(value);
            buffer.put((byte) kind.ordinal());
            switch (kind) {
                case NULL -> {
                }
                case DOUBLE -> buffer.putDouble((Double) value);
                case LONG -> buffer.putLong((Long) value);
                case STRING -> {
                    String text = (String) value;
                    buffer.putVarInt(text.length()).putStringData(text, text.length());
                }
                case OBJECT_ID -> buffer.put(((ObjectId) value).toByteArray());
                case BOOLEAN -> buffer.put((byte) ((Boolean) value ? 1 : 0));
                case INSTANT -> buffer.putLong(((Instant) value).getEpochSecond()).putInt(((Instant) value).getNano());
                case DATE -> buffer.putLong(((Date) value).getTime());
                case UUID -> buffer.putLong(((UUID) value).getMostSignificantBits())
                        .putLong(((UUID) value).getLeastSignificantBits());
                case OTHER -> {
                    byte[] serialized = serialize(value);
                    buffer.putVarInt(serialized.length).put(serialized);
                }
            }
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get() == STOCK) {
            return super.read(buffer);
        }
        int size = DataUtils.readVarInt(buffer);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(switch (KINDS[buffer.get()]) {
                case NULL -> null;
                case DOUBLE -> buffer.getDouble();
                case LONG -> buffer.getLong();
                case STRING -> DataUtils.readString(buffer, DataUtils.readVarInt(buffer));
                case OBJECT_ID -> {
                    byte[] id = new byte[12];
                    buffer.get(id);
                    yield new ObjectId(id);
                }
                case BOOLEAN -> buffer.get() == 1;
                case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
                case DATE -> new Date(buffer.getLong());
                case UUID -> new UUID(buffer.getLong(), buffer.getLong());
                case OTHER -> {
                    byte[] serialized = new byte[DataUtils.readVarInt(buffer)];
                    buffer.get(serialized);
                    yield deserialize(serialized);
                }
            });
        }
        return new KeyValue(values);
    }

    private static final Kind[] KINDS = Kind.values();

    private int compareKeys(KeyValue left, KeyValue right) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            int order = compareValues(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        Kind kind = Kind.of(a);
        int byKind = kind.compareTo(Kind.of(b));
        if (byKind != 0) {
            return byKind;
        }
        return switch (kind) {
            case NULL -> 0;
            case DOUBLE -> ((Double) a).compareTo((Double) b);
            case LONG -> ((Long) a).compareTo((Long) b);
            case STRING -> ((String) a).compareTo((String) b);
            case OBJECT_ID -> ((ObjectId) a).compareTo((ObjectId) b);
            case BOOLEAN -> ((Boolean) a).compareTo((Boolean) b);
            case INSTANT -> ((Instant) a).compareTo((Instant) b);
            case DATE -> ((Date) a).compareTo((Date) b);
            case UUID -> ((UUID) a).compareTo((UUID) b);
            case OTHER -> super.compare(a, b);
        };
    }

    /** The kinds a normalized index value usually has (numbers are doubles, or longs too large for a double). */
    private enum Kind {
        NULL, DOUBLE, LONG, STRING, OBJECT_ID, BOOLEAN, INSTANT, DATE, UUID, OTHER;

        static Kind of(Object value) {
            if (value == null) {
                return NULL;
            }
            Class<?> type = value.getClass();
            if (type == Double.class) {
                return DOUBLE;
            } else if (type == Long.class) {
                return LONG;
            } else if (type == String.class) {
                return STRING;
            } else if (type == ObjectId.class) {
                return OBJECT_ID;
            } else if (type == Boolean.class) {
                return BOOLEAN;
            } else if (type == Instant.class) {
                return INSTANT;
            } else if (type == Date.class) {
                return DATE;
            } else if (type == UUID.class) {
                return UUID;
            }
            return OTHER;
        }
    }
}
