package cn.kcbx.query.ledger;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.measure.AccountSummary;
import cn.kcbx.query.measure.AsOf;
import cn.kcbx.query.measure.Overdue;
import cn.kcbx.query.measure.OverduePolicy;
import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The 三帮一 ledger and the 劝返销号 account of a region: filtered, sorted and paged in memory over the region's case
 * files. A region is at most a county, a few thousand cases; overdue flags depend on the day asked, so filtering on
 * them cannot be pushed into a stored index anyway.
 */
@Component
class LedgerQueries {

    /** What to keep of the 三帮一 ledger; empty sets mean "any". */
    record SanbangFilter(Set<CaseStatus> statuses, Set<DropoutReason> reasons, Set<PriorityCategory> categories,
                         Set<SchoolLevel> levels, Set<Overdue.Kind> overdueKinds, Boolean overdue, String schoolCode) {
    }

    /**
     * The account's figures for the region and for each unit one level down (towns of a county, villages of a town).
     * {@code school} is set, and the figures count only its students, when a school asked.
     */
    record ReturnAccount(String region, String school, AccountSummary summary, Map<String, AccountSummary> units,
                         LedgerPage<ReturnAccountRow> students) {
    }

    private static final Map<String, Comparator<SanbangLedgerRow>> SANBANG_SORTS = new LinkedHashMap<>();
    private static final Map<String, Comparator<ReturnAccountRow>> RETURN_SORTS = new LinkedHashMap<>();

    static {
        SANBANG_SORTS.put("region", Comparator.comparing(SanbangLedgerRow::villageCode));
        SANBANG_SORTS.put("identifiedOn", LedgerSort.nullsLast(SanbangLedgerRow::identifiedOn));
        SANBANG_SORTS.put("daysSinceIdentification", Comparator.comparing(SanbangLedgerRow::daysSinceIdentification));
        SANBANG_SORTS.put("lastVisitOn", LedgerSort.nullsLast(SanbangLedgerRow::lastVisitOn));
        SANBANG_SORTS.put("visitCount", Comparator.comparing(SanbangLedgerRow::visitCount));
        SANBANG_SORTS.put("status", Comparator.comparing(row -> CaseStatus.valueOf(row.status().code())));
        SANBANG_SORTS.put("statusSince", LedgerSort.nullsLast(SanbangLedgerRow::statusSince));
        SANBANG_SORTS.put("studentName", LedgerSort.nullsLast(row -> row.student().name()));
        SANBANG_SORTS.put("overdue", Comparator.comparing(row -> row.overdue().size()));
        RETURN_SORTS.put("region", Comparator.comparing(ReturnAccountRow::villageCode));
        RETURN_SORTS.put("lastReturnedOn", LedgerSort.nullsLast(ReturnAccountRow::lastReturnedOn));
        RETURN_SORTS.put("studentName", LedgerSort.nullsLast(ReturnAccountRow::studentName));
        RETURN_SORTS.put("relapses", Comparator.comparing(ReturnAccountRow::relapses));
    }

    private final CaseFiles caseFiles;
    private final OverduePolicy overduePolicy;

    LedgerQueries(CaseFiles caseFiles, OverduePolicy overduePolicy) {
        this.caseFiles = caseFiles;
        this.overduePolicy = overduePolicy;
    }

    LedgerPage<SanbangLedgerRow> sanbang(ReadScope scope, AsOf asOf, SanbangFilter filter, String sort, int page,
                                         int size) {
        Predicate<CaseFile> keep = file -> (filter.statuses().isEmpty() ? file.isOpen()
                : filter.statuses().contains(file.status()))
                && (filter.reasons().isEmpty() || filter.reasons().contains(file.primaryReason()))
                && (filter.categories().isEmpty()
                    || file.priorityCategories().stream().anyMatch(filter.categories()::contains))
                && (filter.levels().isEmpty() || filter.levels().contains(file.schoolLevel()))
                && (filter.schoolCode() == null || filter.schoolCode().equals(file.lastSchoolCode())
                    || file.returns().stream().anyMatch(r -> filter.schoolCode().equals(r.schoolCode())));
        Predicate<SanbangLedgerRow> overdue = row -> (filter.overdue() == null || filter.overdue() != row.overdue().isEmpty())
                && (filter.overdueKinds().isEmpty()
                    || row.overdue().stream().anyMatch(c -> filter.overdueKinds().contains(Overdue.Kind.valueOf(c.code()))));
        List<SanbangLedgerRow> rows = caseFiles.in(scope, asOf).stream()
                                               .filter(keep)
                                               .map(file -> SanbangLedgerRow.of(file, asOf.day(),
                                                                                overduePolicy.rulesFor(file)))
                                               .filter(overdue)
                                               .sorted(LedgerSort.parse(sort, SANBANG_SORTS, "region",
                                                                        SanbangLedgerRow::caseId))
                                               .toList();
        return page(scope, asOf, rows, page, size);
    }

    ReturnAccount returns(ReadScope scope, AsOf asOf, Boolean crossedOff, String sort, int page, int size) {
        List<CaseFile> files = caseFiles.in(scope, asOf);
        // Units one level down; a school's whole list (no region) is grouped by town.
        boolean byTown = scope.region() == null || scope.region().level() == DivisionCode.Level.COUNTY;
        Map<String, List<CaseFile>> byUnit = files.stream().collect(Collectors.groupingBy(
                file -> byTown ? file.townCode() : file.villageCode(),
                TreeMap::new, Collectors.toList()));
        Map<String, AccountSummary> units = new LinkedHashMap<>();
        byUnit.forEach((unit, unitFiles) -> units.put(unit, AccountSummary.of(unitFiles)));
        return new ReturnAccount(scope.regionCode(), scope.schoolCode(), AccountSummary.of(files), units,
                                 page(scope, asOf, returnRows(files, crossedOff, sort), page, size));
    }

    /** The account's student rows alone, all of them (the export has no use for the region's summaries). */
    List<ReturnAccountRow> returnRows(ReadScope scope, AsOf asOf, Boolean crossedOff, String sort) {
        return returnRows(caseFiles.in(scope, asOf), crossedOff, sort);
    }

    private static List<ReturnAccountRow> returnRows(List<CaseFile> files, Boolean crossedOff, String sort) {
        return files.stream()
                    .filter(file -> !file.returns().isEmpty())
                    .map(ReturnAccountRow::of)
                    .filter(row -> crossedOff == null || row.crossedOff() == crossedOff)
                    .sorted(LedgerSort.parse(sort, RETURN_SORTS, "region", ReturnAccountRow::caseId))
                    .toList();
    }

    private static <T> LedgerPage<T> page(ReadScope scope, AsOf asOf, List<T> rows, int page, int size) {
        int from = (int) Math.min((long) page * size, rows.size());
        int to = Math.min(from + size, rows.size());
        return new LedgerPage<>(scope.regionCode(), scope.schoolCode(), asOf.instant(), asOf.day(), asOf.live(), rows.size(), page, size,
                                rows.subList(from, to));
    }
}
