package cn.kcbx.query.ledger;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitEntry;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.AccountSummary;
import cn.kcbx.query.measure.Overdue;
import cn.kcbx.query.measure.OverduePolicy;

import org.springframework.stereotype.Component;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
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
     *
     * @param regionName       the region's name in its county's unit directory, or null
     * @param directoryMissing true when the region's county has no unit directory (as recorded by the as-of moment):
     *                         units are then only those with cases, without names; null for a school's whole list
     * @param units            unit code → its figures: every unit the directory lists and has in use on the day
     *                         (zeros included; for a school, only units with its students) and every listed unit with
     *                         cases, in code order, then units with cases the directory does not list
     * @param unitNames        unit code → its name (null when the directory does not list it), in the order of
     *                         {@code units}
     */
    record ReturnAccount(String region, String regionName, String school, Boolean directoryMissing,
                         AccountSummary summary, Map<String, AccountSummary> units, Map<String, String> unitNames,
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
    private final UnitDirectories directories;

    LedgerQueries(CaseFiles caseFiles, OverduePolicy overduePolicy, UnitDirectories directories) {
        this.caseFiles = caseFiles;
        this.overduePolicy = overduePolicy;
        this.directories = directories;
    }

    LedgerPage<SanbangLedgerRow> sanbang(ReadScope scope, ReadTime asOf, SanbangFilter filter, String sort, int page,
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
        UnitNames names = UnitNames.at(directories, asOf);
        boolean inMemory = choosableInMemory(scope, asOf, sort);
        List<CaseFile> files = inMemory ? caseFiles.forFigures(scope, asOf) : caseFiles.in(scope, asOf);
        List<SanbangLedgerRow> rows = files.stream()
                                               .filter(keep)
                                               .map(file -> SanbangLedgerRow.of(file, asOf.day(),
                                                                                overduePolicy.rulesFor(file), names))
                                               .filter(overdue)
                                               .sorted(LedgerSort.parse(sort, SANBANG_SORTS, "region",
                                                                        SanbangLedgerRow::caseId))
                                               .toList();
        LedgerPage<SanbangLedgerRow> chosen = page(scope, asOf, rows, page, size);
        return inMemory ? withPersonalData(chosen, SanbangLedgerRow::caseId,
                                           file -> SanbangLedgerRow.of(file, asOf.day(), overduePolicy.rulesFor(file),
                                                                       names))
                : chosen;
    }

    ReturnAccount returns(ReadScope scope, ReadTime asOf, Boolean crossedOff, String sort, int page, int size) {
        boolean inMemory = choosableInMemory(scope, asOf, sort);
        List<CaseFile> files = inMemory ? caseFiles.forFigures(scope, asOf) : caseFiles.in(scope, asOf);
        UnitNames names = UnitNames.at(directories, asOf);
        // Units one level down; a school's whole list (no region) is grouped by town.
        DivisionCode region = scope.region();
        boolean byTown = region == null || region.level() == DivisionCode.Level.COUNTY;
        Map<String, List<CaseFile>> byUnit = files.stream().collect(Collectors.groupingBy(
                file -> byTown ? file.townCode() : file.villageCode(),
                TreeMap::new, Collectors.toList()));
        Boolean directoryMissing = null;
        List<String> rows = List.copyOf(byUnit.keySet());
        if (region != null) {
            UnitDirectory directory = names.directory(region.county().value());
            directoryMissing = directory.isEmpty();
            // A school's figures count its own students only: no rows of zeros for every unit of the region.
            List<UnitEntry> listed = scope.schoolCode() == null ? listedUnits(directory, region, asOf) : List.of();
            rows = UnitNames.rows(listed, directory, byUnit.keySet());
        }
        Map<String, AccountSummary> units = new LinkedHashMap<>();
        Map<String, String> unitNames = new LinkedHashMap<>();
        for (String unit : rows) {
            units.put(unit, AccountSummary.of(byUnit.getOrDefault(unit, List.of())));
            unitNames.put(unit, names.name(unit));
        }
        LedgerPage<ReturnAccountRow> students = page(scope, asOf, returnRows(files, crossedOff, sort, names), page,
                                                     size);
        return new ReturnAccount(scope.regionCode(), names.name(scope.regionCode()), scope.schoolCode(),
                                 directoryMissing, AccountSummary.of(files), units, unitNames,
                                 inMemory ? withPersonalData(students, ReturnAccountRow::caseId,
                                                             file -> ReturnAccountRow.of(file, names))
                                         : students);
    }

    /**
     * Whether a live page can be chosen among the files in memory, which hold no personal data ({@link
     * CaseFiles#forFigures}), and only its own rows read with theirs: for every order but by name.
     */
    private static boolean choosableInMemory(ReadScope scope, ReadTime asOf, String sort) {
        return asOf.live() && scope.region() != null && !"studentName".equals(LedgerSort.field(sort, "region"));
    }

    /** The page's rows again from their cases' current files with the personal data: names, masked numbers, helpers. */
    private <T> LedgerPage<T> withPersonalData(LedgerPage<T> page, Function<T, String> caseId,
                                               Function<CaseFile, T> row) {
        Map<String, CaseFile> files = caseFiles.current(page.rows().stream().map(caseId).toList());
        List<T> rows = page.rows().stream()
                           .map(chosen -> files.containsKey(caseId.apply(chosen))
                                   ? row.apply(files.get(caseId.apply(chosen))) : chosen)
                           .toList();
        return new LedgerPage<>(page.region(), page.school(), page.asOf(), page.asOfDay(), page.live(),
                                page.byBusinessDate(), page.total(), page.page(), page.size(), rows);
    }

    /** The region (or school) of an export as its heading names it: 白沙镇（430182101）, or the code alone. */
    String scopeLabel(ReadScope scope, ReadTime asOf) {
        UnitNames names = UnitNames.at(directories, asOf);
        String region = scope.regionCode() == null ? null : names.label(scope.regionCode());
        String school = scope.schoolCode() == null ? null : "学校 " + names.label(scope.schoolCode());
        return region == null ? school : school == null ? region : region + "，" + school;
    }

    /** 填报单位: the exporting account's unit, by its name in the directory when listed. */
    String unitLabel(Actor actor, ReadTime asOf) {
        return actor.unitCode() == null ? null : UnitNames.at(directories, asOf).label(actor.unitCode());
    }

    /** The units one level down that the directory lists and has in use on the day asked. */
    private static List<UnitEntry> listedUnits(UnitDirectory directory, DivisionCode region, ReadTime asOf) {
        return switch (region.level()) {
            case COUNTY -> directory.towns(asOf.day(), asOf.day());
            case TOWN -> directory.villages(region.value(), asOf.day(), asOf.day());
            case VILLAGE -> directory.find(region.value()).filter(village -> village.inUseOn(asOf.day()))
                                     .map(List::of).orElse(List.of());
        };
    }

    /** The account's student rows alone, all of them (the export has no use for the region's summaries). */
    List<ReturnAccountRow> returnRows(ReadScope scope, ReadTime asOf, Boolean crossedOff, String sort) {
        return returnRows(caseFiles.in(scope, asOf), crossedOff, sort, UnitNames.at(directories, asOf));
    }

    private static List<ReturnAccountRow> returnRows(List<CaseFile> files, Boolean crossedOff, String sort,
                                                     UnitNames names) {
        return files.stream()
                    .filter(file -> !file.returns().isEmpty())
                    .map(file -> ReturnAccountRow.of(file, names))
                    .filter(row -> crossedOff == null || row.crossedOff() == crossedOff)
                    .sorted(LedgerSort.parse(sort, RETURN_SORTS, "region", ReturnAccountRow::caseId))
                    .toList();
    }

    private static <T> LedgerPage<T> page(ReadScope scope, ReadTime asOf, List<T> rows, int page, int size) {
        int from = (int) Math.min((long) page * size, rows.size());
        int to = Math.min(from + size, rows.size());
        return new LedgerPage<>(scope.regionCode(), scope.schoolCode(), asOf.instant(), asOf.day(), asOf.live(), asOf.byBusinessDate(), rows.size(), page, size,
                                rows.subList(from, to));
    }
}
