package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractMongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks, after a shutdown that was not clean, that every collection's unique indexes and its documents agree, and
 * repairs what they do not: an index entry whose document is gone is removed (a position that claims to exist but
 * cannot be read), a document missing from an index is added to it. A secondary index ({@link SecondaryIndexMap})
 * that disagrees with the documents in any way is rebuilt from them. Stores written by this product's group commit are
 * always consistent; older files, written by MVStore's auto-commit at arbitrary moments, may hold half an insert.
 */
final class IndexRepair {

    private static final Logger log = LoggerFactory.getLogger(IndexRepair.class);

    private final MVStore store;
    private final DurableH2Backend backend;

    IndexRepair(MVStore store, DurableH2Backend backend) {
        this.store = store;
        this.backend = backend;
    }

    /**
     * Whether the file still holds unique indexes in mongo-java-server's own key order: {@link #checkAndRepair()}
     * opens every collection, which indexes its documents again in this store's order ({@link UniqueIndexMap}), then
     * {@link #dropStockIndexes()} removes the old maps.
     */
    boolean hasStockIndexes() {
        return store.getMapNames().stream().anyMatch(name -> name.contains(UniqueIndexMap.STOCK_KEYS));
    }

    void dropStockIndexes() {
        for (String name : List.copyOf(store.getMapNames())) {
            if (name.contains(UniqueIndexMap.STOCK_KEYS)) {
                store.removeMap(name);
            }
        }
    }

    /** Checks every collection of every database; returns what was repaired (empty when all agreed). */
    List<String> checkAndRepair() {
        List<String> repairs = new ArrayList<>();
        for (String fullName : DocumentMaps.collections(store)) {
            int dot = fullName.indexOf('.');
            if (dot < 0) {
                continue;
            }
            MongoDatabase database = backend.resolveDatabase(fullName.substring(0, dot));
            MongoCollection<?> collection = database.resolveCollection(fullName.substring(dot + 1), false);
            if (collection instanceof AbstractMongoCollection<?> documents) {
                @SuppressWarnings("unchecked")
                AbstractMongoCollection<Object> typed = (AbstractMongoCollection<Object>) documents;
                repairs.addAll(check(fullName, typed, DocumentMaps.open(store, fullName)));
            }
        }
        return repairs;
    }

    private List<String> check(String fullName, AbstractMongoCollection<Object> collection,
                               MVMap<Object, Document> data) {
        List<String> repairs = new ArrayList<>();
        for (Index<Object> index : collection.getIndexes()) {
            if (index instanceof SecondaryIndexMap secondary) {
                long indexed = secondary.verifyOrRebuild(data.entrySet());
                if (indexed > 0) {
                    String repair = "%s index %s: disagreed with the documents, rebuilt from %d documents"
                            .formatted(fullName, index.getName(), indexed);
                    log.warn("Embedded store repair: {}", repair);
                    repairs.add(repair);
                }
                continue;
            }
            if (!index.isUnique()) {
                continue;
            }
            MVMap<KeyValue, Object> entries = UniqueIndexMap.entries(store, fullName, index.getName());
            int dangling = 0;
            for (Map.Entry<KeyValue, Object> entry : List.copyOf(entries.entrySet())) {
                if (!data.containsKey(entry.getValue())) {
                    entries.remove(entry.getKey());
                    dangling++;
                }
            }
            int missing = 0;
            int conflicting = 0;
            for (Map.Entry<Object, Document> document : data.entrySet()) {
                Object indexed = index.getPosition(document.getValue());
                if (indexed == null) {
                    index.add(document.getValue(), document.getKey(), collection);
                    missing += index.getPosition(document.getValue()) == null ? 0 : 1;
                } else if (!Objects.equals(indexed, document.getKey())) {
                    conflicting++;
                }
            }
            if (dangling + missing + conflicting > 0) {
                String repair = "%s index %s: %d entries without a document removed, %d documents indexed again, %d documents share a key with another (left as they are)"
                        .formatted(fullName, index.getName(), dangling, missing, conflicting);
                log.warn("Embedded store repair: {}", repair);
                repairs.add(repair);
            }
        }
        return repairs;
    }
}
