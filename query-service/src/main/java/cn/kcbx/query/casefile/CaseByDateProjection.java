package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.query.casefile.CaseTimeline.DatedFile;
import cn.kcbx.query.projection.ForwardOnlyWrites;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * {@code case_by_date}: every case's {@link CaseTimeline} (its file on each business day) and how the knowledge of it
 * grew. A version holds the file from {@code from} until {@code until} (business days) and was the knowledge from
 * {@code knownFrom} until {@code knownUntil} (the recording instants of the events that made and replaced it). The
 * state of a case on day D as known at instant T is its version with {@code from <= D < until} and
 * {@code knownFrom <= T < knownUntil}: one document per case, whatever was entered late or corrected.
 *
 * <p>An event dated on or after the case's last day extends the timeline; one dated earlier (a step entered late)
 * makes the projection fold the case again from its stored events. Either way only the versions that changed are
 * replaced. Versions are keyed {@code caseId:from:sequence} (the event that made them) and carry that sequence and the
 * one that closed them; a marker per case ({@code _id = applied:caseId}) records the last event applied and the
 * versions known now with their days (so the projection goes by {@code _id} only), and is written after the versions,
 * so a batch cut short is applied again to the same documents: idempotent, and a rebuild writes what live processing
 * wrote. Erasure rewrites every version of the case blanked, as a rebuild would write it. A business day as known now
 * is read from {@link CaseOnDayProjection} instead: one query, no knowledge intervals to pass over.
 */
@Component
public class CaseByDateProjection implements Projection {

    public static final String NAME = "case_by_date";
    static final String FROM = "from";
    static final String UNTIL = "until";
    static final String KNOWN_FROM = "knownFrom";
    static final String KNOWN_UNTIL = "knownUntil";
    static final String MADE_BY = "madeBySequence";
    static final String CLOSED_BY = "closedBySequence";
    private static final String APPLIED = "appliedSequence";
    /** In a marker: the case's versions known now (id, from, until). */
    private static final String OPEN = "openVersions";
    private static final String MARKER_PREFIX = "applied:";

    private final CaseFileDocuments documents;
    private final StoredCaseEvents storedEvents;

    public CaseByDateProjection(CaseFileDocuments documents, StoredCaseEvents storedEvents) {
        this.documents = documents;
        this.storedEvents = storedEvents;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.CASE_ID), new IndexOptions().name("caseId"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY, FROM), new IndexOptions().name("county_from"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, FROM), new IndexOptions().name("town_from"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    /** One version of a case's file by date, as read or written in this batch. */
    private static final class Version {
        final String id;
        final LocalDate from;
        final LocalDate until;
        final CaseFile file;
        private Document fileDocument;
        final long madeBy;
        final Date knownFrom;
        Long closedBy;
        Date knownUntil;
        /** Made in this batch: written whole. */
        boolean made;
        /** Closed or reopened in this batch: its knowledge interval is written. */
        boolean changed;
        /** In a rebuild's replay: already in the collection. */
        boolean written;

        Version(String id, LocalDate from, LocalDate until, CaseFile file, long madeBy, Date knownFrom) {
            this.id = id;
            this.from = from;
            this.until = until;
            this.file = file;
            this.madeBy = madeBy;
            this.knownFrom = knownFrom;
        }

        /** Known just before event {@code sequence}: made earlier, and not closed by then. */
        boolean knownBefore(long sequence) {
            return madeBy < sequence && (closedBy == null || closedBy >= sequence);
        }

        boolean sameAs(Version other) {
            return from.equals(other.from) && Objects.equals(until, other.until)
                    && (file == other.file || fileDocument().equals(other.fileDocument()));
        }

        private Document fileDocument() {
            if (fileDocument == null) {
                fileDocument = CaseFileCodec.toDocument(file);
            }
            return fileDocument;
        }
    }

    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, List<ProjectionEvent>> byCase = new LinkedHashMap<>();
        events.forEach(event -> byCase.computeIfAbsent(event.caseId(), id -> new ArrayList<>()).add(event));
        List<Document> markers = collection.find(in("_id", byCase.keySet().stream().map(id -> MARKER_PREFIX + id)
                                                                 .toList())).into(new ArrayList<>());
        Map<String, Long> applied = new HashMap<>();
        for (Document marker : markers) {
            applied.put(marker.getString("_id").substring(MARKER_PREFIX.length()),
                        marker.get(APPLIED, Number.class).longValue());
        }
        Map<String, List<Version>> versions = loadVersions(markers, collection);

        Map<String, Long> newlyApplied = new LinkedHashMap<>();
        Set<String> erased = new LinkedHashSet<>();
        for (Map.Entry<String, List<ProjectionEvent>> entry : byCase.entrySet()) {
            String caseId = entry.getKey();
            long done = applied.getOrDefault(caseId, -1L);
            List<Version> caseVersions = versions.computeIfAbsent(caseId, id -> new ArrayList<>());
            for (ProjectionEvent event : entry.getValue()) {
                if (event.sequence() <= done) {
                    continue;
                }
                if (event.sequence() != done + 1) {
                    throw new IllegalStateException("Case " + caseId + ": event " + event.sequence()
                                                            + " arrived before event " + (done + 1));
                }
                apply(event, caseVersions);
                done = event.sequence();
                newlyApplied.put(caseId, done);
                if (event.payload() instanceof PersonalDataErased) {
                    erased.add(caseId);
                }
            }
        }
        write(versions, collection);
        if (!newlyApplied.isEmpty()) {
            List<WriteModel<Document>> markerWrites = new ArrayList<>();
            // Forward only: a late batch of an instance that lost the segment must not take the marker back.
            newlyApplied.forEach((caseId, sequence) -> markerWrites.add(ForwardOnlyWrites.replaceIfNewer(
                    MARKER_PREFIX + caseId, APPLIED, sequence, new Document("_id", MARKER_PREFIX + caseId)
                            .append(APPLIED, sequence)
                            .append(OPEN, versions.get(caseId).stream().filter(version -> version.closedBy == null)
                                                  .sorted(Comparator.comparing(version -> version.id))
                                                  .map(CaseByDateProjection::openEntry).toList()))));
            ForwardOnlyWrites.write(collection, markerWrites);
        }
        erased.forEach(caseId -> eraseAllVersions(caseId, collection));
    }

