package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * A non-unique index (mongo-java-server keeps none: it logs "not yet implemented" and scans every document). Its map's
 * keys are (value of the first field, ..., value of the last field, position of the document), ordered by
 * {@link IndexKeyType}, so they are unique by construction and equality on a leading prefix of the fields is a range of
 * the map. An array contributes one key per element (multikey, as MongoDB), a missing field, an empty array and a path
 * through a scalar index as null; nested arrays are flattened. Every value a query's equality could match in a
 * document is among that document's keys, so the index only narrows the candidates: the query's full filter is still
 * applied to each of them ({@link InsertOnceH2Database}), and a query it cannot narrow scans the collection as before.
 *
 * <p>The map lives in the same MVStore as the documents and is written by the same operations, so the group commit
 * stores both at the same commit; after a shutdown that was not clean {@link IndexRepair} verifies it and rebuilds it
 * from the documents if they disagree.
 */
final class SecondaryIndexMap extends Index<Object> {

    private static final String ENTRIES = "._entries_";
    /** The most prefixes one query may look up (the product of its {@code $in} lists over the index's fields). */
    private static final int MAX_PREFIXES = 1024;

    private final MVMap<KeyValue, Boolean> entries;
    private final List<List<String>> paths;
    private final String idField;

    private SecondaryIndexMap(MVMap<KeyValue, Boolean> entries, String name, List<IndexKey> keys, boolean sparse,
                              String idField) {
        super(name, keys, sparse);
        this.entries = entries;
        this.paths = keys.stream().map(key -> List.of(key.getKey().split("\\.", -1))).toList();
        this.idField = idField;
    }

    /**
     * Whether fields like these can be indexed here: paths of plain field names (a path with an array position such
     * as {@code a.0.b}, or an empty segment, is matched by rules this index does not follow, so it keeps no entries).
     */
    static boolean supports(List<IndexKey> keys) {
        return keys.stream()
                   .flatMap(key -> List.of(key.getKey().split("\\.", -1)).stream())
                   .noneMatch(segment -> segment.isEmpty() || segment.startsWith("$") || segment.chars().allMatch(Character::isDigit));
    }

    static SecondaryIndexMap open(MVStore store, String collectionFullName, String indexName, List<IndexKey> keys,
                                  boolean sparse, String idField) {
        return new SecondaryIndexMap(entries(store, collectionFullName, indexName), indexName, keys, sparse, idField);
    }

    static MVMap<KeyValue, Boolean> entries(MVStore store, String collectionFullName, String indexName) {
        return store.openMap(mapName(collectionFullName, indexName),
                             new MVMap.Builder<KeyValue, Boolean>().keyType(new IndexKeyType()));
    }

    static String mapName(String collectionFullName, String indexName) {
        return collectionFullName + ENTRIES + indexName;
    }

    static boolean isMapOf(String mapName, String collectionFullName) {
        return mapName.startsWith(collectionFullName + ENTRIES);
    }

    // --- keys of a document ---

    /** The index's keys of a document, without its position. */
    Set<KeyValue> keysOf(Document document) {
        List<List<Object>> valuesPerField = new ArrayList<>(paths.size());
        for (List<String> path : paths) {
            Set<Object> values = new LinkedHashSet<>();
            collect(document, path, 0, values);
            valuesPerField.add(new ArrayList<>(values));
        }
        Set<KeyValue> keys = new LinkedHashSet<>();
        product(valuesPerField, 0, new ArrayList<>(), keys);
        return keys;
    }

    /** Every combination of one value per field, in the order of the fields. */
    private static void product(List<List<Object>> valuesPerField, int field, List<Object> prefix,
                                Collection<KeyValue> keys) {
        if (field == valuesPerField.size()) {
            keys.add(new KeyValue(new ArrayList<>(prefix)));
            return;
        }
        for (Object value : valuesPerField.get(field)) {
            prefix.add(value);
            product(valuesPerField, field + 1, prefix, keys);
            prefix.remove(prefix.size() - 1);
        }
    }

