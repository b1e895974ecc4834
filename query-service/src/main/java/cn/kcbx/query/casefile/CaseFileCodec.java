package cn.kcbx.query.casefile;

import cn.kcbx.kernel.jackson.KernelJackson;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;

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

    static CaseFile copy(CaseFile file) {
        return MAPPER.convertValue(MAPPER.convertValue(file, MAP), CaseFile.class);
    }
}
