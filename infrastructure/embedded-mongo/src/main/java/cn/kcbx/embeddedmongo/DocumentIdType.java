package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The key type of the data maps, whose keys are the documents' {@code _id} values as the collection looks them up
 * (the raw value, {@code Missing} for none, a random UUID in a collection without ids). The order is the stock
 * type's, unchanged, so that the documents are read in the same order as before (a scan's order, which the secondary
 * indexes' candidates follow) and an id is found exactly as mongo-java-server expects. Only the written form changes
 * where the stock type Java-serializes: an {@link ObjectId} (a driver's generated id) is written in its 12 bytes and
 * an {@link Instant} in its seconds and nanoseconds. Strings, numbers and UUIDs the stock type already writes
 * compactly.
 */
final class DocumentIdType extends ObjectDataType {

    /** First byte of a written key: its own form for these two types, else the stock form. */
    private static final byte STOCK = 0;
    private static final byte OBJECT_ID = 1;
    private static final byte INSTANT = 2;

    @Override
    public int getMemory(Object key) {
        // the stock type counts a value it serializes at its running average of serialized sizes (10 KB at first)
        if (key instanceof ObjectId) {
            return 48;
        }
        if (key instanceof Instant) {
            return 24;
        }
        return super.getMemory(key);
    }

    @Override
    public void write(WriteBuffer buffer, Object key) {
        Class<?> type = key == null ? null : key.getClass();
        if (type == ObjectId.class) {
            buffer.put(OBJECT_ID).put(((ObjectId) key).toByteArray());
        } else if (type == Instant.class) {
            Instant instant = (Instant) key;
            buffer.put(INSTANT).putLong(instant.getEpochSecond()).putInt(instant.getNano());
        } else {
            buffer.put(STOCK);
            super.write(buffer, key);
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        return switch (buffer.get()) {
            case OBJECT_ID -> {
                byte[] id = new byte[12];
                buffer.get(id);
                yield new ObjectId(id);
            }
            case INSTANT -> Instant.ofEpochSecond(buffer.getLong(), buffer.getInt());
            default -> super.read(buffer);
        };
    }
}