    /** The values a query's equality on the path could match in {@code value}, as the query matcher walks it. */
    private static void collect(Object value, List<String> path, int depth, Set<Object> values) {
        if (depth == path.size()) {
            leaves(value, values);
        } else if (value instanceof Document document) {
            collect(document.getOrMissing(path.get(depth)), path, depth + 1, values);
        } else if (value instanceof Collection<?> elements) {
            if (elements.isEmpty()) {
                values.add(null);
            }
            for (Object element : elements) {
                collect(element, path, depth, values);
            }
        } else {
            values.add(null); // the path runs through a scalar, null or nothing: the field is missing
        }
    }

    private static void leaves(Object value, Set<Object> values) {
        if (value instanceof Collection<?> elements) {
            if (elements.isEmpty()) {
                values.add(null);
            }
            for (Object element : elements) {
                leaves(element, values);
            }
        } else {
            values.add(normalized(value));
        }
    }

    /** mongo-java-server's normalization (numbers as doubles, null for missing), as its matcher compares values. */
    private static Object normalized(Object value) {
        return new KeyValue(Missing.isNullOrMissing(value) ? null : value).normalized().get(0);
    }

    private Object positionOf(Document document) {
        return Missing.ofNullable(document.getOrMissing(idField));
    }

    private static KeyValue withPosition(KeyValue key, Object position) {
        List<Object> values = new ArrayList<>(key.size() + 1);
        key.forEach(values::add);
        values.add(position);
        return new KeyValue(values);
    }

    // --- maintenance ---

    @Override
    public Object getPosition(Document document) {
        return null; // positions are found by the unique indexes; this one has many documents per key
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // never refuses a document
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        for (KeyValue key : keysOf(document)) {
            entries.put(withPosition(key, position), Boolean.TRUE);
        }
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = positionOf(document);
        for (KeyValue key : keysOf(document)) {
            entries.remove(withPosition(key, position));
        }
        return position;
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // never refuses a document
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                           MongoCollection<Object> collection) {
        Set<KeyValue> before = keysOf(oldDocument);
        Set<KeyValue> after = keysOf(newDocument);
        for (KeyValue key : before) {
            if (!after.contains(key)) {
                entries.remove(withPosition(key, position));
            }
        }
        for (KeyValue key : after) {
            if (!before.contains(key)) {
                entries.put(withPosition(key, position), Boolean.TRUE);
            }
        }
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void drop() {
        // the database removes the map
    }

    /**
     * Checks the map against the documents (every key of every document present, and nothing else); if they disagree,
     * empties it and indexes the documents again. Answers how many documents were indexed again (0 when they agreed).
     */
    synchronized long verifyOrRebuild(Iterable<Map.Entry<Object, Document>> documents) {
        long expected = 0;
        boolean agrees = true;
        for (Map.Entry<Object, Document> document : documents) {
            for (KeyValue key : keysOf(document.getValue())) {
                expected++;
                if (agrees && !entries.containsKey(withPosition(key, document.getKey()))) {
                    agrees = false;
                }
            }
        }
        if (agrees && expected == entries.sizeAsLong()) {
            return 0;
        }
        entries.clear();
        long indexed = 0;
        for (Map.Entry<Object, Document> document : documents) {
            add(document.getValue(), document.getKey(), null);
            indexed++;
        }
        return indexed;
    }

    // --- queries ---

    /**
     * Never, to mongo-java-server's own choice of index, which would read the candidates in this index's order: the
     * collection asks {@link #boundFields} and reads them in its documents' order ({@link InsertOnceH2Database}).
     */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    /** How many leading fields of the index a query binds by equality: the better index binds more; 0 if none. */
    int boundFields(Document query) {
        List<List<Object>> plan = plan(query, getKeys());
        return plan == null ? 0 : plan.size();
    }

    /**
     * The positions of every document that can match the query (and maybe more), each once; in no particular order.
     */
    @Override
    public Iterable<Object> getPositions(Document query) {
        List<List<Object>> plan = plan(query, getKeys());
        if (plan == null) {
            throw new IllegalArgumentException("index " + getName() + " cannot narrow " + query);
        }
        return positions(entries, plan, (key, value) -> key.get(key.size() - 1));
    }

    /**
     * The positions under every prefix of the plan in a map ordered by {@link IndexKeyType}: a prefix sorts before
     * the longer keys that start with it, so each is a range from the prefix on.
     */
    static <V> Set<Object> positions(MVMap<KeyValue, V> map, List<List<Object>> plan,
                                     BiFunction<KeyValue, V, Object> position) {
        IndexKeyType order = new IndexKeyType();
        List<KeyValue> prefixes = new ArrayList<>();
        product(plan, 0, new ArrayList<>(), prefixes);
        Set<Object> positions = new LinkedHashSet<>();
        for (KeyValue prefix : prefixes) {
            Cursor<KeyValue, V> cursor = map.cursor(prefix);
            while (cursor.hasNext()) {
                KeyValue key = cursor.next();
                if (!startsWith(order, key, prefix)) {
                    break;
                }
                positions.add(position.apply(key, cursor.getValue()));
            }
        }
        return positions;
    }

    private static boolean startsWith(IndexKeyType order, KeyValue key, KeyValue prefix) {
        if (key.size() < prefix.size()) {
            return false;
        }
        List<Object> head = new ArrayList<>(prefix.size());
        for (int i = 0; i < prefix.size(); i++) {
            head.add(key.get(i));
        }
        return order.compare(new KeyValue(head), prefix) == 0;
    }

    /**
     * For the leading fields of an index that the query binds by equality, the values each may have (a field bound
     * twice, as in {@code $and: [{a: 1}, {a: 2}]}, keeps the shorter list: an array can hold both, so both lists
     * are necessary, and either narrows). Null if the first field is not bound.
     */
    static List<List<Object>> plan(Document query, List<IndexKey> keys) {
        Map<String, List<Object>> bound = new LinkedHashMap<>();
        bind(query, bound);
        List<List<Object>> plan = new ArrayList<>();
        long prefixes = 1;
        for (IndexKey key : keys) {
            List<Object> values = bound.get(key.getKey());
            if (values == null || prefixes * Math.max(1, values.size()) > MAX_PREFIXES) {
                break;
            }
            prefixes *= Math.max(1, values.size());
            plan.add(values);
        }
        return plan.isEmpty() ? null : plan;
    }

    /** The fields the query requires to equal one of some values (its top level and {@code $and}, not {@code $or}). */
    private static void bind(Document query, Map<String, List<Object>> bound) {
        for (Map.Entry<String, Object> condition : query.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("$and") && value instanceof Collection<?> clauses) {
                for (Object clause : clauses) {
                    if (clause instanceof Document document) {
                        bind(document, bound);
                    }
                }
            } else if (!field.startsWith("$")) {
                List<Object> values = equalities(value);
                if (values != null) {
                    bound.merge(field, values, (a, b) -> a.size() <= b.size() ? a : b);
                }
            }
        }
    }

