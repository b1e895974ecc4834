package cn.kcbx.query.casefile;

import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFileDocuments.Split;
import cn.kcbx.query.casefile.CaseTimeline.DatedFile;
import cn.kcbx.query.projection.ForwardOnlyWrites;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * {@code case_on_day}: every case's {@link CaseTimeline} as known now (its file on each business day it changed), in
 * one document per case: the latest day's file, and for each earlier day what differs from the day after
 * ({@link DayChanges}), packed in one binary field ({@link PackedDocument}), with every region and school the case
 * belonged to on any day. The state of a region on day D
 * as known now is one query over those documents, like the live ledger's over {@code case_ledger}, and each case's
 * file on D is rebuilt from its document in memory. {@code case_by_date} keeps the knowledge history for {@code on}
 * with {@code asOf}; on the embedded store (a query deserializes every document it passes) reading a day there, or one
 * version per case by key, cost several times the live report.
 *
 * <p>Personal data is sealed as in every other file document: one seal per case holding the personal data of each day
 * that differs from the next. The document is replaced whole with the last event applied, so applying an event again
 * changes nothing and a rebuild writes what live processing wrote. A step dated before the case's last day, a
 * correction, or a case whose first events this projection never saw (added to a store that held them) is folded again
 * from the store.
 */
@Component
public class CaseOnDayProjection implements Projection {

    public static final String NAME = "case_on_day";
    static final String FIRST_DAY = "firstDay";
    private static final String APPLIED = "appliedSequence";
    private static final String COUNTIES = "countyCodes";
    private static final String TOWNS = "townCodes";
    private static final String VILLAGES = "villageCodes";
    private static final String SCHOOLS = "schoolCodes";
    /** {@link PackedDocument}: {@code file} (the latest day's file) and {@code days} (each day's from, until, changes). */
    private static final String PACKED = "packed";
    private static final String LATEST = "file";
    private static final String DAYS = "days";
    private static final String FROM = "from";
    private static final String UNTIL = "until";
    private static final String CHANGES = "changes";
    /** Sealed: for each day, its personal data when it differs from the next day's (else null); the last day's. */
    private static final String PERSONAL = "personal";

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
        collection.createIndex(Indexes.ascending(COUNTIES), new IndexOptions().name("countyCodes"));
        collection.createIndex(Indexes.ascending(TOWNS), new IndexOptions().name("townCodes"));
        collection.createIndex(Indexes.ascending(VILLAGES), new IndexOptions().name("villageCodes"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Map<String, List<ProjectionEvent>> byCase = new LinkedHashMap<>();
        events.forEach(event -> byCase.computeIfAbsent(event.caseId(), id -> new ArrayList<>()).add(event));
        Map<String, Document> stored = new HashMap<>();
        for (Document document : collection.find(in("_id", byCase.keySet()))) {
            stored.put(document.getString("_id"), document);
        }
        documents.preload(stored.values().stream().map(document -> document.get(PERSONAL)).toList());
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Map.Entry<String, List<ProjectionEvent>> entry : byCase.entrySet()) {
            String caseId = entry.getKey();
            Document document = stored.get(caseId);
            long applied = document == null ? -1 : document.get(APPLIED, Number.class).longValue();
            List<DatedFile> timeline = null;
            for (ProjectionEvent event : entry.getValue()) {
                if (event.sequence() <= applied) {
                    continue;
                }
                List<DatedFile> next = null;
                if (event.sequence() == applied + 1) {
                    if (timeline == null) {
                        timeline = document == null ? List.of() : timeline(document);
                    }
                    next = CaseTimeline.append(timeline, event);
                }
                timeline = next != null ? next : CaseTimeline.of(storedEvents.upTo(caseId, event.sequence()));
                applied = event.sequence();
            }
            if (timeline != null) {
                // Forward only: a late batch of an instance that lost the segment must not take the case back.
                writes.add(ForwardOnlyWrites.replaceIfNewer(caseId, APPLIED, applied,
                                                            document(caseId, applied, timeline)));
            }
        }
        ForwardOnlyWrites.write(collection, writes);
    }

