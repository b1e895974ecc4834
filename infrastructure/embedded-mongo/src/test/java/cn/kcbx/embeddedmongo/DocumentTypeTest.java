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
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DocumentTypeTest {

    private final DocumentType type = new DocumentType();

    /** One value of every type a stored document can hold, under a field name that says which. */
    private static Map<String, Object> everyValue() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("null", null);
        values.put("true", true);
        values.put("false", false);
        values.put("int", 42);
        values.put("intMin", Integer.MIN_VALUE);
        values.put("intMax", Integer.MAX_VALUE);
        values.put("intNegative", -7);
        values.put("long", 1_800_000_000_000L);
        values.put("longMin", Long.MIN_VALUE);
        values.put("longMax", Long.MAX_VALUE);
        values.put("longNegative", -3L);
        values.put("double", 2.5);
        values.put("negativeZero", -0.0);
        values.put("nan", Double.NaN);
        values.put("infinity", Double.NEGATIVE_INFINITY);
        values.put("decimal128", Decimal128.fromNumber(new BigDecimal("12345.6789")));
        values.put("decimal128NaN", Decimal128.NaN);
        values.put("string", "清溪镇中心小学");
        values.put("emptyString", "");
        values.put("stringBeyondTheBasicPlane", "𠀀 𝄞");
        values.put("stringWithZero", "a\u0000b");
        values.put("unpairedSurrogate", "x\uD800y");
        values.put("instant", Instant.parse("2026-09-01T08:30:00.123Z"));
        values.put("instantNanos", Instant.ofEpochSecond(-1, 999_999_999));
        values.put("date", new Date(1_788_000_000_000L));
        values.put("objectId", new ObjectId("5f0c6e3a9d1b2c3d4e5f6071"));
        values.put("binData", new BinData(new byte[] {0, 1, 2, (byte) 0xFF}));
        values.put("emptyBinData", new BinData(new byte[0]));
        values.put("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        values.put("legacyUuid", new LegacyUUID(UUID.fromString("00000000-0000-0000-0000-000000000001")));
        values.put("timestamp", new BsonTimestamp(Instant.ofEpochSecond(1_788_000_000L), 7));
        values.put("minKey", MinKey.getInstance());
        values.put("maxKey", MaxKey.getInstance());
        values.put("javascript", new BsonJavaScript("function() { return 1; }"));
        values.put("missing", Missing.getInstance());
        values.put("document", new Document("town", "青石镇").append("n", 1).append("nested", new Document("deep", List.of(1L, "x"))));
        values.put("emptyDocument", new Document());
        values.put("list", new ArrayList<>(Arrays.asList(1, "two", null, 3.0, new Document("a", 1), List.of(List.of()))));
        values.put("emptyList", List.of());
        values.put("set", new LinkedHashSet<>(List.of("b", "a", "c")));
        return values;
    }

    private Document roundTrip(Document document) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, document);
        ByteBuffer written = buffer.getBuffer().flip();
        Document read = type.read(written);
        assertThat(written.remaining()).as("bytes left after reading").isZero();
        return read;
    }

    @Test
    void everyValueTypeReadsBackEqual() {
        everyValue().forEach((name, value) -> {
            Document read = roundTrip(new Document(name, value));
            assertThat(read).as(name).isEqualTo(new Document(name, value));
            if (value != null) {
                assertThat(read.get(name)).as(name).isInstanceOf(value instanceof List<?> ? List.class
                        : value instanceof Set<?> ? Set.class : value.getClass());
            }
        });
    }

    @Test
    void aDocumentWithEveryValueReadsBackEqualInItsFieldOrder() {
        Document document = new Document(everyValue());
        document.put("nestedEverything", new Document(everyValue()));
        document.put("listOfEverything", new ArrayList<>(everyValue().values()));
        Document read = roundTrip(document);
        assertThat(read).isEqualTo(document);
        assertThat(new ArrayList<>(read.keySet())).containsExactlyElementsOf(document.keySet());
        assertThat(new ArrayList<>(((Document) read.get("nestedEverything")).keySet()))
                .containsExactlyElementsOf(everyValue().keySet());
    }

    @Test
    void fieldOrderIsKeptAndMatters() {
        Document ab = new Document("b", 1).append("a", 2);
        Document read = roundTrip(ab);
        assertThat(new ArrayList<>(read.keySet())).containsExactly("b", "a");
        assertThat(read).isNotEqualTo(new Document("a", 2).append("b", 1));
    }

    /** Types without their own equality: read back as the same instance, or with the same parts. */
    @Test
    void singletonsAndRegularExpressionsReadBackUsable() {
        Document read = roundTrip(new Document("min", MinKey.getInstance()).append("max", MaxKey.getInstance())
                                          .append("missing", Missing.getInstance())
                                          .append("regex", new BsonRegularExpression("^清.*镇$", "i"))
                                          .append("regexWithoutOptions", new BsonRegularExpression("x")));
        assertThat(read.get("min")).isSameAs(MinKey.getInstance());
        assertThat(read.get("max")).isSameAs(MaxKey.getInstance());
        assertThat(read.get("missing")).isSameAs(Missing.getInstance());
        BsonRegularExpression regex = (BsonRegularExpression) read.get("regex");
        assertThat(regex.getPattern()).isEqualTo("^清.*镇$");
        assertThat(regex.getOptions()).isEqualTo("i");
        assertThat(regex.matcher("清溪镇").matches()).isTrue();
        BsonRegularExpression plain = (BsonRegularExpression) read.get("regexWithoutOptions");
        assertThat(plain.getPattern()).isEqualTo("x");
        assertThat(plain.getOptions()).isNull();
        byte[] bytes = {3, 1, 4};
        assertThat((byte[]) roundTrip(new Document("bytes", bytes)).get("bytes")).containsExactly(3, 1, 4);
    }

    /** A value of a type this form does not know is kept as the stock type kept it: Java-serialized. */
    @Test
    void aValueOfAnotherTypeIsKeptSerialized() {
        Document document = new Document("bigDecimal", new BigDecimal("1.50")).append("short", (short) 3)
                                                                                .append("float", 1.5f);
        Document read = roundTrip(document);
        assertThat(read).isEqualTo(document);
        assertThat(read.get("short")).isInstanceOf(Short.class);
    }

    @Test
    void aDocumentIsSmallerThanJavaSerialized() {
        Document event = event();
        int written = DocumentType.bytes(event).length;
        int serialized = ObjectDataType.serialize(event).length;
        assertThat(written).isLessThan(serialized * 2 / 3); // 835 against 1,328 bytes: the 480 bytes of Chinese are as long in both
    }

    /**
     * The estimate of the heap a document takes is of the right size: more than its written form, less than a few
     * times it, and it grows with the document.
     */
    @Test
    void theMemoryEstimateIsOfTheRightSize() {
        Document event = event();
        int written = DocumentType.bytes(event).length;
        int memory = type.getMemory(event);
        assertThat(memory).isBetween(written, 8 * written);
        Document bigger = event().append("more", "x".repeat(10_000));
        assertThat(type.getMemory(bigger)).isGreaterThan(memory + 10_000);
        Document chinese = new Document("s", "清".repeat(1000));
        Document latin = new Document("s", "q".repeat(1000));
        assertThat(type.getMemory(chinese)).isGreaterThan(type.getMemory(latin) + 900);
    }

    @Test
    void equalDocumentsCompareEqual() {
        assertThat(type.compare(event(), event())).isZero();
        assertThat(type.compare(event(), event().append("x", 1))).isNotZero();
    }

    /** Like an event of the event store: a commit with its envelope and an event payload. */
    private static Document event() {
        return new Document("_id", 123_456L)
                .append("aggregateId", "case-0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
                .append("aggregateType", "StudentCase")
                .append("sequence", 17L)
                .append("requestId", "5b3f7c1e-9d2a-4e8b-a6c0-1f2e3d4c5b6a")
                .append("events", List.of(new Document("eventId", "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f")
                                                  .append("type", "cn.kcbx.casefile.events.HomeVisitRecorded")
                                                  .append("timestamp", Instant.parse("2026-09-01T08:30:00Z"))
                                                  .append("payload", "{\"visitor\":\"张老师\",\"note\":\"" + "家访记录".repeat(40) + "\"}")
                                                  .append("metaData", new Document("traceId", "a1b2c3").append("user", "u-17"))));
    }
}
