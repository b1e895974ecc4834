package cn.kcbx.query.casefile;

import cn.kcbx.query.casefile.CaseTimeline.DatedFile;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * {@code case_on_day}: every case's {@link CaseTimeline} as known now, one document per case and business day its
 * file changed ({@code _id = caseId:from}), holding the file from {@code from} until {@code until}. The state of a
 * region on day D as known now is one query: the files of the region with {@code from <= D < until}, with the region
 * and school codes of the file on that day. It answers {@code on} without {@code asOf}, the common reading, at the cost
 * of one scan like the live ledger's; {@code case_by_date} keeps the knowledge history for {@code on} with
 * {@code asOf}, where reading a case's versions by key was several times slower than the live report on the embedded
 * store (a query by many keys costs far more there than a scan).
 *
 * <p>A marker per case ({@code _id = applied:caseId}) records the last event applied and the days stored. Before a
 * batch writes, it marks its cases pending with every day it may write; a batch cut short leaves them so, and the next
 * delivery folds such a case again from the store instead of trusting what it finds, and deletes every day it no
 * longer has. Idempotent; what a rebuild writes equals what live processing wrote.
 */
@Component
public class CaseOnDayProjection implements Projection {

    public static final String NAME = "case_on_day";
    static final String FROM = "from";
    static final String UNTIL = "until";
    private static final String APPLIED = "appliedSequence";
    private static final String DAYS = "days";
    private static final String PENDING_DAYS = "pendingDays";
    private static final String MARKER_PREFIX = "applied:";

    private final CaseFileDocuments documents;
    private final StoredCaseEvents storedEvents;

