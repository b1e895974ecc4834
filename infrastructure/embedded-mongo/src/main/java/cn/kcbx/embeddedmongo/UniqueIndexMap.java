package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.Map;

/**
 * A unique index kept in an MVStore map whose keys are ordered by {@link IndexKeyType}: mongo-java-server's H2 unique
 * index, but for the key type. Its maps have names of their own ({@code ._keys_}), so a file whose indexes were
 * written in the stock order ({@code ._index_}) is never read in the new one: an index whose map is empty is filled
 * from the documents when its collection opens (mongo-java-server does that for every new index), and the stock maps
 * are removed ({@link IndexRepair#dropStockIndexes()}).
 */
final class UniqueIndexMap extends AbstractUniqueIndex<Object> {

    static final String KEYS = "._keys_";
    /** The maps of mongo-java-server's own unique indexes, in the stock key order. */
    static final String STOCK_KEYS = "._index_";

    private final MVMap<KeyValue, Object> entries;

    private UniqueIndexMap(MVMap<KeyValue, Object> entries, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.entries = entries;
    }

    static UniqueIndexMap open(MVStore store, String collectionFullName, String indexName, List<IndexKey> keys,
                               boolean sparse) {
        return new UniqueIndexMap(entries(store, collectionFullName, indexName), indexName, keys, sparse);
    }

    static MVMap<KeyValue, Object> entries(MVStore store, String collectionFullName, String indexName) {
        return store.openMap(mapName(collectionFullName, indexName),
                             new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
    }

    static String mapName(String collectionFullName, String indexName) {
        return collectionFullName + KEYS + indexName;
    }

    /**
     * How many leading fields a query binds by equality when this index may narrow it beyond the stock lookup of all
     * its fields (see {@link SecondaryIndexMap#plan}): only for an index that holds every document (not sparse) on
     * plain top-level fields, whose keys are then every value a query's equality could match; 0 otherwise.
     */
    int boundFields(Document query) {
        if (isSparse() || getKeys().stream().anyMatch(key -> key.getKey().contains(".") || key.getKey().startsWith("$"))) {
            return 0;
        }
        List<List<Object>> plan = SecondaryIndexMap.plan(query, getKeys());
        return plan == null ? 0 : plan.size();
    }

    /** The positions of the documents whose keys start with values the query binds (after {@link #boundFields}). */
    Iterable<Object> prefixPositions(Document query) {
        return SecondaryIndexMap.positions(entries, SecondaryIndexMap.plan(query, getKeys()), (key, position) -> position);
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return entries.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return entries.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return entries.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return entries.get(keyValue);
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
}
