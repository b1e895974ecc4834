package cn.kcbx.query.projection;

import cn.kcbx.testsupport.TestMongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A late write of an instance that lost a case's segment never takes the case's document back: only a document at a
 * higher sequence replaces the stored one, on the chosen test MongoDB.
 */
class ForwardOnlyWritesTest {

    private static MongoDatabase database;

    @BeforeAll
    static void database() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("forwardonly"));
    }

    @AfterAll
    static void drop() {
        database.drop();
    }

    @Test
    void anOlderVersionWrittenLate_leavesTheNewerDocument_whileNewerVersionsAndNewCasesAreWritten() {
        MongoCollection<Document> collection = database.getCollection("ledger");
        ForwardOnlyWrites.write(collection, List.of(version("case-1", 5), version("case-2", 1)));

        // The late batch of the instance that lost the segment (case-1 at 3), with a newer case-2 and a new case-3.
        ForwardOnlyWrites.write(collection, List.of(version("case-1", 3), version("case-2", 2), version("case-3", 0)));

        assertThat(sequenceOf(collection, "case-1")).isEqualTo(5);
        assertThat(sequenceOf(collection, "case-2")).isEqualTo(2);
        assertThat(sequenceOf(collection, "case-3")).isEqualTo(0);
        // The same version again (a re-delivered batch) changes nothing either.
        ForwardOnlyWrites.write(collection, List.of(version("case-1", 5)));
        assertThat(collection.find(new Document("_id", "case-1")).first().getString("by")).isEqualTo("v5");
        assertThat(collection.countDocuments()).isEqualTo(3);
    }

    private static com.mongodb.client.model.ReplaceOneModel<Document> version(String caseId, long sequence) {
        return ForwardOnlyWrites.replaceIfNewer(caseId, "sequence", sequence,
                                                new Document("_id", caseId).append("sequence", sequence)
                                                                           .append("by", "v" + sequence));
    }

    private static long sequenceOf(MongoCollection<Document> collection, String caseId) {
        return collection.find(new Document("_id", caseId)).first().get("sequence", Number.class).longValue();
    }
}
