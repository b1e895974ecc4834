package cn.kcbx.query.timeline;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.privacy.PersonalDataSeal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The personal fields of a timeline entry (those of {@link PersonalFields}, already masked) are stored sealed with the
 * student's data key, each on its own, and opened when the timeline is read: so no name, helper or note of a case
 * is in the clear in {@code case_timeline}, and destroying the key erases every copy, also in a collection a rebuild
 * left behind. A field whose seal no longer opens reads as erased: absent, and a list empty.
 */
@Component
public class TimelinePersonalData {

    /** The personal fields of each event type, by the type's simple name as stored in the entry. */
    static final Map<String, List<String>> PERSONAL_PATHS = PersonalFields.OF_EVENTS.entrySet().stream()
            .collect(Collectors.toMap(e -> e.getKey().getSimpleName(), Map.Entry::getValue));

    private final PersonalDataSeal seal;
    private final ObjectMapper json = new ObjectMapper();

    public TimelinePersonalData(PersonalDataSeal seal) {
        this.seal = seal;
    }

    /** Seals the personal fields of a new entry's data in place (or drops them when the case was erased). */
    /** Loads the students' keys of these cases in two queries, before sealing their entries one by one. */
    void preloadCases(Collection<String> caseIds) {
        seal.preloadCases(caseIds);
    }

    void seal(String caseId, String type, Document data) {
        List<String> paths = PERSONAL_PATHS.getOrDefault(type, List.of());
        if (paths.stream().noneMatch(path -> value(data, path) != null)) {
            return;
        }
        switch (seal.keyState(caseId)) {
            case LIVE -> paths.forEach(path -> {
                Object value = value(data, path);
                if (value != null) {
                    set(data, path, seal.seal(caseId, purpose(path), json.valueToTree(value)));
                }
            });
            case DESTROYED -> paths.forEach(path -> blank(data, path));
            case NONE -> {
                // Registered before encryption existed: the events hold it in the clear, and so does the timeline.
            }
        }
    }

    /** Opens the sealed fields of stored entries in place; a field whose key was destroyed reads as erased. */
    public void open(List<Document> entries) {
        List<Object> sealed = new ArrayList<>();
        entries.forEach(entry -> forEachPath(entry, (data, path) -> sealed.add(value(data, path))));
        if (sealed.stream().noneMatch(PersonalDataSeal::isSealed)) {
            return;
        }
        seal.preload(sealed);
        entries.forEach(entry -> forEachPath(entry, (data, path) -> {
            Object value = value(data, path);
            if (PersonalDataSeal.isSealed(value)) {
                Optional<JsonNode> opened = seal.open((String) value, purpose(path));
                if (opened.isPresent()) {
                    set(data, path, json.convertValue(opened.get(), Object.class));
                } else {
                    blank(data, path);
                }
            }
        }));
    }

    /** Removes the personal fields of an entry's data, as a rebuild reads them once the key is destroyed. */
    static void blankAll(String type, Document data) {
        PERSONAL_PATHS.getOrDefault(type, List.of()).forEach(path -> blank(data, path));
    }

    private interface PathAction {
        void apply(Document data, String path);
    }

    private static void forEachPath(Document entry, PathAction action) {
        Document data = entry.get("data", Document.class);
        if (data != null) {
            PERSONAL_PATHS.getOrDefault(entry.getString("type"), List.of()).forEach(path -> action.apply(data, path));
        }
    }

    private static String purpose(String path) {
        return "case_timeline:" + path;
    }

    private static Document parent(Document data, String path) {
        String[] names = path.split("\\.");
        Document parent = data;
        for (int i = 0; i < names.length - 1 && parent != null; i++) {
            Object child = parent.get(names[i]);
            parent = child instanceof Document document ? document : null;
        }
        return parent;
    }

    private static String field(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static Object value(Document data, String path) {
        Document parent = parent(data, path);
        return parent == null ? null : parent.get(field(path));
    }

    private static void set(Document data, String path, Object value) {
        Document parent = parent(data, path);
        if (parent != null) {
            parent.put(field(path), value);
        }
    }

    private static void blank(Document data, String path) {
        Document parent = parent(data, path);
        if (parent == null) {
            return;
        }
        String field = field(path);
        if (parent.get(field) instanceof List || LIST_FIELDS.contains(field)) {
            parent.put(field, List.of());
        } else {
            parent.remove(field);
        }
    }

    /** Personal fields that are lists: erased, they read as empty, as the kernel's records make them. */
    private static final Set<String> LIST_FIELDS = Set.of("otherParticipants", "teachers", "evidence");
}
