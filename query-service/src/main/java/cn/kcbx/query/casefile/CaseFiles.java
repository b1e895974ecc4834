package cn.kcbx.query.casefile;

import cn.kcbx.kernel.access.Jurisdiction;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.projection.ProjectionRegistry;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

/**
 * The case files of a region (county, town or village), as they stand now ({@code case_ledger}), as the system knew
 * them at a past instant ({@code case_history}), on a business day as known now ({@code case_on_day}) or on a business
 * day as known at an instant ({@code case_by_date}); see {@link ReadTime}. Every ledger, dashboard and report starts
 * here.
 */
@Component
public class CaseFiles {

    /** Where a stored file keeps its school codes (fields of {@link CaseFile} under {@code file}). */
    static final String SCHOOLS = CaseFileDocuments.FILE + ".schoolCodes";

    private final ProjectionRegistry registry;
    private final CaseFileDocuments documents;
    private final CaseOnDayProjection onDay;
    private final CountyFilesInMemory memory;

    CaseFiles(ProjectionRegistry registry, CaseFileDocuments documents, CaseOnDayProjection onDay,
              CountyFilesInMemory memory) {
        this.registry = registry;
        this.documents = documents;
        this.onDay = onDay;
        this.memory = memory;
    }

    public List<CaseFile> forFigures(DivisionCode region, ReadTime asOf) {
        return forFigures(ReadScope.of(region), asOf);
    }

    /**
     * The files {@link #in} returns, for computing figures: their personal data may be missing (a region's come from
     * {@link CountyFilesInMemory}, which holds none). Not for anything that shows a student.
     */
    public List<CaseFile> forFigures(ReadScope scope, ReadTime asOf) {
        return CountyFilesInMemory.answers(scope, asOf) ? memory.in(scope, asOf) : in(scope, asOf);
    }

    public List<CaseFile> in(DivisionCode region, ReadTime asOf) {
        return in(ReadScope.of(region), asOf);
    }

    /**
     * The case files of a read scope: a region's, or a school's students' (last school or a return school is the
     * school), or a school's students in a region.
     */
    public List<CaseFile> in(ReadScope scope, ReadTime asOf) {
        List<Bson> filters = new ArrayList<>();
        if (scope.region() != null) {
            filters.add(regionFilter(scope.region()));
        }
        if (scope.schoolCode() != null) {
            filters.add(eq(SCHOOLS, scope.schoolCode()));
        }
        Bson filter = filters.size() == 1 ? filters.get(0) : and(filters);
        if (asOf.live()) {
            return current(filter);
        }
        if (asOf.byBusinessDate()) {
            return asOf.knownNow() ? onDayAsKnownNow(scope, asOf.day()) : onDay(filter, asOf);
        }
        return knownAt(filter, asOf);
    }

    /** The ids of the cases in the region now, without reading their files. */
    public Set<String> caseIdsIn(DivisionCode region) {
        Set<String> ids = new HashSet<>();
        for (Document document : registry.activeCollection(CaseLedgerProjection.NAME).find(regionFilter(region))
                                         .projection(Projections.include(CaseFileDocuments.CASE_ID))) {
            ids.add(document.getString(CaseFileDocuments.CASE_ID));
        }
        return ids;
    }

    /**
     * The current file of a case {@code actor} may read: the one rule for who may read a case (its village, town,
     * county and schools, as it stands now: a transfer moves the case with its whole history).
     *
     * @throws cn.kcbx.kernel.InvalidValueException {@code caseId} is not a case id
     * @throws CaseNotFoundException                no such case on the read side
     * @throws cn.kcbx.kernel.access.AccessDeniedException {@code OUT_OF_JURISDICTION}
     */
    public CaseFile readableBy(Actor actor, String caseId) {
        String id = Checks.uuid(caseId, "caseId", "案件编号");
        CaseFile file = current(id).orElseThrow(() -> new CaseNotFoundException(id));
        Jurisdiction.requireCase(actor, file.scope());
        return file;
    }

    /** The current files of these cases, personal data included, by case id (a case not on the read side is left out). */
    public Map<String, CaseFile> current(Collection<String> caseIds) {
        Map<String, CaseFile> files = new HashMap<>();
        if (!caseIds.isEmpty()) {
            documents.files(registry.activeCollection(CaseLedgerProjection.NAME).find(Filters.in("_id", caseIds))
                                    .into(new ArrayList<>()))
                     .forEach(file -> files.put(file.caseId(), file));
        }
        return files;
    }

    public Optional<CaseFile> current(String caseId) {
        Document document = registry.activeCollection(CaseLedgerProjection.NAME).find(eq("_id", caseId)).first();
        return Optional.ofNullable(document).map(documents::file);
    }

