package cn.kcbx.query.dashboard;

import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.CountRow;
import cn.kcbx.query.measure.OverduePolicy;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.measure.RegionMeasures;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A town's dashboard on a given day: the account and overdue items of the town and of each village, cases by status,
 * and the open cases by reason, priority category and school level; plus this month's flows.
 *
 * <p>The village rows are those of the county's unit directory as recorded by the as-of moment: every village of the
 * town it lists and has in use this month, with or without cases (zeros included), and every listed village with
 * cases, in code order; then any village with cases the directory does not list, without a name.
 *
 * @param townName         the town's name in the directory, or null
 * @param directoryMissing true when the county had no unit directory by the as-of moment (villages with cases only,
 *                         without names)
 * @param measures       the town's account, overdue items, this month's new / returned / crossed-off and 送教上门
 * @param byStatus       all cases of the town by status
 * @param openByReason   open cases by primary reason
 * @param openByCategory open cases by priority category (a case with two categories counts in both)
 * @param openByLevel    open cases by school level (小学 / 初中) of their last school
 */
public record TownDashboard(String townCode, String townName, boolean directoryMissing, Instant asOf,
                            LocalDate asOfDay, boolean live, boolean byBusinessDate, Period month, RegionMeasures measures,
                            List<CountRow> byStatus, List<VillageRow> villages,
                            List<CountRow> openByReason, List<CountRow> openByCategory, List<CountRow> openByLevel) {

    /** One village: its name in the directory (null when not listed) and its measures. */
    public record VillageRow(String villageCode, String villageName, RegionMeasures measures) {
    }

    /**
     * @param names the unit names and directories for the dashboard (as recorded by its as-of moment,
     *              {@link UnitNames#at})
     */
    static TownDashboard of(String townCode, List<CaseFile> files, ReadTime asOf, OverduePolicy policy,
                            UnitNames names) {
        Period month = Period.monthTo(asOf.day());
        List<CaseFile> open = files.stream().filter(CaseFile::isOpen).toList();
        Map<String, List<CaseFile>> byVillage = files.stream().collect(
                Collectors.groupingBy(CaseFile::villageCode, TreeMap::new, Collectors.toList()));
        UnitDirectory directory = names.directory(townCode.substring(0, 6));
        List<VillageRow> villages =
                UnitNames.rows(directory.villages(townCode, month.from(), month.to()), directory, byVillage.keySet())
                         .stream()
                         .map(village -> new VillageRow(village, names.name(village), RegionMeasures.of(
                                 byVillage.getOrDefault(village, List.of()), asOf.day(), month, policy::rulesFor)))
                         .toList();
        return new TownDashboard(
                townCode, names.name(townCode), directory.isEmpty(), asOf.instant(), asOf.day(), asOf.live(), asOf.byBusinessDate(), month,
                RegionMeasures.of(files, asOf.day(), month, policy::rulesFor),
                CountRow.byEnum(files, CaseStatus.class, f -> Set.of(f.status()), CaseStatus::label), villages,
                CountRow.byEnum(open, DropoutReason.class, f -> Set.of(f.primaryReason()), DropoutReason::label),
                CountRow.byEnum(open, PriorityCategory.class, CaseFile::priorityCategories, PriorityCategory::label),
                CountRow.byEnum(open, SchoolLevel.class,
                                f -> f.schoolLevel() == null ? Set.of() : Set.of(f.schoolLevel()),
                                SchoolLevel::label));
    }
}