    private Document document(String caseId, long applied, List<DatedFile> timeline) {
        List<Split> splits = timeline.stream().map(dated -> documents.split(dated.file())).toList();
        Set<String> counties = new LinkedHashSet<>();
        Set<String> towns = new LinkedHashSet<>();
        Set<String> villages = new LinkedHashSet<>();
        Set<String> schools = new LinkedHashSet<>();
        List<Document> days = new ArrayList<>();
        List<Map<String, Object>> personal = new ArrayList<>();
        boolean anyPersonal = false;
        for (int i = 0; i < timeline.size(); i++) {
            DatedFile dated = timeline.get(i);
            addIfPresent(counties, dated.file().countyCode());
            addIfPresent(towns, dated.file().townCode());
            addIfPresent(villages, dated.file().villageCode());
            if (splits.get(i).withoutPersonal().get(SCHOOLS) instanceof List<?> codes) {
                codes.forEach(code -> schools.add(String.valueOf(code)));
            }
            boolean last = i == timeline.size() - 1;
            days.add(new Document(FROM, dated.from().toString())
                             .append(UNTIL, dated.until() == null ? null : dated.until().toString())
                             .append(CHANGES, last ? new Document()
                                     : DayChanges.between(splits.get(i).withoutPersonal(),
                                                          splits.get(i + 1).withoutPersonal())));
            Map<String, Object> dayPersonal = splits.get(i).personal();
            boolean keep = last || !dayPersonal.equals(splits.get(i + 1).personal());
            personal.add(keep ? dayPersonal : null);
            anyPersonal |= !dayPersonal.isEmpty();
        }
        Document document = new Document("_id", caseId)
                .append(CaseFileDocuments.CASE_ID, caseId)
                .append(APPLIED, applied)
                .append(FIRST_DAY, timeline.isEmpty() ? null : timeline.get(0).from().toString())
                .append(COUNTIES, new ArrayList<>(counties))
                .append(TOWNS, new ArrayList<>(towns))
                .append(VILLAGES, new ArrayList<>(villages))
                .append(SCHOOLS, new ArrayList<>(schools))
                .append(PACKED, new Binary(PackedDocument.pack(
                        new Document(LATEST, splits.isEmpty() ? null : splits.get(splits.size() - 1).withoutPersonal())
                                .append(DAYS, days))));
        if (anyPersonal) {
            document.append(PERSONAL, documents.seal(caseId, personal));
        }
        return document;
    }

    private static void addIfPresent(Set<String> codes, String code) {
        if (code != null) {
            codes.add(code);
        }
    }

    /** The case's every day, from its document. */
    private List<DatedFile> timeline(Document document) {
        Document packed = PackedDocument.unpack(document.get(PACKED, Binary.class).getData());
        List<Document> days = packed.getList(DAYS, Document.class);
        Personal personal = Personal.of(document, documents);
        List<DatedFile> timeline = new ArrayList<>(days.size());
        Document file = packed.get(LATEST, Document.class);
        for (int i = days.size() - 1; i >= 0; i--) {
            if (i < days.size() - 1) {
                file = DayChanges.undo(file, days.get(i).get(CHANGES, Document.class));
            }
            timeline.add(0, dated(days.get(i), documents.file(file, personal.on(i), personal.erased())));
        }
        return timeline;
    }

    /**
     * The files on {@code day} of the cases in {@code stored} (documents of this projection), each rebuilt from the
     * latest back to that day only; a case that did not exist yet on that day is left out.
     */
    List<CaseFile> filesOn(List<Document> stored, LocalDate day) {
        documents.preload(stored.stream().map(document -> document.get(PERSONAL)).toList());
        return filesOn(stored, day, (document, file, index) -> {
            Personal personal = Personal.of(document, documents);
            return documents.file(file, personal.on(index), personal.erased());
        });
    }

    /** As {@link #filesOn}, without opening the seals: the files without their personal data. */
    List<CaseFile> filesWithoutPersonalDataOn(List<Document> stored, LocalDate day) {
        return filesOn(stored, day, (document, file, index) -> CountyFilesInMemory.withoutPersonalData(file));
    }

    /** How a file on a day is made from its stored document, the unpacked file and the index of the day. */
    private interface DayFile {
        CaseFile of(Document stored, Document file, int dayIndex);
    }