    /**
     * The current files of every case transferred out of ({@code out}) or into the region at some time, wherever
     * the case is now.
     */
    public List<CaseFile> transferred(DivisionCode region, boolean out) {
        String field = out ? CaseFileDocuments.TRANSFERRED_FROM : CaseFileDocuments.TRANSFERRED_TO;
        return documents.files(registry.activeCollection(CaseLedgerProjection.NAME).find(eq(field, region.value()))
                                       .into(new ArrayList<>()));
    }

    /**
     * The files of every case transferred out of or into the region by {@code asOf}, as they were known then (the
     * current files when live). A past read scans the history by the transfer fields: a rare, manual export.
     */
    public List<CaseFile> transferred(DivisionCode region, boolean out, ReadTime asOf) {
        if (asOf.live()) {
            return transferred(region, out);
        }
        String field = out ? CaseFileDocuments.TRANSFERRED_FROM : CaseFileDocuments.TRANSFERRED_TO;
        return knownAt(eq(field, region.value()), asOf);
    }

    private List<CaseFile> current(Bson filter) {
        return documents.files(registry.activeCollection(CaseLedgerProjection.NAME).find(filter)
                                       .into(new ArrayList<>()));
    }

    private List<CaseFile> knownAt(Bson scope, ReadTime asOf) {
        Date at = Date.from(asOf.instant());
        Bson filter = and(scope, lte(CaseHistoryProjection.VALID_FROM, at),
                          or(eq(CaseHistoryProjection.VALID_UNTIL, null), gt(CaseHistoryProjection.VALID_UNTIL, at)));
        return newestPerCase(registry.activeCollection(CaseHistoryProjection.NAME).find(filter),
                             bySequence(CaseFileDocuments.SEQUENCE));
    }

    /**
     * The files on {@code day} by business dates as known now ({@code case_on_day}): the cases that were in the scope
     * on some day, each one's file on that day, then the scope applied to it, so a case handed over since counts where
     * it was.
     */
    private List<CaseFile> onDayAsKnownNow(ReadScope scope, LocalDate day) {
        List<Bson> filters = new ArrayList<>();
        if (scope.region() != null) {
            filters.add(eq(CaseOnDayProjection.regionsField(scope.region()), scope.region().value()));
        }
        if (scope.schoolCode() != null) {
            filters.add(eq(CaseOnDayProjection.schoolsField(), scope.schoolCode()));
        }
        filters.add(lte(CaseOnDayProjection.FIRST_DAY, day.toString()));
        List<Document> stored = registry.activeCollection(CaseOnDayProjection.NAME).find(and(filters))
                                        .into(new ArrayList<>());
        return onDay.filesOn(stored, day).stream().filter(scope::covers).toList();
    }

    /** The files on {@code time.day()} by business dates, as known at {@code time.instant()} ({@code case_by_date}). */
    private List<CaseFile> onDay(Bson scope, ReadTime time) {
        Date at = Date.from(time.instant());
        String day = time.day().toString();
        Bson filter = and(scope, lte(CaseByDateProjection.FROM, day),
                          or(eq(CaseByDateProjection.UNTIL, null), gt(CaseByDateProjection.UNTIL, day)),
                          lte(CaseByDateProjection.KNOWN_FROM, at),
                          or(eq(CaseByDateProjection.KNOWN_UNTIL, null), gt(CaseByDateProjection.KNOWN_UNTIL, at)));
        return newestPerCase(registry.activeCollection(CaseByDateProjection.NAME).find(filter),
                             bySequence(CaseByDateProjection.MADE_BY));
    }

    /**
     * One version per case, the greatest by {@code order}: two can briefly qualify while a version is written before
     * its predecessor is closed.
     */
    private List<CaseFile> newestPerCase(Iterable<Document> versions, Comparator<Document> order) {
        return documents.files(newestVersions(versions, order));
    }

    /** One version per case, the greatest by {@code order}. */
    static List<Document> newestVersions(Iterable<Document> versions, Comparator<Document> order) {
        Map<String, Document> newest = new HashMap<>();
        for (Document document : versions) {
            newest.merge(document.getString(CaseFileDocuments.CASE_ID), document,
                         (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        return new ArrayList<>(newest.values());
    }

    private static Comparator<Document> bySequence(String field) {
        return Comparator.comparingLong(document -> document.get(field, Number.class).longValue());
    }

    private static Bson regionFilter(DivisionCode region) {
        String field = switch (region.level()) {
            case COUNTY -> CaseFileDocuments.COUNTY;
            case TOWN -> CaseFileDocuments.TOWN;
            case VILLAGE -> CaseFileDocuments.VILLAGE;
        };
        return Filters.eq(field, region.value());
    }
}
