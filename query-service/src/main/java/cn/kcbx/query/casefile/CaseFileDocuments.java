package cn.kcbx.query.casefile;

import cn.kcbx.privacy.PersonalDataSeal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stored shape shared by {@code case_ledger} and {@code case_history}: the fields a read filters on, at the top
 * level where indexes reach them, and the whole {@link CaseFile} under {@code file}, except its personal data.
 *
 * <p>The personal data of a file (the student's name, masked numbers, sex, birth date, disability, the 三帮一 helpers,
 * the home teachers, transfer notes) is kept only sealed with the student's data key, under {@code personal}, and
 * opened when the file is read. Destroying the key (erasure) thus makes every stored copy unreadable, also in a
 * collection a rebuild switched away from and in old chunks of the store's file; a file whose seal no longer opens
 * reads as erased. The seal is deterministic, so a rebuild still writes exactly the documents live processing wrote.
 * A case registered before encryption existed has no key, and its file stays as its events are: in the clear.
 */
@Component
public class CaseFileDocuments {

    static final String CASE_ID = "caseId";
    static final String SEQUENCE = "sequence";
    static final String COUNTY = "countyCode";
    static final String TOWN = "townCode";
    static final String VILLAGE = "villageCode";
    static final String STATUS = "status";
    static final String FILE = "file";
    /** The sealed personal data of the file. */
    static final String PERSONAL = "personal";
    /** Every county, town and village a case was transferred out of, and into: what the transfer lists look up. */
    static final String TRANSFERRED_FROM = "transferredFrom";
    static final String TRANSFERRED_TO = "transferredTo";

    /** Bound into each seal: a sealed file's personal data cannot be moved elsewhere and opened there. */
    private static final String PURPOSE = "case_file";
    /** The personal fields of a {@link CaseFile} at its top level, moved whole into the seal. */
    private static final List<String> PERSONAL_FIELDS = List.of("studentName", "idNumber", "studentNumber", "sex",
                                                                "birthDate", "disabilityCategory",
                                                                "disabilityLevel");
    private static final String TRIO = "trio";
    private static final String TRANSFERS = "transfers";
    private static final String TRANSFER_NOTES = "transferNotes";
    private static final String HOME_TEACHING = "homeTeaching";
    private static final String HOME_TEACHERS = "homeTeachers";

    private final PersonalDataSeal seal;
    private final ObjectMapper json = new ObjectMapper();

    public CaseFileDocuments(PersonalDataSeal seal) {
        this.seal = seal;
    }

