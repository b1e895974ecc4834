package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class IndexKeyTypeTest {

    private final IndexKeyType type = new IndexKeyType();

    /** Keys of every kind an index may hold, some equal to each other but not the same object. */
    private static List<KeyValue> keys() {
        List<Object> values = new ArrayList<>();
        values.add(null);
        values.add(1.0);
        values.add(-2.5);
        values.add(Long.MAX_VALUE - 1);
        values.add("case-1");
        values.add("case-10");
        values.add(new String("case-1"));
        values.add("清溪镇");
        values.add("𠀀 beyond the basic plane 𝄞");
        values.add("");
        values.add(new ObjectId("5f0c6e3a9d1b2c3d4e5f6071"));
        values.add(new ObjectId("5f0c6e3a9d1b2c3d4e5f6072"));
        values.add(Boolean.TRUE);
        values.add(Instant.parse("2026-09-01T00:00:00Z"));
        values.add(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        values.add(new Document("town", "青石镇"));
        values.add(new Document("town", "青石镇"));
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : values) {
            keys.add(new KeyValue(new ArrayList<>(java.util.Collections.singletonList(value))));
            keys.add(new KeyValue(java.util.Arrays.asList(value, "seq")));
        }
        keys.add(new KeyValue(java.util.Arrays.asList("case-1", 3.0)));
        keys.add(new KeyValue(java.util.Arrays.asList("case-1", 12.0)));
        return keys;
    }

    @Test
    void theOrderIsConsistentWithEqualsAndAntisymmetric() {
        List<KeyValue> keys = keys();
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int ab = type.compare(a, b);
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                assertThat(Integer.signum(ab)).as("%s vs %s", a, b).isEqualTo(-Integer.signum(type.compare(b, a)));
            }
        }
    }

    @Test
    void theOrderIsTransitive() {
        List<KeyValue> keys = keys();
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                for (KeyValue c : keys) {
                    if (type.compare(a, b) < 0 && type.compare(b, c) < 0) {
                        assertThat(type.compare(a, c)).as("%s < %s < %s", a, b, c).isNegative();
                    }
                }
            }
        }
    }

    @Test
    void everyKeyReadsBackAsWritten() {
        for (KeyValue key : keys()) {
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, key);
            ByteBuffer written = buffer.getBuffer();
            written.flip();
            assertThat(type.read(written)).as("%s", key).isEqualTo(key);
            assertThat(written.remaining()).isZero();
        }
    }

    @Test
    void numbersAndTextKeepTheirNaturalOrder() {
        assertThat(type.compare(new KeyValue("case-1", 3.0), new KeyValue("case-1", 12.0))).isNegative();
        assertThat(type.compare(new KeyValue("a"), new KeyValue("b"))).isNegative();
        assertThat(type.compare(new KeyValue("a"), new KeyValue("a", 1.0))).isNegative();
    }
}
