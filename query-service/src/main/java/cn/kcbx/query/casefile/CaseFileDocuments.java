package cn.kcbx.query.casefile;

import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
    /** Every county, town and village a case was transferred out of, and into: what the transfer lists look up. */
    static final String TRANSFERRED_FROM = "transferredFrom";
    static final String TRANSFERRED_TO = "transferredTo";

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
                .append(TRANSFERRED_FROM, regions(file, true))
                .append(TRANSFERRED_TO, regions(file, false))
                .append(FILE, CaseFileCodec.toDocument(file));
    }

    /** The county, town and village codes of every transfer's origin (or destination), each once, in order. */
    private static List<String> regions(CaseFile file, boolean origin) {
        Set<String> codes = new LinkedHashSet<>();
        for (CaseFile.Transfer transfer : file.transfers()) {
            if (origin) {
                codes.addAll(List.of(transfer.fromCountyCode(), transfer.fromTownCode(), transfer.fromVillageCode()));
            } else {
                codes.addAll(List.of(transfer.toCountyCode(), transfer.toTownCode(), transfer.toVillageCode()));
            }
        }
        return new ArrayList<>(codes);
    }

    static CaseFile file(Document document) {
        return CaseFileCodec.fromDocument(document.get(FILE, Document.class));
    }
}
