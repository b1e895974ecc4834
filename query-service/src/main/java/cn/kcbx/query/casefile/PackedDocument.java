package cn.kcbx.query.casefile;

import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A document kept as one compressed binary value (BSON, deflated): for a part of a stored document that is read only
 * whole and never queried. The embedded store deserializes and encodes every field of every document a query passes;
 * one binary field costs it a copy, and the deflated bytes are a third of the fields'.
 */
final class PackedDocument {

    private static final DocumentCodec CODEC = new DocumentCodec();

    private PackedDocument() {
    }

    static byte[] pack(Document document) {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        CODEC.encode(new BsonBinaryWriter(buffer), document, EncoderContext.builder().build());
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(buffer.toByteArray());
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream(buffer.size() / 2 + 64);
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                packed.write(chunk, 0, deflater.deflate(chunk));
            }
            return packed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static Document unpack(byte[] packed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed);
            ByteArrayOutputStream bson = new ByteArrayOutputStream(packed.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int length = inflater.inflate(chunk);
                if (length == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("A packed document is cut short");
                }
                bson.write(chunk, 0, length);
            }
            return CODEC.decode(new BsonBinaryReader(ByteBuffer.wrap(bson.toByteArray())),
                                DecoderContext.builder().build());
        } catch (DataFormatException e) {
            throw new IllegalStateException("A packed document is not deflated BSON", e);
        } finally {
            inflater.end();
        }
    }
}
