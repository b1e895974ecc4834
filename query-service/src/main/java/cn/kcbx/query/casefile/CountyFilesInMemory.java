package cn.kcbx.query.casefile;

import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.projection.CaseChanges;
import cn.kcbx.query.projection.ProjectionRegistry;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

/**
 * The case files of the counties read lately, as one read time sees them (now; as known at a past moment; on a
 * business day as known now), in memory and <em>without their personal data</em>, for figures: decoding a county's
 * thousands of stored files for every report cost far more than computing it.
 *
 * <p>Exact, not eventually right: before each read it asks {@link CaseChanges} up to where every segment has applied
 * the events, reads again the files of the cases with an event after the previous such position (in every view
 * held), and only then moves that position on. A file written for an event at or below the position was written
 * before the position was read, so it is never missed; one an event after it may still change is read again next
 * time. Whatever an event changes (a late entry changing a past day, a correction, a move to another county) thus
 * reaches every view. A rebuild switching a projection's collection empties the memory; so do too many events at
 * once (a bulk intake); the counties are read whole again when next asked for.
 *
 * <p>Nothing personal is held: the files are decoded without opening their seals, so an erasure needs nothing here,
 * and a heap dump of the service holds no child's name.
 */
@Component
public class CountyFilesInMemory {

    /** Beyond this many events since the last read, the views are read again whole rather than case by case. */
    static final int MAX_EVENTS_PER_REFRESH = 2_000;
    /** The most files held over all views; the least recently read views go first (see the capacity plan). */
    static final int MAX_FILES = 150_000;

    private final ProjectionRegistry registry;
    private final CaseOnDayProjection onDay;
    private final CaseChanges changes;
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private List<String> collections = List.of();
    private long through;
    private int held;
    /** The least recently read view first. */
    private final LinkedHashMap<View, Map<String, CaseFile>> views = new LinkedHashMap<>(16, 0.75f, true);

    CountyFilesInMemory(ProjectionRegistry registry, CaseOnDayProjection onDay, CaseChanges changes) {
        this.registry = registry;
        this.onDay = onDay;
        this.changes = changes;
    }

    /** Whether {@link #in} answers this read: a region's, now, as known at a moment, or on a day as known now. */
    static boolean answers(ReadScope scope, ReadTime asOf) {
        return scope.region() != null && (!asOf.byBusinessDate() || asOf.knownNow());
    }

    /**
     * The files {@link CaseFiles#in} reads from the store for this scope and time, without their personal data.
     *
     * @throws IllegalArgumentException when not {@link #answers}
     */
    List<CaseFile> in(ReadScope scope, ReadTime asOf) {
        if (!answers(scope, asOf)) {
            throw new IllegalArgumentException("not held in memory: " + scope + " " + asOf);
        }
        View view = View.of(scope.region().county().value(), asOf);
        lock.lock();
        try {
            refresh();
            Map<String, CaseFile> files = views.get(view);
            if (files == null) {
                files = load(view);
            }
            // Copied under the lock: the next refresh changes the map.
            List<CaseFile> inScope = new ArrayList<>();
            for (CaseFile file : files.values()) {
                if (view.kind == Kind.ON_DAY ? scope.covers(file) : storedIn(file, scope)) {
                    inScope.add(file);
                }
            }
            return inScope;
        } finally {
            lock.unlock();
        }
    }

    private void refresh() {
        List<String> active = List.of(registry.activeCollectionName(CaseLedgerProjection.NAME),
                                      registry.activeCollectionName(CaseHistoryProjection.NAME),
                                      registry.activeCollectionName(CaseOnDayProjection.NAME));
        // Read first: whatever was applied up to here is in the files read after.
        long applied = changes.appliedEverywhereThrough();
        if (!active.equals(collections)) {
            clear();
            collections = active;
        } else if (!views.isEmpty()) {
            Optional<Set<String>> changed = changes.casesWithEventsAfter(through, MAX_EVENTS_PER_REFRESH);
            if (changed.isEmpty()) {
                clear();
            } else if (!changed.get().isEmpty()) {
                for (Map.Entry<View, Map<String, CaseFile>> view : views.entrySet()) {
                    reread(view.getKey(), view.getValue(), changed.get());
                }
            }
        }
        through = applied;
    }

