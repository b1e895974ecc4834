package cn.kcbx.query.timeline;

import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lte;

/**
 * {@code case_timeline}: one document per case event, for the case detail page and audits: who did what, when, from
 * which channel and which client request, with the event's fields (personal identifiers masked).
 *
 * <p>Idempotent by key: a document's {@code _id} is {@code caseId:sequence} (and {@code (caseId, sequence)} is also a
 * unique index), and its content is a pure function of the event, so writing it again, by a redelivery or by a
 * rebuild overlapping the live processor, replaces it with itself.
 */
@Component
public class CaseTimelineProjection implements Projection {

    public static final String NAME = "case_timeline";

    private final PersonalDataMasking masking = new PersonalDataMasking();
    private final TimelinePersonalData personalData;

    public CaseTimelineProjection(TimelinePersonalData personalData) {
        this.personalData = personalData;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending("caseId", "sequence"),
                               new IndexOptions().unique(true).name("caseId_sequence_unique"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        Document entry = entry(event);
        collection.replaceOne(eq("_id", entry.get("_id")), entry, new ReplaceOptions().upsert(true));
        markIfCorrection(event, collection);
        eraseIfErasure(event, collection);
    }

    /** Writes a batch's documents in one bulk write. */
    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(events.size());
        for (ProjectionEvent event : events) {
            Document entry = entry(event);
            writes.add(new ReplaceOneModel<>(eq("_id", entry.get("_id")), entry, new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        events.forEach(event -> {
            markIfCorrection(event, collection);
            eraseIfErasure(event, collection);
        });
    }

    /**
     * Inserts each batch's documents (the rebuild's collection holds none of them yet, so there is nothing to replace)
     * and then marks corrections and erases, as {@link #applyAll} does.
     */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        return new Replay() {
            @Override
            public void apply(List<ProjectionEvent> events) {
                if (events.isEmpty()) {
                    return;
                }
                Set<String> caseIds = new LinkedHashSet<>();
                events.forEach(event -> caseIds.add(event.caseId()));
                personalData.preloadCases(caseIds);
                List<Document> entries = new ArrayList<>(events.size());
                events.forEach(event -> entries.add(entry(event)));
                collection.insertMany(entries, new InsertManyOptions().ordered(false));
                events.forEach(event -> {
                    markIfCorrection(event, collection);
                    eraseIfErasure(event, collection);
                });
            }

            @Override
            public void flush() {
                // written as applied
            }
        };
    }

    /**
     * On {@link StepDateCorrected}: the corrected step's entry says so (the date it now has and which entry corrected
     * it), so the timeline shows both the step as recorded and that its date was corrected. A later correction of the
     * same step replaces the mark, as it replaces the date.
     */
    private static void markIfCorrection(ProjectionEvent event, MongoCollection<Document> collection) {
        if (event.payload() instanceof StepDateCorrected correction) {
            collection.updateOne(eq("_id", key(event.caseId(), correction.correctedSequence())),
                                 Updates.set("correctedDate", new Document("date", correction.correctedDate().toString())
                                         .append("previousDate", correction.previousDate() == null ? null
                                                 : correction.previousDate().toString())
                                         .append("bySequence", event.sequence())));
        }
    }

    /**
     * On {@link PersonalDataErased}: removes the personal fields from the case's entries up to and including the
     * erasure (its reason is personal too), leaving them as a rebuild reads those events once the key is gone
     * (absent, and a list empty).
     */
    private static void eraseIfErasure(ProjectionEvent event, MongoCollection<Document> collection) {
        if (!(event.payload() instanceof PersonalDataErased)) {
            return;
        }
        for (Document stored : collection.find(and(eq("caseId", event.caseId()), lte("sequence", event.sequence())))) {
            Document data = stored.get("data", Document.class);
            if (data == null || !TimelinePersonalData.PERSONAL_PATHS.containsKey(stored.getString("type"))) {
                continue;
            }
            TimelinePersonalData.blankAll(stored.getString("type"), data);
            collection.updateOne(eq("_id", stored.get("_id")), Updates.set("data", data));
        }
    }

    /** The timeline document of one event. */
    Document entry(ProjectionEvent event) {
        String type = event.payload().getClass().getSimpleName();
        return new Document("_id", key(event.caseId(), event.sequence()))
                .append("caseId", event.caseId())
                .append("sequence", event.sequence())
                .append("position", event.position())
                .append("eventId", event.eventId())
                .append("type", type)
                .append("label", TimelineLabels.of(type))
                .append("recordedAt", Date.from(event.recordedAt()))
                .append("occurredOn", event.payload().occurredOn() == null ? null
                        : event.payload().occurredOn().toString())
                .append("actor", new Document("id", event.metaDataString("actorId"))
                        .append("role", event.metaDataString("actorRole"))
                        .append("unit", event.metaDataString("actorUnit")))
                .append("channel", event.metaDataString("channel"))
                .append("requestId", event.metaDataString("requestId"))
                .append("data", data(event, type));
    }

    private Document data(ProjectionEvent event, String type) {
        Document data = masking.data(event.payload());
        personalData.seal(event.caseId(), type, data);
        return data;
    }

    static String key(String caseId, long sequence) {
        return caseId + ":" + sequence;
    }
}
