package cn.kcbx.query.casefile;

import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a stored file on one day differs from the file on the next day it changed, field by field: what turns the later
 * document back into the earlier one. A case's days mostly differ in a status, a date or a count, and in lists that
 * grew (visits, steps, sessions): a list the earlier day holds the beginning of is kept as its length, so a case's
 * every day costs little more than its latest file.
 *
 * <p>Each change is a document: {@code {v: value}} (the earlier value), {@code {p: n}} (the first n elements of the
 * later list) or {@code {a: true}} (absent on the earlier day).
 */
final class DayChanges {

    private static final String VALUE = "v";
    private static final String PREFIX = "p";
    private static final String ABSENT = "a";

    private DayChanges() {
    }

    /** The changes that turn {@code later} into {@code earlier}; empty when they are equal. */
    static Document between(Document earlier, Document later) {
        Set<String> fields = new LinkedHashSet<>(later.keySet());
        fields.addAll(earlier.keySet());
        Document changes = new Document();
        for (String field : fields) {
            Object before = earlier.get(field);
            Object after = later.get(field);
            if (!earlier.containsKey(field)) {
                changes.put(field, new Document(ABSENT, true));
            } else if (later.containsKey(field) && Objects.equals(before, after)) {
                continue;
            } else if (before instanceof List<?> beginning && after instanceof List<?> list
                    && beginning.size() <= list.size() && list.subList(0, beginning.size()).equals(beginning)) {
                changes.put(field, new Document(PREFIX, beginning.size()));
            } else {
                changes.put(field, new Document(VALUE, before));
            }
        }
        return changes;
    }

    /** The earlier document: {@code later} with {@code changes} applied. */
    static Document undo(Document later, Document changes) {
        Document earlier = new Document(later);
        for (String field : changes.keySet()) {
            Document change = changes.get(field, Document.class);
            if (change.containsKey(ABSENT)) {
                earlier.remove(field);
            } else if (change.containsKey(PREFIX)) {
                List<?> list = (List<?>) later.get(field);
                earlier.put(field, new ArrayList<>(list.subList(0, change.get(PREFIX, Number.class).intValue())));
            } else {
                earlier.put(field, change.get(VALUE));
            }
        }
        return earlier;
    }
}