    /** The values a field's condition requires it to equal, or null if it requires no equality this index can look up. */
    private static List<Object> equalities(Object condition) {
        if (isLookupValue(condition)) {
            return Collections.singletonList(normalized(condition));
        }
        if (!(condition instanceof Document operators) || BsonRegularExpression.isRegularExpression(condition)
                || operators.isEmpty() || !operators.keySet().stream().allMatch(key -> key.startsWith("$"))) {
            return null;
        }
        List<Object> values = null;
        if (operators.containsKey("$eq") && isLookupValue(operators.get("$eq"))) {
            values = Collections.singletonList(normalized(operators.get("$eq")));
        }
        if (operators.get("$in") instanceof Collection<?> in && in.stream().allMatch(SecondaryIndexMap::isLookupValue)
                && (values == null || in.size() < values.size())) {
            Set<Object> distinct = new LinkedHashSet<>();
            in.forEach(element -> distinct.add(normalized(element)));
            values = new ArrayList<>(distinct);
        }
        return values;
    }

    /**
     * Values whose equality the index answers exactly: those {@link IndexKeyType} orders by their own natural order,
     * consistent with the matcher's equality. Documents, arrays, regular expressions and rarer types are left to the
     * scan (their order in the key type need not agree with the matcher's equality).
     */
    private static boolean isLookupValue(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
               || value instanceof Double || value instanceof Boolean || value instanceof ObjectId
               || value instanceof Instant || value instanceof Date || value instanceof UUID;
    }
}
