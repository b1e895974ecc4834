package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import static de.bwaldvogel.mongo.backend.Constants.ID_FIELD;

/**
 * The H2 database of mongo-java-server with four changes. Its documents are written in a compact binary form instead of
 * Java serialization ({@link DocumentMaps}). Its unique indexes order their keys without serializing them
 * ({@link UniqueIndexMap}). Non-unique indexes, which mongo-java-server ignores, are kept and narrow the queries that
 * bind their leading fields by equality ({@link SecondaryIndexMap}). And an insert never overwrites a document. The stock collection
 * puts the new document into its data map and only then notices that the key was taken, so a data map that holds a
 * key its {@code _id} index lacks (which the old auto-commit could leave on disk) lost the old document and answered
 * an unknown error. Here the put is conditional and the answer is a duplicate-key error (code 11000).
 */
final class InsertOnceH2Database extends H2Database {

    /** The name of a collection's meta map, as mongo-java-server's H2 backend names it (its constant is not public). */
    static final String META_PREFIX = "meta.";
    /** The collStats field that counts the documents a collection's queries have read since the store started. */
    static final String DOCUMENTS_EXAMINED = "kcbxDocumentsExamined";

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
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        if (!SecondaryIndexMap.supports(keys)) {
            return super.openOrCreateSecondaryIndex(collectionName, indexName, keys, sparse);
        }
        return SecondaryIndexMap.open(store(), getFullCollectionNamespace(collectionName), indexName, keys, sparse,
                                      ID_FIELD);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        MVStore store = store();
        for (String entries : List.of(UniqueIndexMap.mapName(collection.getFullName(), indexName),
                                      SecondaryIndexMap.mapName(collection.getFullName(), indexName))) {
            if (store.hasMap(entries)) {
                store.removeMap(entries);
            }
        }
    }

    /**
     * Renames the collection's maps with it. The stock rename reads the collection's name after renaming it, so it
     * renames no map: the documents stayed under the old name, where the next collection of that name found them.
     * It also opens (so creates) a stock data map under the new name, which is removed again.
     */
    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        String oldFullName = collection.getFullName();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        MVStore store = store();
        String newFullName = getFullCollectionNamespace(newCollectionName);
        DocumentMaps.removeEmptyStockMap(store, newFullName);
        for (String name : List.copyOf(store.getMapNames())) {
            String renamed = null;
            if (name.equals(DocumentMaps.name(oldFullName))) {
                renamed = DocumentMaps.name(newFullName);
            } else if (name.equals(META_PREFIX + oldFullName)) {
                renamed = META_PREFIX + newFullName;
            } else if (name.startsWith(oldFullName + ".")
                       && (name.contains(UniqueIndexMap.KEYS) || SecondaryIndexMap.isMapOf(name, oldFullName))) {
                renamed = newFullName + name.substring(oldFullName.length());
            }
            if (renamed != null && !renamed.equals(name)) {
                if (store.hasMap(renamed)) {
                    store.removeMap(renamed);
                }
                MVMap<?, ?> map = name.startsWith(DocumentMaps.PREFIX) ? DocumentMaps.open(store, oldFullName)
                        : store.openMap(name);
                store.renameMap(map, renamed);
            }
        }
    }

    /** Removes the collection's data map too (the stock drop removes its own, which this database does not use). */
    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        DocumentMaps.remove(store(), getFullCollectionNamespace(collectionName));
    }

    /** Removes every data map of the database, those of collections it no longer lists included (as the stock drop). */
    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        MVStore store = store();
        for (String collection : DocumentMaps.collections(store)) {
            if (collection.startsWith(getDatabaseName() + ".")) {
                DocumentMaps.remove(store, collection);
            }
        }
    }

    private MVStore store() {
        return this.store != null ? this.store : CONSTRUCTING.get();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore store = store();
        String fullName = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = DocumentMaps.open(store, fullName);
        MVMap<String, Object> metaMap = store.openMap(META_PREFIX + fullName);
        return new InsertOnceH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    private static final class InsertOnceH2Collection extends H2Collection {

        private final MVMap<Object, Document> dataMap;
        /** Documents read by queries, updates and deletes (reported by collStats): shows which queries scan. */
        private final LongAdder documentsExamined = new LongAdder();

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

        /**
         * mongo-java-server's choice of index, plus prefixes: a unique index that can answer the query alone, else the
         * secondary index or unique index (not sparse) that binds the most leading fields by equality, unless it leaves
         * more than half of the documents, else a scan. The candidates
         * of a secondary index are read in the order of the documents' keys (the scan's order), so the answer is the
         * scan's answer, order, skip and limit included.
         */
        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            Index<Object> best = null;
            int bestFields = 0;
            for (Index<Object> index : getIndexes()) {
                if (index.isUnique() && index.canHandle(query)) {
                    return matchDocuments(query, index.getPositions(query), orderBy, numberToSkip, limit, batchSize,
                                          fieldSelector);
                }
                int fields = index instanceof SecondaryIndexMap secondary ? secondary.boundFields(query)
                        : index instanceof UniqueIndexMap unique ? unique.boundFields(query) : 0;
                if (fields > bestFields) {
                    best = index;
                    bestFields = fields;
                }
            }
            if (best == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            List<Object> positions = new ArrayList<>();
            (best instanceof UniqueIndexMap unique ? unique.prefixPositions(query) : best.getPositions(query))
                    .forEach(positions::add);
            if (positions.size() * 2L > dataMap.sizeAsLong()) {
                // Most of the collection: reading it in order is cheaper than looking up each document by key.
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            Comparator<Object> order = dataMap.getKeyType()::compare;
            positions.sort(isNaturalDescending(orderBy) ? order.reversed() : order);
            Stream<Document> candidates = positions.stream().map(this::getDocument).filter(Objects::nonNull);
            return matchDocumentsFromStream(candidates, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Stream<Document> documentStream, Document query,
                                                       Document orderBy, int numberToSkip, int limit, int batchSize,
                                                       Document fieldSelector) {
            return super.matchDocumentsFromStream(documentStream.peek(document -> documentsExamined.increment()),
                                                  query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /**
         * The documents a query answers, as copies. mongo-java-server updates a stored document by changing the very
         * object its data map holds, and a query's answer held those objects until the client had read its last batch:
         * a document an update changed meanwhile reached the client with the new values, whether or not they matched
         * the query any more (two passes of "find what is not moved yet, move it if unchanged" both moved the same
         * key). Copied here, under the collection's lock, an answer shows each document as it matched.
         */
        @Override
        protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
            List<Document> copies = new ArrayList<>(matchedDocuments.size());
            for (Document document : matchedDocuments) {
                copies.add(document.cloneDeeply());
            }
            return super.createQueryResult(copies, batchSize);
        }

        @Override
        public Document getStats() {
            return super.getStats().append(DOCUMENTS_EXAMINED, documentsExamined.sum());
        }
    }
}
