package cn.kcbx.query.audit;

import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.timeline.TimelineLabels;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * {@code audit_trail}: one document per case event for the audit query, who did what to which case, when, through
 * which command, channel and client address, taken from the event's metadata. It holds no field of the event itself,
 * so no name, ID number or phone number. Each document also names the case's village (and so town and county) at the
 * time of the event, which lets a county bureau audit the work on its cases.
 *
 * <p>Idempotent by key: {@code _id} is {@code caseId:sequence}. The village is the household village of
 * {@code CaseIdentified}, carried forward from the case's previous document; the events of a case arrive in order, so
 * a rebuild computes the very same documents as the live run.
 */
@Component
public class AuditTrailProjection implements Projection {

    public static final String NAME = "audit_trail";

    static final String CASE_ID = "caseId";
    static final String SEQUENCE = "sequence";
    static final String RECORDED_AT = "recordedAt";
    static final String ACTOR_ID = "actorId";
    static final String COUNTY = "countyCode";
    static final String VILLAGE = "villageCode";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CASE_ID, SEQUENCE),
                               new IndexOptions().unique(true).name("caseId_sequence_unique"));
        collection.createIndex(Indexes.descending(RECORDED_AT), new IndexOptions().name("recordedAt"));
        collection.createIndex(Indexes.ascending(ACTOR_ID, RECORDED_AT), new IndexOptions().name("actor_recordedAt"));
        collection.createIndex(Indexes.ascending(COUNTY, RECORDED_AT), new IndexOptions().name("county_recordedAt"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    /** Reads the previous document of each case in the batch in one query, then writes the batch in one bulk write. */
    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, String> villages = previousVillages(events, collection);
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(events.size());
        for (ProjectionEvent event : events) {
            String village = villageAfter(event, villages.get(event.caseId()));
            villages.put(event.caseId(), village);
            Document entry = entry(event, village);
            writes.add(new ReplaceOneModel<>(eq("_id", entry.get("_id")), entry, new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /**
     * Keeps each case's village in memory instead of reading it back from the previous document, and inserts each
     * batch's documents (the rebuild's collection holds none of them yet).
     */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        Map<String, String> villages = new HashMap<>();
        return new Replay() {
            @Override
            public void apply(List<ProjectionEvent> events) {
                if (events.isEmpty()) {
                    return;
                }
                List<Document> entries = new ArrayList<>(events.size());
                for (ProjectionEvent event : events) {
                    String village = villageAfter(event, villages.get(event.caseId()));
                    villages.put(event.caseId(), village);
                    entries.add(entry(event, village));
                }
                collection.insertMany(entries, new InsertManyOptions().ordered(false));
            }

            @Override
            public void flush() {
                // written as applied
            }
        };
    }

    /** The household village after the event: set by the identification, moved by a transfer. */
    static String villageAfter(ProjectionEvent event, String villageBefore) {
        if (event.payload() instanceof CaseIdentified identified) {
            return identified.household().village().value();
        }
        if (event.payload() instanceof CaseTransferred transferred) {
            return transferred.toHousehold().village().value();
        }
        return villageBefore;
    }

    /** The village stored with the event before each case's first event in the batch. */
    private static Map<String, String> previousVillages(List<ProjectionEvent> events,
                                                        MongoCollection<Document> collection) {
        Map<String, Long> first = new HashMap<>();
        events.forEach(event -> first.merge(event.caseId(), event.sequence(), Math::min));
        Set<String> keys = new LinkedHashSet<>();
        first.forEach((caseId, sequence) -> {
            if (sequence > 0) {
                keys.add(key(caseId, sequence - 1));
            }
        });
        Map<String, String> villages = new HashMap<>();
        if (!keys.isEmpty()) {
            for (Document previous : collection.find(in("_id", keys))
                                               .projection(Projections.include(CASE_ID, SEQUENCE, VILLAGE))) {
                String caseId = previous.getString(CASE_ID);
                if (previous.get(SEQUENCE, Number.class).longValue() == first.get(caseId) - 1) {
                    villages.put(caseId, previous.getString(VILLAGE));
                }
            }
        }
        return villages;
    }

    /** The trail document of one event. */
    static Document entry(ProjectionEvent event, String village) {
        String type = event.payload().getClass().getSimpleName();
        DivisionCode code = village == null ? null : new DivisionCode(village);
        return new Document("_id", key(event.caseId(), event.sequence()))
                .append(CASE_ID, event.caseId())
                .append(SEQUENCE, event.sequence())
                .append("position", event.position())
                .append("eventId", event.eventId())
                .append("type", type)
                .append("label", TimelineLabels.of(type))
                .append("command", event.metaDataString("command"))
                .append(ACTOR_ID, event.metaDataString("actorId"))
                .append("actorRole", event.metaDataString("actorRole"))
                .append("actorUnit", event.metaDataString("actorUnit"))
                .append("channel", event.metaDataString("channel"))
                .append("origin", event.metaDataString("origin"))
                .append("requestId", event.metaDataString("requestId"))
                .append(RECORDED_AT, Date.from(event.recordedAt()))
                .append(VILLAGE, village)
                .append("townCode", code == null ? null : code.town().map(DivisionCode::value).orElse(null))
                .append(COUNTY, code == null ? null : code.county().value());
    }

    static String key(String caseId, long sequence) {
        return caseId + ":" + sequence;
    }
}
