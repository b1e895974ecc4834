package cn.kcbx.faultharness;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

/**
 * Space: the embedded store's file against the data it holds. Reads every document of every collection as raw BSON
 * through the MongoDB driver (exact, and independent of what the embedded server's collStats supports) and counts
 * the events and the cases of the event store; the file's size is taken by the caller.
 */
final class SpaceProbe {

    record Data(long collections, long documents, long rawBytes, long commits, long events, long cases) {
    }

    /**
     * The store answers only connections that carry its access key as their application name (the case service's
     * {@code StoreAccess}): read from the key file it generated next to its data file.
     */
    static String storeUri(int mongoPort, Path dataDirectory) {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(dataDirectory.resolve("kcbx-store-access.key"),
                                                                     StandardCharsets.US_ASCII).strip());
            return "mongodb://127.0.0.1:" + mongoPort + "/?serverSelectionTimeoutMS=10000&appName=kcbx-store-"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the store's access key in " + dataDirectory, e);
        }
    }

    static Data measure(int mongoPort, Path dataDirectory) {
        try (MongoClient client = MongoClients.create(storeUri(mongoPort, dataDirectory))) {
            MongoDatabase database = client.getDatabase("kcbx");
            long collections = 0;
            long documents = 0;
            long bytes = 0;
            long commits = 0;
            long events = 0;
            Set<String> cases = new HashSet<>();
            for (String name : database.listCollectionNames()) {
                collections++;
                for (RawBsonDocument document : database.getCollection(name, RawBsonDocument.class).find()) {
                    documents++;
                    bytes += document.getByteBuffer().remaining();
                    if (name.equals("events") && !document.containsKey("tombstone")) {
                        commits++;
                        BsonValue list = document.get("events");
                        if (list != null && list.isArray()) {
                            events += list.asArray().size();
                        }
                        BsonValue aggregate = document.get("aggregateId");
                        if (aggregate != null && aggregate.isString()) {
                            cases.add(aggregate.asString().getValue());
                        }
                    }
                }
            }
            return new Data(collections, documents, bytes, commits, events, cases.size());
        }
    }

    /** The command side's number of cases (distinct aggregates in the event store). */
    static long caseCount(int mongoPort, Path dataDirectory) {
        return measure(mongoPort, dataDirectory).cases();
    }

    static long fileSize(Path dataDirectory) {
        try {
            return Files.size(dataDirectory.resolve("kcbx-mongo.mv.db"));
        } catch (IOException e) {
            return -1;
        }
    }

    static String dbStats(int mongoPort, Path dataDirectory) {
        try (MongoClient client = MongoClients.create(storeUri(mongoPort, dataDirectory))) {
            Document stats = client.getDatabase("kcbx").runCommand(new Document("dbStats", 1));
            return "dataSize=" + stats.get("dataSize") + " storageSize=" + stats.get("storageSize");
        } catch (RuntimeException e) {
            return "dbStats not available (" + e.getClass().getSimpleName() + ")";
        }
    }

    static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
