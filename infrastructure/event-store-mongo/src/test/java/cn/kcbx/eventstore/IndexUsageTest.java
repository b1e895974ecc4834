package cn.kcbx.eventstore;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every read of the store is served by an index. Query plans ({@code explain}) exist only on a real MongoDB; the
 * embedded server has no planner, so there we check what it does have: the unique, sparse indexes themselves.
 */
class IndexUsageTest {

    private static final Logger log = LoggerFactory.getLogger(IndexUsageTest.class);
    private static final Set<String> INDEX_STAGES = Set.of("IXSCAN", "IDHACK", "EXPRESS_IXSCAN",
                                                           "EXPRESS_CLUSTERED_IXSCAN");

    @Test
    void streamingCaseAndRequestReads_useAnIndex_neverACollectionScan() {
        TestMongo mongo = TestMongo.get();
        assumeTrue(mongo.backend().isRealMongo(),
                   "explain needs a real MongoDB: backend is " + mongo.backend().description());
        TestStore store = withSomeCommits();

        // The filters (and sort) the engine's reads are built from, at the sizes they are used with.
        assertIndexed(store, CommitDocuments.atPositions(1, EventStoreSettings.DEFAULT.readWindow()),
                      new Document("_id", 1));
        assertIndexed(store, CommitDocuments.caseCommitsStartingIn("case-1", 0, CaseReader.FIRST_WINDOW), null);
        assertIndexed(store, CommitDocuments.ofRequest("r-1"), null);
    }

    @Test
    void theEngineCreatesUniqueSparseIndexesOnStreamKeyAndRequestId() {
        TestStore store = withSomeCommits();

        List<Document> indexes = store.events().listIndexes().into(new ArrayList<>());
        log.info("indexes of events on {}: {}", TestMongo.get().backend().description(), indexes);
        assertThat(indexes).extracting(index -> index.getString("name"))
                           .contains("streamKey_unique", "requestId_unique");
        assertThat(index(indexes, "streamKey_unique").get("key", Document.class)).isEqualTo(new Document("streamKey", 1));
        assertThat(index(indexes, "requestId_unique").get("key", Document.class)).isEqualTo(new Document("requestId", 1));
        for (String name : List.of("streamKey_unique", "requestId_unique")) {
            assertThat(index(indexes, name).getBoolean("unique")).as(name + " unique").isTrue();
            assertThat(index(indexes, name).getBoolean("sparse")).as(name + " sparse").isTrue();
        }
    }

    @Test
    void theIndexesBehaveUniqueAndSparse() {
        TestStore store = withSomeCommits();

        // Sparse: commits without a request id (case-2, case-3) coexist. Unique: a second commit with r-1 is refused.
        assertThat(store.events().countDocuments(new Document("requestId", new Document("$exists",
                                                                                                         false))))
                .isGreaterThanOrEqualTo(2);
        Document copy = store.events().find(new Document("requestId", "r-1")).first();
        assertThat(copy).isNotNull();
        copy.put("_id", 1_000L);
        copy.put("streamKey", "case-1/1000");
        assertThatThrownBy(() -> store.events().insertOne(copy))
                .isInstanceOf(MongoWriteException.class).hasMessageContaining("requestId");
    }

    private static TestStore withSomeCommits() {
        TestStore store = new TestStore(Duration.ofSeconds(5), CommitListener.NONE);
        store.engine.appendEvents(TestStore.events("case-1", 0, 2, Map.of("requestId", "r-1")));
        store.append("case-1", 2, 1);
        store.append("case-2", 0, 3);
        store.append("case-3", 0, 1);
        return store;
    }

    private static Document index(List<Document> indexes, String name) {
        return indexes.stream().filter(index -> name.equals(index.getString("name"))).findFirst().orElseThrow();
    }

    private static void assertIndexed(TestStore store, Bson filter, Document sort) {
        Document find = new Document("find", store.events().getNamespace().getCollectionName())
                .append("filter", filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry()));
        if (sort != null) {
            find.append("sort", sort);
        }
        Document explain = store.database.runCommand(new Document("explain", find).append("verbosity", "queryPlanner"));
        Document winningPlan = explain.get("queryPlanner", Document.class).get("winningPlan", Document.class);
        List<String> stages = new ArrayList<>();
        collectStages(winningPlan, stages);
        log.info("winning plan stages for {}: {}", find.get("filter"), stages);
        assertThat(stages).as("plan of %s", find).doesNotContain("COLLSCAN")
                          .anyMatch(stage -> INDEX_STAGES.contains(stage) || stage.startsWith("EXPRESS_"));
    }

    /** Walks a plan tree of any shape (classic inputStage/inputStages, SBE queryPlan) collecting stage names. */
    private static void collectStages(Object node, List<String> stages) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("stage") instanceof String stage) {
                stages.add(stage);
            }
            map.values().forEach(value -> collectStages(value, stages));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectStages(value, stages));
        }
    }
}