    private List<CaseFile> filesOn(List<Document> stored, LocalDate day, DayFile dayFile) {
        String date = day.toString();
        List<CaseFile> files = new ArrayList<>(stored.size());
        for (Document document : stored) {
            Document packed = PackedDocument.unpack(document.get(PACKED, Binary.class).getData());
            List<Document> days = packed.getList(DAYS, Document.class, List.of());
            int index = -1;
            for (int i = days.size() - 1; i >= 0 && index < 0; i--) {
                String until = days.get(i).getString(UNTIL);
                if (days.get(i).getString(FROM).compareTo(date) <= 0 && (until == null || until.compareTo(date) > 0)) {
                    index = i;
                }
            }
            if (index < 0) {
                continue;
            }
            Document file = packed.get(LATEST, Document.class);
            for (int i = days.size() - 2; i >= index; i--) {
                file = DayChanges.undo(file, days.get(i).get(CHANGES, Document.class));
            }
            files.add(dayFile.of(document, file, index));
        }
        return files;
    }

    /** The field listing every region of {@code region}'s level the case was in on some day. */
    static String regionsField(DivisionCode region) {
        return switch (region.level()) {
            case COUNTY -> COUNTIES;
            case TOWN -> TOWNS;
            case VILLAGE -> VILLAGES;
        };
    }

    static String schoolsField() {
        return SCHOOLS;
    }

    private static DatedFile dated(Document day, CaseFile file) {
        String until = day.getString(UNTIL);
        return new DatedFile(LocalDate.parse(day.getString(FROM)), until == null ? null : LocalDate.parse(until), file);
    }

    /** A case's sealed personal data by day, opened. */
    private record Personal(JsonNode byDay, boolean erased) {

        static Personal of(Document document, CaseFileDocuments documents) {
            String sealed = document.getString(PERSONAL);
            if (sealed == null) {
                return new Personal(null, false);
            }
            Optional<JsonNode> opened = documents.open(sealed);
            return opened.map(node -> new Personal(node, false)).orElseGet(() -> new Personal(null, true));
        }

        /** The personal data of day {@code index}: its own, or that of the first later day that has some. */
        JsonNode on(int index) {
            if (byDay == null) {
                return null;
            }
            for (int i = index; i < byDay.size(); i++) {
                if (!byDay.get(i).isNull()) {
                    return byDay.get(i);
                }
            }
            return null;
        }
    }

    /** Holds each case's days in memory and writes each case once, at {@link Replay#flush} (see {@link HeldCaseReplay}). */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        return new OnDayReplay(collection);
    }

    /** What a rebuild holds of a case: its days, the last event applied, and whether it was changed or ever written. */
    private static final class Held {
        long applied = -1;
        List<DatedFile> timeline = List.of();
        boolean dirty;
        boolean written;
    }

    private final class OnDayReplay extends HeldCaseReplay<Held> {

        OnDayReplay(MongoCollection<Document> collection) {
            super(CaseOnDayProjection.this, documents, collection);
        }

        @Override
        void fold(Map<String, List<ProjectionEvent>> byCase) {
            byCase.forEach((caseId, events) -> {
                Held held = this.held.computeIfAbsent(caseId, id -> new Held());
                for (ProjectionEvent event : events) {
                    if (event.sequence() <= held.applied) {
                        continue;
                    }
                    List<DatedFile> next = event.sequence() == held.applied + 1
                            ? CaseTimeline.append(held.timeline, event) : null;
                    held.timeline = next != null ? next : CaseTimeline.of(storedEvents.upTo(caseId, event.sequence()));
                    held.applied = event.sequence();
                    held.dirty = true;
                }
            });
        }

        @Override
        void write(Collection<String> caseIds) {
            List<Document> inserts = new ArrayList<>();
            List<WriteModel<Document>> replaces = new ArrayList<>();
            for (String caseId : caseIds) {
                Held held = this.held.get(caseId);
                if (held == null || !held.dirty) {
                    continue;
                }
                Document document = document(caseId, held.applied, held.timeline);
                if (held.written) {
                    replaces.add(new ReplaceOneModel<>(eq("_id", caseId), document, new ReplaceOptions().upsert(true)));
                } else {
                    inserts.add(document);
                }
                held.dirty = false;
                held.written = true;
            }
            if (!inserts.isEmpty()) {
                collection.insertMany(inserts, new InsertManyOptions().ordered(false));
            }
            if (!replaces.isEmpty()) {
                collection.bulkWrite(replaces, new BulkWriteOptions().ordered(false));
            }
        }
    }
}
