package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentIdTypeTest {

    private final DocumentIdType type = new DocumentIdType();
    private final ObjectDataType stock = new ObjectDataType();

    /** Ids of the kinds a collection holds, mixed (a collection may hold ids of several types). */
    private static List<Object> ids() {
        List<Object> ids = new ArrayList<>();
        ids.add(1L);
        ids.add(-5L);
        ids.add(Long.MAX_VALUE);
        ids.add(3);
        ids.add(2.5);
        ids.add("case-1");
        ids.add("case-10");
        ids.add("清溪镇");
        ids.add(new ObjectId("5f0c6e3a9d1b2c3d4e5f6071"));
        ids.add(new ObjectId("5f0c6e3a9d1b2c3d4e5f6072"));
        ids.add(new ObjectId("0f0c6e3a9d1b2c3d4e5f6072"));
        ids.add(UUID.fromString("00000000-0000-0000-0000-000000000001"));
        ids.add(Instant.parse("2026-09-01T00:00:00Z"));
        ids.add(Instant.parse("2026-09-01T00:00:00.000000001Z"));
        ids.add(true);
        ids.add(new Document("case", "c-1").append("seq", 2L));
        ids.add(Missing.getInstance());
        return ids;
    }

    /** The documents are found and scanned exactly as with the stock key type. */
    @Test
    void theOrderIsTheStockOrder() {
        for (Object a : ids()) {
            for (Object b : ids()) {
                assertThat(Integer.signum(type.compare(a, b))).as("%s vs %s", a, b)
                        .isEqualTo(Integer.signum(stock.compare(a, b)));
            }
        }
    }

    @Test
    void everyIdReadsBackAsWritten() {
        for (Object id : ids()) {
            WriteBuffer buffer = new WriteBuffer();
            type.write(buffer, id);
            ByteBuffer written = buffer.getBuffer().flip();
            Object read = type.read(written);
            assertThat(written.remaining()).isZero();
            if (id instanceof Missing) {
                assertThat(read).isInstanceOf(Missing.class);
            } else {
                assertThat(read).isEqualTo(id);
                assertThat(type.compare(read, id)).isZero();
            }
        }
    }

    @Test
    void anObjectIdIsWrittenInItsTwelveBytesAndCountedAsSmall() {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, new ObjectId());
        assertThat(buffer.position()).isEqualTo(13);
        assertThat(type.getMemory(new ObjectId())).isLessThan(100);
    }
}