    /**
     * The versions each case's marker lists as known (by {@code _id}, which every backend indexes). If the last batch
     * was cut short before its markers were written, these are still the versions known before it, some perhaps
     * closed by that batch: they are reopened and the batch is applied again.
     */
    private Map<String, List<Version>> loadVersions(List<Document> markers, MongoCollection<Document> collection) {
        List<String> ids = new ArrayList<>();
        for (Document marker : markers) {
            marker.getList(OPEN, Document.class, List.of()).forEach(entry -> ids.add(entry.getString("_id")));
        }
        Map<String, List<Version>> versions = new HashMap<>();
        if (ids.isEmpty()) {
            return versions;
        }
        List<Document> stored = collection.find(in("_id", ids)).into(new ArrayList<>());
        List<CaseFile> files = documents.files(stored);
        for (int i = 0; i < stored.size(); i++) {
            Document document = stored.get(i);
            Version version = new Version(document.getString("_id"), LocalDate.parse(document.getString(FROM)),
                                          document.getString(UNTIL) == null ? null
                                                  : LocalDate.parse(document.getString(UNTIL)),
                                          files.get(i), document.get(MADE_BY, Number.class).longValue(),
                                          document.getDate(KNOWN_FROM));
            if (document.get(CLOSED_BY) != null) {
                version.closedBy = document.get(CLOSED_BY, Number.class).longValue();
                version.knownUntil = document.getDate(KNOWN_UNTIL);
            }
            versions.computeIfAbsent(version.file.caseId(), id -> new ArrayList<>()).add(version);
        }
        return versions;
    }

    /** Closes the versions {@code event} changed and makes the new ones. */
    private void apply(ProjectionEvent event, List<Version> caseVersions) {
        if (event.payload() instanceof PersonalDataErased) {
            return; // no business date and no new knowledge of dates: every version is blanked in place afterwards
        }
        long sequence = event.sequence();
        Date recordedAt = Date.from(event.recordedAt());
        // Anything an earlier, interrupted attempt at this event wrote is written again below.
        caseVersions.removeIf(version -> version.madeBy >= sequence);
        List<Version> known = caseVersions.stream().filter(version -> version.knownBefore(sequence))
                                          .sorted(Comparator.comparing(version -> version.from)).toList();
        for (Version version : known) {
            if (version.closedBy != null) {
                version.closedBy = null;
                version.knownUntil = null;
                version.changed = true;
            }
        }
        List<DatedFile> before = known.stream().map(version -> new DatedFile(version.from, version.until, version.file))
                                      .toList();
        List<DatedFile> timeline = CaseTimeline.append(before, event);
        if (timeline == null) {
            timeline = CaseTimeline.of(storedEvents.upTo(event.caseId(), sequence));
        }
        List<Version> after = timeline.stream().map(dated -> new Version(
                event.caseId() + ":" + dated.from() + ":" + sequence, dated.from(), dated.until(), dated.file(),
                sequence, recordedAt)).toList();
        for (Version version : known) {
            if (after.stream().noneMatch(version::sameAs)) {
                version.closedBy = sequence;
                version.knownUntil = recordedAt;
                version.changed = true;
            }
        }
        for (Version version : after) {
            if (known.stream().noneMatch(version::sameAs)) {
                version.made = true;
                caseVersions.add(version);
            }
        }
    }

