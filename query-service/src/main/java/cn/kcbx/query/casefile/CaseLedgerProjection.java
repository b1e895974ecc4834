package cn.kcbx.query.casefile;

import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.stereotype.Component;

import static com.mongodb.client.model.Filters.eq;

/**
 * {@code case_ledger}: every case as it stands now, one document per case ({@code _id} = case id): the source of the
 * live 三帮一 ledger (its open cases), the 劝返销号 account (its returned cases), dashboards and reports.
 *
 * <p>Idempotent by sequence: the document records the sequence of the last event folded into it, and an event at or
 * below it is skipped, so a redelivery changes nothing. A case's events arrive in order without gaps; an event that
 * skips one is refused (the batch fails and is retried) rather than folded into a wrong state.
 */
@Component
public class CaseLedgerProjection implements Projection {

    public static final String NAME = "case_ledger";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, CaseFileDocuments.STATUS),
                               new IndexOptions().name("town_status"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY), new IndexOptions().name("county"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.VILLAGE), new IndexOptions().name("village"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        Document stored = collection.find(eq("_id", event.caseId())).first();
        CaseFile previous = stored == null ? null : CaseFileDocuments.file(stored);
        long expected = previous == null ? 0 : previous.sequence() + 1;
        if (event.sequence() < expected) {
            return;
        }
        if (event.sequence() > expected) {
            throw new IllegalStateException("Case " + event.caseId() + ": event " + event.sequence()
                                                    + " arrived before event " + expected);
        }
        CaseFile file = CaseFile.fold(previous, event);
        Document document = CaseFileDocuments.document(event.caseId(), file);
        collection.replaceOne(eq("_id", event.caseId()), document, new ReplaceOptions().upsert(true));
    }
}
