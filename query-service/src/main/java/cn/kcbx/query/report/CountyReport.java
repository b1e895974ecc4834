package cn.kcbx.query.report;

import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.CountRow;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.measure.RegionMeasures;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A county's report on a given day: one row per town with the town dashboard's measures, the county total, cases by
 * reason and priority category, and the median days from identification to (first) return.
 *
 * <p>The town rows are those of the county's unit directory as recorded by the as-of moment: every town it lists and
 * has in use in the period, with or without cases (a town with none shows a row of zeros: it reported), and every
 * listed town with cases, in code order; then any town with cases the directory does not list, without a name. Rows
 * of zeros add nothing to the total.
 *
 * @param countyName         the county's name, when its directory lists the county itself
 * @param directoryMissing   true when the county had no unit directory by the as-of moment: the towns are then only
 *                           those with cases, without names
 * @param byBusinessDate     true when {@code asOfDay} was asked as a business date ({@code on}, and every monthly
 *                           report): the state on that day by the dates on the events, as known at {@code asOf}
 * @param period             the span the "in period" figures count (new cases, returns, cross-offs, by business
 *                           date): the calendar month to date, or a monthly report's period
 * @param byReason           all cases by primary reason
 * @param byCategory         all cases by priority category (a case with two categories counts in both)
 * @param medianDaysToReturn median of days from identification to the first return, over returned cases; null if none
 * @param casesBehind        for a monthly report, figure → county-wide ids of the cases behind it; null otherwise
 */
public record CountyReport(String countyCode, String countyName, boolean directoryMissing, Instant asOf,
                           LocalDate asOfDay, boolean live, boolean byBusinessDate, Period period, List<TownRow> towns,
                           RegionMeasures total, List<CountRow> byReason, List<CountRow> byCategory,
                           Double medianDaysToReturn,
                           Map<String, List<String>> casesBehind) {

    /** One town: its name in the directory (null when not listed) and its measures. */
    public record TownRow(String townCode, String townName, RegionMeasures measures) {
    }

    /**
     * @param names the unit names and directories for the report (as recorded by its as-of moment,
     *              {@link UnitNames#at})
     */
    static CountyReport of(String countyCode, List<CaseFile> files, ReadTime asOf, Period period, OverduePolicy policy,
                           boolean withCasesBehind, UnitNames names) {
        Map<String, List<CaseFile>> byTown = files.stream().collect(
                Collectors.groupingBy(CaseFile::townCode, TreeMap::new, Collectors.toList()));
        UnitDirectory directory = names.directory(countyCode);
        List<TownRow> towns = UnitNames.rows(directory.towns(period.from(), period.to()), directory, byTown.keySet())
                                       .stream()
                                       .map(town -> new TownRow(town, names.name(town), RegionMeasures.of(
                                               byTown.getOrDefault(town, List.of()), asOf.day(), period,
                                               policy::rulesFor)))
                                       .toList();
        return new CountyReport(
                countyCode, names.name(countyCode), directory.isEmpty(), asOf.instant(), asOf.day(), asOf.live(), asOf.byBusinessDate(),
                period, towns,
                RegionMeasures.of(files, asOf.day(), period, policy::rulesFor),
                CountRow.byEnum(files, DropoutReason.class, f -> Set.of(f.primaryReason()), DropoutReason::label),
                CountRow.byEnum(files, PriorityCategory.class, CaseFile::priorityCategories, PriorityCategory::label),
                medianDaysToReturn(files),
                withCasesBehind ? RegionMeasures.casesBehind(files, asOf.day(), period, policy::rulesFor) : null);
    }

    static Double medianDaysToReturn(Collection<CaseFile> files) {
        List<Long> days = new ArrayList<>();
        for (CaseFile file : files) {
            if (!file.returns().isEmpty() && file.identifiedOn() != null) {
                days.add(ChronoUnit.DAYS.between(file.identifiedOn(), file.returns().get(0).returnedOn()));
            }
        }
        if (days.isEmpty()) {
            return null;
        }
        days.sort(null);
        int middle = days.size() / 2;
        return days.size() % 2 == 1 ? days.get(middle) : (days.get(middle - 1) + days.get(middle)) / 2.0;
    }
}
