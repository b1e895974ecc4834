package cn.kcbx.query.casefile;

import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.Date;

import static com.mongodb.client.model.Filters.eq;

/**
 * {@code case_history}: every version of every case, one document per event ({@code _id} = {@code caseId:sequence}),
 * holding the {@link CaseFile} as it stood after that event and the interval during which that was the latest
 * knowledge: from the event's {@code recordedAt} ({@code validFrom}) until the next event of the case was recorded
 * ({@code validUntil}, absent while it is the latest). What the system knew at an instant T is, for each case, the
 * version with {@code validFrom <= T < validUntil}: that is how every dashboard and report is reproduced as of a past
 * date, whatever was recorded or corrected later.
 *
 * <p>Idempotent by key: a version is a pure function of the case's events up to it, and {@code validUntil} is the next
 * event's own timestamp, so writing either again writes the same values.
 */
@Component
public class CaseHistoryProjection implements Projection {

    public static final String NAME = "case_history";
    static final String VALID_FROM = "validFrom";
    static final String VALID_UNTIL = "validUntil";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY, VALID_FROM),
                               new IndexOptions().name("county_validFrom"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, VALID_FROM),
                               new IndexOptions().name("town_validFrom"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        CaseFile previous = null;
        if (event.sequence() > 0) {
            Document stored = collection.find(eq("_id", key(event.caseId(), event.sequence() - 1))).first();
            if (stored == null) {
                throw new IllegalStateException("Case " + event.caseId() + ": event " + event.sequence()
                                                        + " arrived before event " + (event.sequence() - 1));
            }
            previous = CaseFileDocuments.file(stored);
        }
        CaseFile file = CaseFile.fold(previous, event);
        Date recordedAt = Date.from(event.recordedAt());
        Document version = CaseFileDocuments.document(key(event.caseId(), event.sequence()), file)
                                             .append(VALID_FROM, recordedAt);
        Document existing = collection.find(eq("_id", version.get("_id"))).first();
        if (existing != null && existing.get(VALID_UNTIL) != null) {
            version.append(VALID_UNTIL, existing.get(VALID_UNTIL));
        }
        collection.replaceOne(eq("_id", version.get("_id")), version, new ReplaceOptions().upsert(true));
        if (event.sequence() > 0) {
            collection.updateOne(eq("_id", key(event.caseId(), event.sequence() - 1)),
                                 Updates.set(VALID_UNTIL, recordedAt));
        }
    }

    static String key(String caseId, long sequence) {
        return caseId + ":" + sequence;
    }
}