    public CaseOnDayProjection(CaseFileDocuments documents, StoredCaseEvents storedEvents) {
        this.documents = documents;
        this.storedEvents = storedEvents;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY, FROM), new IndexOptions().name("county_from"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, FROM), new IndexOptions().name("town_from"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.VILLAGE, FROM),
                               new IndexOptions().name("village_from"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    /** A case as this batch found it and leaves it. */
    private static final class CaseState {
        final String caseId;
        long applied = -1;
        /** The days the collection may hold for the case: to delete those the timeline no longer has. */
        final Set<String> storedDays = new TreeSet<>();
        /** The stored versions, by day, when they can be trusted (no batch was cut short). */
        final Map<String, DatedFile> stored = new HashMap<>();
        List<DatedFile> timeline;
        boolean changed;

        CaseState(String caseId) {
            this.caseId = caseId;
        }
    }

    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, List<ProjectionEvent>> byCase = new LinkedHashMap<>();
        events.forEach(event -> byCase.computeIfAbsent(event.caseId(), id -> new ArrayList<>()).add(event));
        Map<String, CaseState> states = load(byCase.keySet(), collection);

        for (Map.Entry<String, List<ProjectionEvent>> entry : byCase.entrySet()) {
            CaseState state = states.get(entry.getKey());
            for (ProjectionEvent event : entry.getValue()) {
                if (event.sequence() <= state.applied) {
                    continue;
                }
                List<DatedFile> next = event.sequence() == state.applied + 1
                        ? CaseTimeline.append(state.timeline, event) : null;
                // A step dated before the case's last day or a correction, or a case this projection missed
                // (added to a store that already held events): folded from the store.
                state.timeline = next != null ? next : CaseTimeline.of(storedEvents.upTo(state.caseId, event.sequence()));
                state.applied = event.sequence();
                state.changed = true;
            }
        }
        List<CaseState> changed = states.values().stream().filter(state -> state.changed).toList();
        if (changed.isEmpty()) {
            return;
        }
        markPending(changed, collection);
        writeVersions(changed, collection);
        List<WriteModel<Document>> markers = new ArrayList<>();
        for (CaseState state : changed) {
            markers.add(new ReplaceOneModel<>(eq("_id", markerId(state.caseId)),
                                              new Document("_id", markerId(state.caseId))
                                                      .append(APPLIED, state.applied)
                                                      .append(DAYS, days(state.timeline)),
                                              new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(markers, new BulkWriteOptions().ordered(false));
    }

    /**
     * Each case's marker and, when the last batch for it ended, its stored versions (by {@code _id}). A case whose
     * marker is pending is folded again from the store up to the last event its marker says was applied.
     */
    private Map<String, CaseState> load(Set<String> caseIds, MongoCollection<Document> collection) {
        Map<String, CaseState> states = new LinkedHashMap<>();
        caseIds.forEach(caseId -> states.put(caseId, new CaseState(caseId)));
        List<String> versionIds = new ArrayList<>();
        for (Document marker : collection.find(in("_id", caseIds.stream().map(CaseOnDayProjection::markerId).toList()))) {
            CaseState state = states.get(marker.getString("_id").substring(MARKER_PREFIX.length()));
            Number applied = marker.get(APPLIED, Number.class);
            state.applied = applied == null ? -1 : applied.longValue();
            List<String> pending = marker.getList(PENDING_DAYS, String.class);
            if (pending != null) {
                state.storedDays.addAll(pending);
                state.timeline = state.applied < 0 ? List.of() : CaseTimeline.of(storedEvents.upTo(state.caseId,
                                                                                                   state.applied));
            } else {
                List<String> days = marker.getList(DAYS, String.class, List.of());
                state.storedDays.addAll(days);
                days.forEach(day -> versionIds.add(versionId(state.caseId, day)));
            }
        }
        if (!versionIds.isEmpty()) {
            List<Document> stored = collection.find(in("_id", versionIds)).into(new ArrayList<>());
            List<CaseFile> files = documents.files(stored);
            for (int i = 0; i < stored.size(); i++) {
                Document document = stored.get(i);
                String until = document.getString(UNTIL);
                states.get(files.get(i).caseId()).stored.put(
                        document.getString(FROM), new DatedFile(LocalDate.parse(document.getString(FROM)),
                                                                until == null ? null : LocalDate.parse(until),
                                                                files.get(i)));
            }
        }
        for (CaseState state : states.values()) {
            if (state.timeline != null) {
                continue;
            }
            if (state.stored.keySet().equals(state.storedDays)) {
                state.timeline = state.stored.values().stream().sorted(Comparator.comparing(DatedFile::from)).toList();
            } else {
                // A marker that names a version not found: never written so; folded from the store all the same.
                state.stored.clear();
                state.timeline = state.applied < 0 ? List.of()
                        : CaseTimeline.of(storedEvents.upTo(state.caseId, state.applied));
            }
        }
        return states;
    }

    /** Marks the cases pending, with every day stored now or about to be written. */
    private static void markPending(List<CaseState> changed, MongoCollection<Document> collection) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (CaseState state : changed) {
            Set<String> pending = new TreeSet<>(state.storedDays);
            pending.addAll(days(state.timeline));
            writes.add(new UpdateOneModel<>(eq("_id", markerId(state.caseId)),
                                            Updates.set(PENDING_DAYS, new ArrayList<>(pending)),
                                            new UpdateOptions().upsert(true)));
        }
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    /** Writes the versions that differ from the stored ones and deletes the days the timeline no longer has. */
    private void writeVersions(List<CaseState> changed, MongoCollection<Document> collection) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (CaseState state : changed) {
            Set<String> kept = new LinkedHashSet<>();
            for (DatedFile dated : state.timeline) {
                String day = dated.from().toString();
                kept.add(day);
                DatedFile stored = state.stored.get(day);
                if (stored != null && Objects.equals(stored.until(), dated.until())
                        && (stored.file() == dated.file() || CaseFileCodec.toDocument(stored.file())
                                                                          .equals(CaseFileCodec.toDocument(dated.file())))) {
                    continue;
                }
                writes.add(new ReplaceOneModel<>(eq("_id", versionId(state.caseId, day)),
                                                 documents.document(versionId(state.caseId, day), dated.file())
                                                          .append(FROM, day)
                                                          .append(UNTIL, dated.until() == null ? null
                                                                  : dated.until().toString()),
                                                 new ReplaceOptions().upsert(true)));
            }
            for (String day : state.storedDays) {
                if (!kept.contains(day)) {
                    writes.add(new DeleteOneModel<>(eq("_id", versionId(state.caseId, day))));
                }
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    private static List<String> days(List<DatedFile> timeline) {
        return timeline.stream().map(dated -> dated.from().toString()).toList();
    }

    private static String versionId(String caseId, String day) {
        return caseId + ":" + day;
    }

    static String markerId(String caseId) {
        return MARKER_PREFIX + caseId;
    }
}
