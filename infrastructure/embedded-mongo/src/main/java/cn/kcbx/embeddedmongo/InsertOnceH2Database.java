package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.UUID;

/**
 * The H2 database of mongo-java-server with two changes. Its unique indexes order their keys without serializing them
 * ({@link UniqueIndexMap}). And an insert never overwrites a document. The stock collection
 * puts the new document into its data map and only then notices that the key was taken, so a data map that holds a
 * key its {@code _id} index lacks (which the old auto-commit could leave on disk) lost the old document and answered
 * an unknown error. Here the put is conditional and the answer is a duplicate-key error (code 11000).
 */
final class InsertOnceH2Database extends H2Database {

    /** The map names of mongo-java-server's H2 backend (its own constants are not public). */
    static final String DATA_PREFIX = "databases.";
    static final String META_PREFIX = "meta.";

    /** The store, for the collections that the super constructor opens before this one's fields are set. */
    private static final ThreadLocal<MVStore> CONSTRUCTING = new ThreadLocal<>();

    private final MVStore store;

    InsertOnceH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, constructing(store), cursorRegistry);
        CONSTRUCTING.remove();
        this.store = store;
    }

    private static MVStore constructing(MVStore store) {
        CONSTRUCTING.set(store);
        return store;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        return UniqueIndexMap.open(store(), getFullCollectionNamespace(collectionName), indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        MVStore store = store();
        String entries = UniqueIndexMap.mapName(collection.getFullName(), indexName);
        if (store.hasMap(entries)) {
            store.removeMap(entries);
        }
    }

    private MVStore store() {
        return this.store != null ? this.store : CONSTRUCTING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore store = store();
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store.openMap(DATA_PREFIX + fullName);
        MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
        return new InsertOnceH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    private static final class InsertOnceH2Collection extends H2Collection {

        private final MVMap<Object, Document> dataMap;

        InsertOnceH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                               MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap,
                               CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
            this.dataMap = dataMap;
        }

        @Override
        protected Object addDocumentInternal(Document document) {
            Object key = getIdField() != null ? Utils.getSubdocumentValue(document, getIdField()) : UUID.randomUUID();
            Document previous = dataMap.putIfAbsent(Missing.ofNullable(key), document);
            if (previous != null) {
                throw new DuplicateKeyError(this, "_id_ dup key: { _id: " + key + " }");
            }
            return key;
        }
    }
}