    private void reread(View view, Map<String, CaseFile> files, Set<String> caseIds) {
        Map<String, CaseFile> read = new HashMap<>();
        for (CaseFile file : read(view, Filters.in(view.kind == Kind.KNOWN_AT ? CaseFileDocuments.CASE_ID : "_id",
                                                   caseIds))) {
            read.put(file.caseId(), file);
        }
        for (String caseId : caseIds) {
            held -= files.remove(caseId) == null ? 0 : 1;
            CaseFile file = read.get(caseId);
            if (file != null && view.holds(file)) {
                files.put(caseId, file);
                held++;
            }
        }
    }

    private Map<String, CaseFile> load(View view) {
        Bson county = view.kind == Kind.ON_DAY ? eq(CaseOnDayProjection.regionsField(view.county), view.county.value())
                : eq(CaseFileDocuments.COUNTY, view.county.value());
        Map<String, CaseFile> files = new HashMap<>();
        for (CaseFile file : read(view, county)) {
            if (view.holds(file)) {
                files.put(file.caseId(), file);
            }
        }
        views.put(view, files);
        held += files.size();
        while (held > MAX_FILES && views.size() > 1) {
            View eldest = views.keySet().iterator().next();
            held -= views.remove(eldest).size();
        }
        return files;
    }

    /** The view's files among the stored documents {@code filter} selects. */
    private List<CaseFile> read(View view, Bson filter) {
        return switch (view.kind) {
            case LIVE -> decode(registry.activeCollection(CaseLedgerProjection.NAME).find(filter)
                                        .projection(WITHOUT_SEAL));
            case KNOWN_AT -> {
                Date at = Date.from(view.instant);
                Bson valid = and(filter, lte(CaseHistoryProjection.VALID_FROM, at),
                                 or(eq(CaseHistoryProjection.VALID_UNTIL, null),
                                    gt(CaseHistoryProjection.VALID_UNTIL, at)));
                yield decode(CaseFiles.newestVersions(
                        registry.activeCollection(CaseHistoryProjection.NAME).find(valid).projection(WITHOUT_SEAL),
                        Comparator.comparingLong(document -> document.get(CaseFileDocuments.SEQUENCE, Number.class)
                                                                     .longValue())));
            }
            case ON_DAY -> onDay.filesWithoutPersonalDataOn(
                    registry.activeCollection(CaseOnDayProjection.NAME)
                            .find(and(filter, lte(CaseOnDayProjection.FIRST_DAY, view.day.toString())))
                            .into(new ArrayList<>()), view.day);
        };
    }

    private static List<CaseFile> decode(Iterable<Document> documents) {
        List<CaseFile> files = new ArrayList<>();
        documents.forEach(document -> files.add(withoutPersonalData(document.get(CaseFileDocuments.FILE,
                                                                                 Document.class))));
        return files;
    }

    private void clear() {
        views.clear();
        held = 0;
    }

    private static final Bson WITHOUT_SEAL = Projections.exclude(CaseFileDocuments.PERSONAL);

    /** A stored file without its seal, and without the personal fields a case older than the seals keeps in it. */
    static CaseFile withoutPersonalData(Document file) {
        CaseFileDocuments.extractPersonal(file);
        return CaseFileCodec.fromDocument(file);
    }

    /** As the store's query by the stored region fields and school codes ({@link CaseFiles}). */
    private static boolean storedIn(CaseFile file, ReadScope scope) {
        DivisionCode region = scope.region();
        String code = switch (region.level()) {
            case COUNTY -> file.countyCode();
            case TOWN -> file.townCode();
            case VILLAGE -> file.villageCode();
        };
        return region.value().equals(code) && (scope.schoolCode() == null
                || file.scope() != null && file.scope().schoolCodes().contains(scope.schoolCode()));
    }

    private enum Kind { LIVE, KNOWN_AT, ON_DAY }

    /** A county's files as one read time sees them. */
    private record View(DivisionCode county, Kind kind, Instant instant, LocalDate day) {

        static View of(String countyCode, ReadTime asOf) {
            DivisionCode county = new DivisionCode(countyCode);
            if (asOf.live()) {
                return new View(county, Kind.LIVE, null, null);
            }
            return asOf.byBusinessDate() ? new View(county, Kind.ON_DAY, null, asOf.day())
                    : new View(county, Kind.KNOWN_AT, asOf.instant(), null);
        }

        /** Whether the file, read for this view, belongs to the county (a case moved away no longer does). */
        boolean holds(CaseFile file) {
            return kind == Kind.ON_DAY ? ReadScope.of(county).covers(file) : county.value().equals(file.countyCode());
        }
    }
}
