package cn.kcbx.query.casefile;

import cn.kcbx.kernel.jackson.KernelJackson;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import org.bson.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link CaseFile} as a BSON sub-document and back: its fields as written by the kernel's JSON shape (dates as ISO
 * strings, enums by name), so a stored file is readable in the MongoDB shell and sorts by date as text.
 */
final class CaseFileCodec {

    private static final ObjectMapper MAPPER = KernelJackson.newSnapshotMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private CaseFileCodec() {
    }

    static Document toDocument(CaseFile file) {
        Map<String, Object> fields = MAPPER.convertValue(file, MAP);
        return new Document(fields);
    }

    static CaseFile fromDocument(Document document) {
        return MAPPER.convertValue(document, CaseFile.class);
    }

    /**
     * A deep copy, through the same JSON shape as {@link #toDocument} and {@link #fromDocument}: written once into a
     * token buffer and read back, with no map in between (a case's fold copies its file at every event).
     */
    static CaseFile copy(CaseFile file) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            MAPPER.writeValue(buffer, file);
            try (JsonParser parser = buffer.asParser()) {
                return MAPPER.readValue(parser, CaseFile.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy the file of case " + file.caseId(), e);
        }
    }
}
