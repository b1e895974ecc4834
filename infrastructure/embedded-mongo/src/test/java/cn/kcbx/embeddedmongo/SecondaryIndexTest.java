package cn.kcbx.embeddedmongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Non-unique indexes of the embedded store ({@link SecondaryIndexMap}): every query answers what a scan answers, in the
 * same order, over randomised documents with arrays, nulls and missing fields, after inserts, updates, upserts,
 * replacements and deletes, and after a restart; and a query that binds an index's leading field reads only its
 * candidates.
 */
class SecondaryIndexTest {

    private static final List<String> COUNTIES = List.of("c1", "c2", "c3", "c4");
    private static final List<String> TOWNS = List.of("t1", "t2", "t3", "t4", "t5", "t6");
    private static final List<String> STATUSES = List.of("OPEN", "RETURNED", "CLOSED");
    private static final List<String> SCHOOLS = List.of("s1", "s2", "s3", "s4", "s5");
    private static final List<String> DAYS = List.of("2026-09-01", "2026-09-15", "2026-10-01", "2026-11-01", "2026-12-01");

    @TempDir(factory = MemoryTempDir.class)
    Path directory;

    @Test
    void everyQueryShapeAnswersWhatAScanAnswersThroughChangesAndRestarts() {
        Path file = directory.resolve("store.mv.db");
        Random random = new Random(17);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> plain = database.getCollection("plain");
            // Half the documents before the indexes (built from the documents), half after (maintained).
            for (int i = 0; i < 300; i++) {
                Document document = randomDocument(random, i);
                indexed.insertOne(document);
                plain.insertOne(document);
            }
            createLedgerIndexes(indexed);
            for (int i = 300; i < 600; i++) {
                Document document = randomDocument(random, i);
                indexed.insertOne(document);
                plain.insertOne(document);
            }
            for (int round = 0; round < 6; round++) {
                change(random, 600 + round * 100, indexed, plain);
                assertSameAnswers(random, database);
            }
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            assertSameAnswers(random, database);
            change(random, 2000, database.getCollection("indexed"), database.getCollection("plain"));
            assertSameAnswers(random, database);
        }
    }

    @Test
    void aQueryOnAnIndexedFieldReadsOnlyItsCandidates() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(directory.resolve("store.mv.db"), "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            MongoCollection<Document> indexed = database.getCollection("indexed");
            MongoCollection<Document> plain = database.getCollection("plain");
            indexed.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
            indexed.createIndex(Indexes.ascending("townCode", "status"), new IndexOptions().name("town_status"));
            indexed.createIndex(Indexes.ascending("countyCodes"), new IndexOptions().name("countyCodes"));
            List<Document> documents = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                documents.add(new Document("_id", "case-" + i).append("countyCode", "c" + i % 10)
                                      .append("townCode", "t" + i % 20).append("status", i % 40 < 20 ? "OPEN" : "CLOSED")
                                      .append("countyCodes", List.of("c" + i % 10, "x" + i % 5)));
            }
            indexed.insertMany(documents);
            plain.insertMany(documents);

            assertExamined(database, "indexed", () -> indexed.find(eq("countyCode", "c3")).into(new ArrayList<>()), 100);
            assertExamined(database, "plain", () -> plain.find(eq("countyCode", "c3")).into(new ArrayList<>()), 1000);
            // Both fields of the compound index bound: only the 25 documents of town t7 with status OPEN.
            assertExamined(database, "indexed",
                           () -> indexed.find(and(eq("townCode", "t7"), eq("status", "OPEN"))).into(new ArrayList<>()),
                           25);
            // The leading field only: the 50 documents of town t7, filtered to 25.
            assertExamined(database, "indexed",
                           () -> indexed.find(and(eq("townCode", "t7"), gt("_id", ""))).into(new ArrayList<>()), 50);
            assertExamined(database, "indexed",
                           () -> indexed.find(in("countyCode", "c1", "c2")).into(new ArrayList<>()), 200);
            assertExamined(database, "indexed",
                           () -> indexed.find(eq("countyCodes", "x2")).into(new ArrayList<>()), 200);
            // Candidates for more than half of the collection: a scan reads them cheaper than lookups by key.
            assertExamined(database, "indexed",
                           () -> indexed.find(in("countyCode", "c1", "c2", "c3", "c4", "c5", "c6")).into(new ArrayList<>()),
                           1000);
            // Nothing binds an indexed field: a scan.
            assertExamined(database, "indexed", () -> indexed.find(eq("status", "OPEN")).into(new ArrayList<>()), 1000);
            assertExamined(database, "indexed",
                           () -> indexed.find(or(eq("countyCode", "c1"), eq("townCode", "t1"))).into(new ArrayList<>()),
                           1000);
            // A unique compound index narrows by its leading field, and _id by itself amid other conditions.
            indexed.createIndex(Indexes.ascending("status", "_id"), new IndexOptions().unique(true));
            assertExamined(database, "indexed", () -> indexed.find(eq("status", "OPEN")).into(new ArrayList<>()), 500);
            assertExamined(database, "indexed",
                           () -> indexed.find(and(eq("_id", "case-7"), eq("status", "OPEN"))).into(new ArrayList<>()), 1);
            assertThat(indexed.find(eq("countyCode", "c3")).into(new ArrayList<>()))
                    .isEqualTo(plain.find(eq("countyCode", "c3")).into(new ArrayList<>()));
        }
    }

    @Test
    void anIndexRightAfterACleanRestartIsTrustedAndAfterAnUncleanOneCheckedAndRebuilt() {
        Path file = directory.resolve("store.mv.db");
        Random random = new Random(5);
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            createLedgerIndexes(database.getCollection("indexed"));
            for (int i = 0; i < 400; i++) {
                Document document = randomDocument(random, i);
                database.getCollection("indexed").insertOne(document);
                database.getCollection("plain").insertOne(document);
            }
        }
        long entries;
        // A map that disagrees with the documents, in a file whose last run did not end cleanly.
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open()) {
            MVMap<KeyValue, Boolean> county = SecondaryIndexMap.entries(raw, "kcbx.indexed", "county");
            entries = county.sizeAsLong();
            assertThat(entries).isEqualTo(400);
            List<KeyValue> keys = new ArrayList<>(county.keyList());
            for (int i = 0; i < keys.size(); i += 3) {
                county.remove(keys.get(i));
            }
            county.put(new KeyValue("c1", "case-none"), Boolean.TRUE);
            raw.<String, Long>openMap("kcbx.embedded-store").put("openSince", 1L);
            raw.commit();
        }
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            assertSameAnswers(random, database);
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().readOnly().open()) {
            assertThat(SecondaryIndexMap.entries(raw, "kcbx.indexed", "county").sizeAsLong()).isEqualTo(entries);
        }
    }

    @Test
    void droppedIndexesAndCollectionsLeaveNoEntriesBehind() {
        Path file = directory.resolve("store.mv.db");
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(file, "127.0.0.1", 0);
             MongoClient client = MongoClients.create(server.connectionString("kcbx"))) {
            MongoDatabase database = client.getDatabase("kcbx");
            MongoCollection<Document> ledger = database.getCollection("ledger");
            ledger.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
            ledger.createIndex(Indexes.ascending("townCode"), new IndexOptions().name("town"));
            for (int i = 0; i < 50; i++) {
                ledger.insertOne(new Document("_id", i).append("countyCode", "c" + i % 3).append("townCode", "t" + i % 4));
            }
            ledger.dropIndex("town");
            assertThat(ledger.countDocuments(eq("townCode", "t1"))).isEqualTo(13);
            assertThat(ledger.find(eq("townCode", "t1")).into(new ArrayList<>())).hasSize(13);

            ledger.drop();
            MongoCollection<Document> again = database.getCollection("ledger");
            again.insertOne(new Document("_id", 1).append("countyCode", "c9"));
            again.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
            assertThat(again.find(eq("countyCode", "c1")).into(new ArrayList<>())).isEmpty();
            assertThat(again.find(eq("countyCode", "c9")).into(new ArrayList<>())).hasSize(1);

            again.renameCollection(new com.mongodb.MongoNamespace("kcbx", "ledger_old"));
            MongoCollection<Document> fresh = database.getCollection("ledger");
            fresh.insertOne(new Document("_id", 2).append("countyCode", "c8"));
            fresh.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
            assertThat(fresh.find(eq("countyCode", "c9")).into(new ArrayList<>())).isEmpty();
            assertThat(fresh.find(eq("countyCode", "c8")).into(new ArrayList<>())).hasSize(1);
            assertThat(database.getCollection("ledger_old").find(eq("countyCode", "c9")).into(new ArrayList<>()))
                    .hasSize(1);
        }
        try (MVStore raw = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().readOnly().open()) {
            assertThat(raw.getMapNames()).noneMatch(name -> name.contains("._entries_town"));
            assertThat(SecondaryIndexMap.entries(raw, "kcbx.ledger", "county").sizeAsLong()).isEqualTo(1);
            assertThat(SecondaryIndexMap.entries(raw, "kcbx.ledger_old", "county").sizeAsLong()).isEqualTo(1);
        }
    }

    private static void assertExamined(MongoDatabase database, String collection, Runnable query, long expected) {
        long before = examined(database, collection);
        query.run();
        assertThat(examined(database, collection) - before).as("documents examined in %s", collection)
                                                          .isEqualTo(expected);
    }

    private static long examined(MongoDatabase database, String collection) {
        return database.runCommand(new Document("collStats", collection))
                       .get(InsertOnceH2Database.DOCUMENTS_EXAMINED, Number.class).longValue();
    }



    /** The indexes of the query service's case-file projections (CaseLedgerProjection, CaseByDateProjection, ...). */
    private static void createLedgerIndexes(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("townCode", "status"), new IndexOptions().name("town_status"));
        collection.createIndex(Indexes.ascending("countyCode"), new IndexOptions().name("county"));
        collection.createIndex(Indexes.ascending("villageCode"), new IndexOptions().name("village"));
        collection.createIndex(Indexes.ascending("file.schoolCodes"), new IndexOptions().name("schools"));
        collection.createIndex(Indexes.ascending("countyCodes"), new IndexOptions().name("countyCodes"));
        collection.createIndex(Indexes.ascending("countyCode", "from"), new IndexOptions().name("county_from"));
        collection.createIndex(Indexes.descending("level"), new IndexOptions().name("level"));
        collection.createIndex(Indexes.ascending("caseNo", "seq"), new IndexOptions().unique(true).name("case_seq"));
    }

    private static Document randomDocument(Random random, int id) {
        Document document = new Document("_id", "case-" + id).append("caseNo", "k" + id % 50).append("seq", id);
        maybePut(random, document, "countyCode", COUNTIES);
        maybePut(random, document, "townCode", TOWNS);
        maybePut(random, document, "villageCode", List.of("v1", "v2", "v3"));
        maybePut(random, document, "status", STATUSES);
        maybePut(random, document, "from", DAYS);
        maybePut(random, document, "until", DAYS);
        switch (random.nextInt(6)) {
            case 0 -> {
            }
            case 1 -> document.append("file", "not a document");
            case 2 -> document.append("file", new Document("name", "n" + id));
            default -> document.append("file", new Document("schoolCodes", randomList(random, SCHOOLS)));
        }
        switch (random.nextInt(5)) {
            case 0 -> {
            }
            case 1 -> document.append("countyCodes", pick(random, COUNTIES));
            default -> document.append("countyCodes", randomList(random, COUNTIES));
        }
        switch (random.nextInt(5)) {
            case 0 -> {
            }
            case 1 -> document.append("level", 2);
            case 2 -> document.append("level", 2L);
            case 3 -> document.append("level", 2.0);
            default -> document.append("level", random.nextInt(4));
        }
        return document;
    }

    /** A field that is missing, null, or one of the values. */
    private static void maybePut(Random random, Document document, String field, List<String> values) {
        int draw = random.nextInt(10);
        if (draw == 0) {
            return;
        }
        document.append(field, draw == 1 ? null : pick(random, values));
    }

    private static List<Object> randomList(Random random, List<String> values) {
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
            list.add(random.nextInt(8) == 0 ? null : pick(random, values));
        }
        if (random.nextInt(10) == 0) {
            list.add(new ArrayList<>(List.of(pick(random, values))));
        }
        return list;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** The same random changes to both collections. */
    private static void change(Random random, int firstNewId, MongoCollection<Document> indexed,
                               MongoCollection<Document> plain) {
        for (int i = 0; i < 60; i++) {
            String id = "case-" + random.nextInt(firstNewId);
            List<Runnable> changes = new ArrayList<>();
            Bson set = switch (random.nextInt(5)) {
                case 0 -> Updates.set("countyCode", random.nextBoolean() ? null : pick(random, COUNTIES));
                case 1 -> Updates.combine(Updates.set("townCode", pick(random, TOWNS)),
                                          Updates.set("status", pick(random, STATUSES)));
                case 2 -> Updates.set("file.schoolCodes", randomList(random, SCHOOLS));
                case 3 -> Updates.unset("countyCode");
                default -> Updates.set("countyCodes", randomList(random, COUNTIES));
            };
            // Upserts and replacements keep the unique (caseNo, seq) unique: only the indexed copy has the index.
            int seq = 1_000_000 + firstNewId * 100 + i;
            Document replacement = randomDocument(random, 0).append("seq", seq);
            replacement.remove("_id");
            String county = pick(random, COUNTIES);
            String town = pick(random, TOWNS);
            int kind = random.nextInt(6);
            for (MongoCollection<Document> collection : List.of(indexed, plain)) {
                changes.add(switch (kind) {
                    case 0 -> () -> collection.updateOne(eq("_id", id), set);
                    case 1 -> () -> collection.updateOne(eq("_id", id), Updates.combine(set, Updates.setOnInsert("seq", seq)),
                                                         new UpdateOptions().upsert(true));
                    case 2 -> () -> collection.replaceOne(eq("_id", id), replacement, new ReplaceOptions().upsert(true));
                    case 3 -> () -> collection.deleteOne(eq("_id", id));
                    case 4 -> () -> collection.updateMany(and(eq("countyCode", county), eq("status", "OPEN")),
                                                          Updates.set("status", "RETURNED"));
                    default -> () -> collection.deleteMany(and(eq("townCode", town),
                                                               eq("status", "CLOSED"), eq("countyCode", county)));
                });
            }
            List<String> outcomes = new ArrayList<>();
            for (Runnable change : changes) {
                try {
                    change.run();
                    outcomes.add("ok");
                } catch (MongoWriteException e) {
                    outcomes.add(e.getError().getMessage());
                }
            }
            assertThat(outcomes.get(0)).isEqualTo(outcomes.get(1));
        }
        for (int i = 0; i < 20; i++) {
            Document document = randomDocument(random, firstNewId + i);
            indexed.insertOne(document);
            plain.insertOne(document);
        }
    }

    private static void assertSameAnswers(Random random, MongoDatabase database) {
        MongoCollection<Document> indexed = database.getCollection("indexed");
        MongoCollection<Document> plain = database.getCollection("plain");
        assertThat(indexed.countDocuments()).isEqualTo(plain.countDocuments());
        long indexedBefore = examined(database, "indexed");
        long plainBefore = examined(database, "plain");
        List<Bson> queries = new ArrayList<>();
        for (String county : COUNTIES) {
            String day = pick(random, DAYS);
            queries.add(eq("countyCode", county));
            queries.add(new Document("countyCode", county));
            queries.add(and(eq("countyCode", county), lte("from", day)));
            queries.add(and(eq("countyCode", county), lte("from", day), or(eq("until", null), gt("until", day))));
            queries.add(new Document("countyCode", county).append("from", new Document("$lte", day))
                                                          .append("$or", List.of(new Document("until", null),
                                                                                 new Document("until", new Document("$gt", day)))));
            queries.add(eq("countyCodes", county));
            queries.add(and(eq("countyCodes", county), lte("from", day)));
        }
        for (String town : TOWNS) {
            queries.add(and(eq("townCode", town), eq("status", pick(random, STATUSES))));
            queries.add(and(eq("townCode", town), in("status", "OPEN", "RETURNED")));
            queries.add(eq("townCode", town));
            queries.add(and(eq("townCode", town), eq("status", null)));
        }
        for (String school : SCHOOLS) {
            queries.add(eq("file.schoolCodes", school));
            queries.add(and(eq("file.schoolCodes", school), eq("status", "OPEN")));
        }
        for (int caseNo = 0; caseNo < 50; caseNo += 7) {
            queries.add(eq("caseNo", "k" + caseNo));
            queries.add(and(eq("caseNo", "k" + caseNo), gt("seq", 100)));
            queries.add(and(eq("_id", "case-" + caseNo), eq("caseNo", "k" + caseNo)));
        }
        queries.add(eq("countyCode", null));
        queries.add(eq("file.schoolCodes", null));
        queries.add(eq("countyCodes", null));
        queries.add(in("countyCode", "c1", "c3", null));
        queries.add(in("countyCodes", "c2", "c4"));
        queries.add(in("villageCode", "v1", "v2"));
        queries.add(new Document("villageCode", new Document("$eq", "v3")));
        queries.add(and(eq("countyCode", "c1"), eq("countyCode", "c2")));
        queries.add(and(eq("countyCodes", "c1"), eq("countyCodes", "c2")));
        queries.add(new Document("$and", List.of(new Document("countyCode", new Document("$in", List.of("c1", "c2"))),
                                                 new Document("countyCode", new Document("$ne", "c2")))));
        queries.add(or(eq("countyCode", "c1"), eq("countyCode", null)));
        queries.add(eq("level", 2));
        queries.add(eq("level", 2L));
        queries.add(eq("level", 2.0));
        queries.add(in("level", 0, 1L, 3.0));
        queries.add(Filters.regex("countyCode", "c[12]"));
        queries.add(eq("countyCode", new Document("x", 1)));
        queries.add(eq("countyCodes", Arrays.asList("c1", "c2")));
        for (Bson query : queries) {
            assertThat(indexed.find(query).into(new ArrayList<>())).as("find %s", query)
                                                                   .isEqualTo(plain.find(query).into(new ArrayList<>()));
            assertThat(indexed.countDocuments(query)).as("count %s", query).isEqualTo(plain.countDocuments(query));
        }
        // Most of the shapes above are narrowed by an index (the rest, and the counts, scan both collections).
        assertThat(examined(database, "indexed") - indexedBefore)
                .isLessThan((examined(database, "plain") - plainBefore) * 2 / 3);
        Bson query = eq("countyCode", "c2");
        assertThat(indexed.find(query).skip(3).limit(5).into(new ArrayList<>()))
                .isEqualTo(plain.find(query).skip(3).limit(5).into(new ArrayList<>()));
        assertThat(indexed.find(query).sort(Sorts.descending("from", "_id")).limit(7).into(new ArrayList<>()))
                .isEqualTo(plain.find(query).sort(Sorts.descending("from", "_id")).limit(7).into(new ArrayList<>()));
        assertThat(indexed.find(query).sort(new Document("$natural", -1)).into(new ArrayList<>()))
                .isEqualTo(plain.find(query).sort(new Document("$natural", -1)).into(new ArrayList<>()));
    }
}