    Document document(Object id, CaseFile file) {
        CaseFile stored = file;
        PersonalDataSeal.KeyState keyState = file.personalDataErased() ? null : seal.keyState(file.caseId());
        if (keyState == PersonalDataSeal.KeyState.DESTROYED) {
            // Erased meanwhile: nothing personal of the case is written again.
            stored = CaseFile.erased(file);
        }
        Document fileDocument = CaseFileCodec.toDocument(stored);
        String personal = keyState == PersonalDataSeal.KeyState.LIVE ? sealPersonal(file.caseId(), fileDocument) : null;
        Document document = new Document("_id", id)
                .append(CASE_ID, stored.caseId())
                .append(SEQUENCE, stored.sequence())
                .append(COUNTY, stored.countyCode())
                .append(TOWN, stored.townCode())
                .append(VILLAGE, stored.villageCode())
                .append(STATUS, stored.status() == null ? null : stored.status().name())
                .append(TRANSFERRED_FROM, regions(stored, true))
                .append(TRANSFERRED_TO, regions(stored, false))
                .append(FILE, fileDocument);
        if (personal != null) {
            document.append(PERSONAL, personal);
        }
        return document;
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

    /** Moves the personal data out of {@code fileDocument} into a seal; null when there is none. */
    private String sealPersonal(String caseId, Document fileDocument) {
        Map<String, Object> personal = extractPersonal(fileDocument);
        return personal.isEmpty() ? null : seal.seal(caseId, PURPOSE, json.valueToTree(personal));
    }

    /** Moves the personal data out of {@code fileDocument}: what a seal must hold (empty when there is none). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> extractPersonal(Document fileDocument) {
        Map<String, Object> personal = new LinkedHashMap<>();
        for (String field : PERSONAL_FIELDS) {
            Object value = fileDocument.remove(field);
            if (value != null) {
                personal.put(field, value);
            }
        }
        if (fileDocument.get(TRIO) instanceof Map<?, ?> trio && !trio.isEmpty()) {
            // Which roles are filled stays readable (reports count cases without helpers); who they are does not.
            personal.put(TRIO, new LinkedHashMap<>(trio));
            Map<String, Object> roles = new LinkedHashMap<>();
            trio.keySet().forEach(role -> roles.put(String.valueOf(role), new Document()));
            fileDocument.put(TRIO, roles);
        }
        if (fileDocument.get(TRANSFERS) instanceof List<?> transfers && !transfers.isEmpty()) {
            List<Object> notes = new ArrayList<>();
            List<Object> withoutNotes = new ArrayList<>();
            for (Object transfer : transfers) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) transfer);
                notes.add(copy.put("note", null));
                withoutNotes.add(copy);
            }
            personal.put(TRANSFER_NOTES, notes);
            fileDocument.put(TRANSFERS, withoutNotes);
        }
        if (fileDocument.get(HOME_TEACHING) instanceof Map<?, ?> homeTeaching) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) homeTeaching);
            personal.put(HOME_TEACHERS, copy.put("teachers", List.of()));
            fileDocument.put(HOME_TEACHING, copy);
        }
        return personal;
    }

    /**
     * The stored form of {@code file} without its personal data (as {@link #document} keeps it under {@code file}),
     * and that personal data apart, to be sealed; none when the file is erased or its student's key is destroyed.
     */
    Split split(CaseFile file) {
        CaseFile stored = file;
        PersonalDataSeal.KeyState keyState = file.personalDataErased() ? null : seal.keyState(file.caseId());
        if (keyState == PersonalDataSeal.KeyState.DESTROYED) {
            stored = CaseFile.erased(file);
        }
        Document fileDocument = CaseFileCodec.toDocument(stored);
        // Without a live key the data stays as document() keeps it: in the clear (a case older than encryption).
        Map<String, Object> personal = keyState == PersonalDataSeal.KeyState.LIVE ? extractPersonal(fileDocument)
                : Map.of();
        return new Split(fileDocument, personal);
    }

    record Split(Document withoutPersonal, Map<String, Object> personal) {
    }

    /** Loads the students' keys of these cases in two queries (a rebuild seals thousands of cases' files per batch). */
    void preloadCases(Collection<String> caseIds) {
        seal.preloadCases(caseIds);
    }

    /** True once the case's personal data was erased by destroying its student's key. */
    boolean keyDestroyed(String caseId) {
        return seal.keyState(caseId) == PersonalDataSeal.KeyState.DESTROYED;
    }

    /** Seals any personal value of a case (a file's, or several days' of one). */
    String seal(String caseId, Object personal) {
        return seal.seal(caseId, PURPOSE, json.valueToTree(personal));
    }

    /** The value {@link #seal} sealed; empty when the student's key was destroyed. */
    Optional<JsonNode> open(String sealed) {
        return seal.open(sealed, PURPOSE);
    }

    /** Loads the students' keys of these sealed values in one query. */
    void preload(List<Object> sealedValues) {
        seal.preload(sealedValues);
    }

    /** A file from its stored form and its personal data (null: none, or erased). */
    @SuppressWarnings("unchecked")
    CaseFile file(Document withoutPersonal, JsonNode personal, boolean erased) {
        if (erased) {
            return CaseFile.erased(CaseFileCodec.fromDocument(withoutPersonal));
        }
        if (personal == null || personal.isNull() || personal.isEmpty()) {
            return CaseFileCodec.fromDocument(withoutPersonal);
        }
        return CaseFileCodec.fromDocument(merged(withoutPersonal, json.convertValue(personal, Map.class)));
    }

    CaseFile file(Document document) {
        Document fileDocument = document.get(FILE, Document.class);
        String sealed = document.getString(PERSONAL);
        if (sealed == null) {
            return CaseFileCodec.fromDocument(fileDocument);
        }
        Optional<JsonNode> personal = seal.open(sealed, PURPOSE);
        if (personal.isEmpty()) {
            // The student's key was destroyed: what is left is an erased file.
            return CaseFile.erased(CaseFileCodec.fromDocument(fileDocument));
        }
        return CaseFileCodec.fromDocument(merged(fileDocument, json.convertValue(personal.get(), Map.class)));
    }

    /** Reads many stored files, loading their students' keys in one query first. */
    List<CaseFile> files(List<Document> documents) {
        seal.preload(documents.stream().map(document -> document.get(PERSONAL)).toList());
        List<CaseFile> files = new ArrayList<>(documents.size());
        documents.forEach(document -> files.add(file(document)));
        return files;
    }

    @SuppressWarnings("unchecked")
    private static Document merged(Document fileDocument, Map<String, Object> personal) {
        Document merged = new Document(fileDocument);
        for (String field : PERSONAL_FIELDS) {
            if (personal.containsKey(field)) {
                merged.put(field, personal.get(field));
            }
        }
        if (personal.get(TRIO) instanceof Map<?, ?> trio) {
            merged.put(TRIO, trio);
        }
        if (personal.get(TRANSFER_NOTES) instanceof List<?> notes && merged.get(TRANSFERS) instanceof List<?> list) {
            List<Object> transfers = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) list.get(i));
                copy.put("note", i < notes.size() ? notes.get(i) : null);
                transfers.add(copy);
            }
            merged.put(TRANSFERS, transfers);
        }
        if (personal.containsKey(HOME_TEACHERS) && merged.get(HOME_TEACHING) instanceof Map<?, ?> homeTeaching) {
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) homeTeaching);
            copy.put("teachers", personal.get(HOME_TEACHERS));
            merged.put(HOME_TEACHING, copy);
        }
        return merged;
    }
}