    private void write(Map<String, List<Version>> versions, MongoCollection<Document> collection) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (List<Version> caseVersions : versions.values()) {
            for (Version version : caseVersions) {
                if (version.made) {
                    writes.add(new ReplaceOneModel<>(eq("_id", version.id), document(version),
                                                     new ReplaceOptions().upsert(true)));
                } else if (version.changed) {
                    writes.add(new UpdateOneModel<>(eq("_id", version.id),
                                                    Updates.combine(Updates.set(KNOWN_UNTIL, version.knownUntil),
                                                                    Updates.set(CLOSED_BY, version.closedBy))));
                }
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /**
     * Holds each case's open versions in memory; inserts a version once it is closed (final from then on) and the open
     * ones with the case's marker at {@link Replay#flush}; a version written open is closed by an update, as live
     * processing closes it (see {@link HeldCaseReplay}).
     */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        return new ByDateReplay(collection);
    }

    /** What a rebuild holds of a case: the last event applied, its open versions, and the state of its marker. */
    private static final class Held {
        long applied = -1;
        final List<Version> open = new ArrayList<>();
        boolean dirty;
        boolean markerWritten;
    }

    private final class ByDateReplay extends HeldCaseReplay<Held> {

        ByDateReplay(MongoCollection<Document> collection) {
            super(CaseByDateProjection.this, documents, collection);
        }

        @Override
        void fold(Map<String, List<ProjectionEvent>> byCase) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            byCase.forEach((caseId, events) -> {
                Held held = this.held.computeIfAbsent(caseId, id -> new Held());
                for (ProjectionEvent event : events) {
                    if (event.sequence() <= held.applied) {
                        continue;
                    }
                    if (event.sequence() != held.applied + 1) {
                        throw new IllegalStateException("Case " + caseId + ": event " + event.sequence()
                                                                + " arrived before event " + (held.applied + 1));
                    }
                    CaseByDateProjection.this.apply(event, held.open);
                    held.applied = event.sequence();
                    held.dirty = true;
                }
                // A closed version never changes again: written now, and no longer held.
                held.open.removeIf(version -> {
                    if (version.closedBy == null) {
                        return false;
                    }
                    writes.add(version.written
                            ? new UpdateOneModel<>(eq("_id", version.id),
                                                   Updates.combine(Updates.set(KNOWN_UNTIL, version.knownUntil),
                                                                   Updates.set(CLOSED_BY, version.closedBy)))
                            : new InsertOneModel<>(document(version)));
                    return true;
                });
            });
            if (!writes.isEmpty()) {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            }
        }

        @Override
        void write(Collection<String> caseIds) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (String caseId : caseIds) {
                Held held = this.held.get(caseId);
                if (held == null || !held.dirty) {
                    continue;
                }
                for (Version version : held.open) {
                    if (!version.written) {
                        writes.add(new InsertOneModel<>(document(version)));
                        version.written = true;
                    }
                }
                Document marker = new Document("_id", MARKER_PREFIX + caseId)
                        .append(APPLIED, held.applied)
                        .append(OPEN, held.open.stream().sorted(Comparator.comparing(version -> version.id))
                                               .map(CaseByDateProjection::openEntry).toList());
                writes.add(held.markerWritten
                        ? new ReplaceOneModel<>(eq("_id", MARKER_PREFIX + caseId), marker,
                                                new ReplaceOptions().upsert(true))
                        : new InsertOneModel<>(marker));
                held.markerWritten = true;
                held.dirty = false;
            }
            if (!writes.isEmpty()) {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            }
        }
    }

    /** A marker's entry for a version known now: its id and business days. */
    private static Document openEntry(Version version) {
        return new Document("_id", version.id).append(FROM, version.from.toString())
                                              .append(UNTIL, version.until == null ? null : version.until.toString());
    }

    private Document document(Version version) {
        Document document = documents.document(version.id, version.file)
                                     .append(FROM, version.from.toString())
                                     .append(UNTIL, version.until == null ? null : version.until.toString())
                                     .append(MADE_BY, version.madeBy)
                                     .append(KNOWN_FROM, version.knownFrom)
                                     .append(CLOSED_BY, version.closedBy)
                                     .append(KNOWN_UNTIL, version.knownUntil);
        return document;
    }

    /** Every version of the case, also those no longer known, blanked as a rebuild after the erasure writes them. */
    private void eraseAllVersions(String caseId, MongoCollection<Document> collection) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Document stored : collection.find(eq(CaseFileDocuments.CASE_ID, caseId))) {
            Document version = documents.document(stored.get("_id"), CaseFile.erased(documents.file(stored)));
            for (String field : List.of(FROM, UNTIL, MADE_BY, KNOWN_FROM, CLOSED_BY, KNOWN_UNTIL)) {
                version.append(field, stored.get(field));
            }
            writes.add(new ReplaceOneModel<>(eq("_id", stored.get("_id")), version));
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }
}
