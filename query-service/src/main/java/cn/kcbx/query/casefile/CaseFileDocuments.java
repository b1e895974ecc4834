package cn.kcbx.query.casefile;

import org.bson.Document;

/**
 * The stored shape shared by {@code case_ledger} and {@code case_history}: the fields a read filters on, at the top
 * level where indexes reach them, and the whole {@link CaseFile} under {@code file}.
 */
final class CaseFileDocuments {

    static final String CASE_ID = "caseId";
    static final String SEQUENCE = "sequence";
    static final String COUNTY = "countyCode";
    static final String TOWN = "townCode";
    static final String VILLAGE = "villageCode";
    static final String STATUS = "status";
    static final String FILE = "file";

    private CaseFileDocuments() {
    }

    static Document document(Object id, CaseFile file) {
        return new Document("_id", id)
                .append(CASE_ID, file.caseId())
                .append(SEQUENCE, file.sequence())
                .append(COUNTY, file.countyCode())
                .append(TOWN, file.townCode())
                .append(VILLAGE, file.villageCode())
                .append(STATUS, file.status() == null ? null : file.status().name())
                .append(FILE, CaseFileCodec.toDocument(file));
    }

    static CaseFile file(Document document) {
        return CaseFileCodec.fromDocument(document.get(FILE, Document.class));
    }
}
