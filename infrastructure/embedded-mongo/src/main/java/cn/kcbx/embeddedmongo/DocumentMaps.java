package cn.kcbx.embeddedmongo;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The data maps, one per collection, holding its documents by id: named {@code documents:<database>.<collection>},
 * keyed by {@link DocumentIdType}, valued by {@link DocumentType}. mongo-java-server's own data maps
 * ({@code databases.<database>.<collection>}) hold Java-serialized documents; a file that has them is moved into maps
 * of this form when the store opens ({@link #moveStockMaps}), so a map is never read in a form it was not written in.
 * A colon cannot occur in a database's name, so no other map's name starts like a data map's.
 */
final class DocumentMaps {

    static final String PREFIX = "documents:";
    /** mongo-java-server's names for its data maps, with the stock key and value types. */
    static final String STOCK_PREFIX = "databases.";

    /** Documents moved between two commits of {@link #moveStockMaps}: bounds what waits in memory for the disk. */
    private static final int DOCUMENTS_PER_COMMIT = 10_000;

    private static final Logger log = LoggerFactory.getLogger(DocumentMaps.class);

    private DocumentMaps() {
    }

    static String name(String collectionFullName) {
        return PREFIX + collectionFullName;
    }

    static MVMap<Object, Document> open(MVStore store, String collectionFullName) {
        return store.openMap(name(collectionFullName),
                             new MVMap.Builder<Object, Document>().keyType(new DocumentIdType())
                                                                  .valueType(new DocumentType()));
    }

    /** The full names ({@code database.collection}) of the collections that have a data map. */
    static List<String> collections(MVStore store) {
        List<String> collections = new ArrayList<>();
        for (String name : store.getMapNames()) {
            if (name.startsWith(PREFIX)) {
                collections.add(name.substring(PREFIX.length()));
            }
        }
        return collections;
    }

    static void remove(MVStore store, String collectionFullName) {
        if (store.hasMap(name(collectionFullName))) {
            store.removeMap(name(collectionFullName));
        }
    }

    /**
     * Removes a stock data map that holds nothing: mongo-java-server's rename and drop open (so create) one under the
     * collection's name.
     */
    static void removeEmptyStockMap(MVStore store, String collectionFullName) {
        String name = STOCK_PREFIX + collectionFullName;
        if (store.hasMap(name) && store.openMap(name).isEmpty()) {
            store.removeMap(name);
        }
    }

    static boolean hasStockMaps(MVStore store) {
        return store.getMapNames().stream().anyMatch(name -> name.startsWith(STOCK_PREFIX));
    }

    /**
     * Moves the documents of every stock data map into the collection's data map and removes the stock map, before
     * the store answers anything. While a stock map exists it holds the collection's documents: a move cut short by
     * a crash (the commits in between keep memory bounded) leaves it in place, and the next start copies it again
     * into an emptied data map. The keys stay what they were, so the indexes' positions still find the documents.
     *
     * @return how many documents were moved
     */
    static long moveStockMaps(MVStore store) {
        long moved = 0;
        for (String name : List.copyOf(store.getMapNames())) {
            if (!name.startsWith(STOCK_PREFIX)) {
                continue;
            }
            String collection = name.substring(STOCK_PREFIX.length());
            MVMap<Object, Document> stock = store.openMap(name);
            MVMap<Object, Document> documents = open(store, collection);
            if (!stock.isEmpty()) {
                documents.clear();
                Cursor<Object, Document> cursor = stock.cursor(null);
                while (cursor.hasNext()) {
                    Object id = cursor.next();
                    documents.put(id, cursor.getValue());
                    if (++moved % DOCUMENTS_PER_COMMIT == 0) {
                        store.commit();
                    }
                }
                log.info("Embedded store: {} documents of {} moved into their own form", documents.size(), collection);
            }
            store.removeMap(stock);
            store.commit();
        }
        store.sync();
        return moved;
    }
}
