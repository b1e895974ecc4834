package cn.kcbx.embeddedmongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonRegularExpression;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.MinKey;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data maps' own form, and the move of a file written in mongo-java-server's stock form. */
class DocumentMapsTest {

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    /** Documents with every BSON type a client sends, and ids of several types. */
    private static List<Document> documents() {
        List<Document> documents = new ArrayList<>();
        for (long id = 1; id <= 30; id++) {
            documents.add(new Document("_id", id).append("streamKey", "case-" + id % 7).append("sequence", id)
                                                 .append("payload", "家访记录 " + "x".repeat((int) id * 10)));
        }
        documents.add(new Document("_id", "everything")
                              .append("streamKey", "case-x").append("sequence", 1L)
                              .append("int", 42).append("long", Long.MIN_VALUE).append("double", -0.5)
                              .append("decimal", new Decimal128(new BigDecimal("12345.6789")))
                              .append("bool", true).append("null", null)
                              .append("date", new Date(1_788_000_000_123L))
                              .append("objectId", new ObjectId("5f0c6e3a9d1b2c3d4e5f6071"))
                              .append("binary", new Binary(new byte[] {0, 1, 2, (byte) 0xFF}))
                              .append("uuid", new Binary(org.bson.BsonBinarySubType.UUID_STANDARD, new byte[16]))
                              .append("timestamp", new BsonTimestamp(1_788_000_000, 7))
                              .append("minKey", new MinKey()).append("maxKey", new MaxKey())
                              .append("regex", new BsonRegularExpression("^清.*镇$", "i"))
                              .append("code", new Code("function() { return 1; }"))
                              .append("nested", new Document("b", 1).append("a", List.of(1, "two", new Document("c", 3.0))))
                              .append("emptyList", List.of()).append("emptyDocument", new Document()));
        documents.add(new Document("_id", new ObjectId("5f0c6e3a9d1b2c3d4e5f6099")).append("streamKey", "case-y")
                                                                                   .append("sequence", 1L));
        documents.add(new Document("_id", new Document("compound", 1)).append("streamKey", "case-z")
                                                                       .append("sequence", 1L));
        return documents;
    }

    /** Writes the documents with mongo-java-server's own H2 backend, as the store did before decision 0016. */
    private static List<Document> writeWithTheStockBackend(Path file) {
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        InetSocketAddress address = stock.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
            events.createIndex(Indexes.ascending("streamKey", "sequence"), new IndexOptions().unique(true));
            events.insertMany(documents());
            client.getDatabase("kcbx").getCollection("generated").insertOne(new Document("v", 1));
            client.getDatabase("other").getCollection("things").insertOne(new Document("_id", 1).append("v", 2));
            return events.find().into(new ArrayList<>());
        } finally {
            stock.shutdownNow();
        }
    }

    @Test
    void aFileInTheStockFormOpensWithEveryDocumentAsItWas() {
        Path file = directory.resolve("store.mv.db");
        List<Document> before = writeWithTheStockBackend(file);
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            assertThat(raw.getMapNames()).contains("databases.kcbx.events");
        }

        for (int start = 0; start < 2; start++) { // moved at the first start, read in the new form at the second
            try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
                 MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
                MongoCollection<Document> events = client.getDatabase("kcbx").getCollection("events");
                assertThat(events.find().into(new ArrayList<>())).containsExactlyElementsOf(before);
                for (Document document : before) {
                    assertThat(events.find(eq("_id", document.get("_id"))).first()).isEqualTo(document);
                }
                assertThat(events.find(new Document("streamKey", "case-3").append("sequence", 10L)).first())
                        .isEqualTo(before.get(9));
                assertThatThrownBy(() -> events.insertOne(new Document("_id", 99L).append("streamKey", "case-3")
                                                                                   .append("sequence", 10L)))
                        .isInstanceOfSatisfying(MongoWriteException.class,
                                                e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
                assertThat(client.getDatabase("kcbx").getCollection("generated").find().first().get("v")).isEqualTo(1);
                assertThat(client.getDatabase("other").getCollection("things").find().first().get("v")).isEqualTo(2);
                assertThat(client.listDatabaseNames().into(new ArrayList<>())).contains("kcbx", "other");
            }
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            assertThat(raw.getMapNames()).noneMatch(name -> name.startsWith(DocumentMaps.STOCK_PREFIX))
                                         .noneMatch(name -> name.contains(UniqueIndexMap.STOCK_KEYS))
                                         .contains(DocumentMaps.name("kcbx.events"), DocumentMaps.name("other.things"));
            assertThat(DocumentMaps.open(raw, "kcbx.events").size()).isEqualTo(before.size());
        }
    }

    /**
     * A move cut short (some documents already in the new map, committed, the stock map still there) is done again
     * from the stock map at the next start: nothing is lost, nothing is doubled, nothing stale stays.
     */
    @Test
    void aMoveCutShortIsDoneAgain() {
        Path file = directory.resolve("store.mv.db");
        List<Document> before = writeWithTheStockBackend(file);
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> stock = raw.openMap("databases.kcbx.events");
            MVMap<Object, de.bwaldvogel.mongo.bson.Document> partial = DocumentMaps.open(raw, "kcbx.events");
            partial.put(stock.firstKey(), stock.get(stock.firstKey()));
            partial.put(1000L, new de.bwaldvogel.mongo.bson.Document("_id", 1000L).append("stale", true));
            raw.commit();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            assertThat(client.getDatabase("kcbx").getCollection("events").find().into(new ArrayList<>()))
                    .containsExactlyElementsOf(before);
        }
    }

    /**
     * Rename, drop and drop database on the new maps: the documents follow a renamed collection across a restart, and
     * nothing is left behind in either form.
     */
    @Test
    void renamedAndDroppedCollectionsTakeTheirDocumentsAlong() {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            database.getCollection("rebuild").insertMany(documents());
            database.getCollection("live").insertOne(new Document("_id", 1).append("old", true));
            database.getCollection("rebuild").renameCollection(new MongoNamespace("kcbx", "live"),
                                                               new com.mongodb.client.model.RenameCollectionOptions()
                                                                       .dropTarget(true));
            database.getCollection("gone").insertOne(new Document("_id", 1));
            database.getCollection("gone").drop();
            MongoDatabase scratch = client.getDatabase("scratch");
            scratch.getCollection("a").insertOne(new Document("_id", 1));
            scratch.drop();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            assertThat(database.getCollection("live").find().into(new ArrayList<>()))
                    .containsExactlyInAnyOrderElementsOf(documents()); // in the order of their ids, not of the inserts
            assertThat(database.listCollectionNames().into(new ArrayList<>())).containsExactly("live");
            assertThat(database.runCommand(new Document("collStats", "live")).get("count", Number.class).intValue())
                    .isEqualTo(documents().size());
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).readOnly().open()) {
            assertThat(raw.getMapNames()).noneMatch(name -> name.startsWith(DocumentMaps.STOCK_PREFIX))
                                         .noneMatch(name -> name.contains("scratch"))
                                         .noneMatch(name -> name.contains("kcbx.gone"))
                                         .noneMatch(name -> name.contains("kcbx.rebuild"));
            assertThat(DocumentMaps.collections(raw)).contains("kcbx.live");
        }
    }
}
