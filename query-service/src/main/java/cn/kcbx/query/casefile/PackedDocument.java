package cn.kcbx.query.casefile;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

import java.nio.ByteBuffer;

/**
 * A document kept as one binary value (its BSON bytes): for a part of a stored document that is read only whole and
 * never queried. The embedded store deserializes and encodes every field of every document a query passes; one binary
 * field costs it a copy. Not compressed: deflated, the county report on a day read 1.29 times the live one instead of
 * 1.05, inflating costing the reader more than the store saved (deploy/BENCHMARK.md, "The read side by its clocks").
 */
final class PackedDocument {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private PackedDocument() {
    }

    static byte[] pack(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        CODEC.encode(new BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
        return buffer.toByteArray();
    }

    static Document unpack(byte[] packed) {
        return CODEC.decode(new BsonBinaryReader(ByteBuffer.wrap(packed)), DecoderContext.builder().build());
    }
}
