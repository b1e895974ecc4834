package cn.kcbx.query.report;

import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitRetired;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.measure.OverdueRules;
import cn.kcbx.query.measure.Period;
import cn.kcbx.query.measure.RegionMeasures;
import cn.kcbx.query.projection.ProjectionEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The county report's town rows come from the county's unit directory as recorded by the as-of moment: every town in
 * use in the period, zeros included, in code order and named; towns with cases the directory does not list come last;
 * the total is that of the cases alone.
 */
class CountyReportTownRowsTest {

    private static final String COUNTY = "430181";
    private static final ReadTime OCTOBER_28 = ReadTime.endOf(LocalDate.of(2026, 10, 28));
    private static final Period OCTOBER = Period.monthTo(OCTOBER_28.day());

    private final UnitDirectory directory = UnitDirectory.of(COUNTY, List.of(
            added(DirectoryUnit.county(COUNTY, "青禾县"), "2026-08-01T08:00:00Z"),
            added(DirectoryUnit.town("430181105", "青禾乡"), "2026-08-01T08:00:00Z"),
            added(DirectoryUnit.town("430181106", "白沙镇"), "2026-08-01T08:00:00Z"),
            added(DirectoryUnit.town("430181107", "石门乡"), "2026-08-01T08:00:00Z"),
            added(DirectoryUnit.town("430181108", "枫林镇"), "2026-08-01T08:00:00Z"),
            added(DirectoryUnit.village("430181105203", "青禾村"), "2026-08-01T08:00:00Z"),
            // retired before October, with no case: no row
            new UnitDirectory.Recorded(new UnitRetired(COUNTY, "430181108", LocalDate.of(2026, 9, 1), "撤并"),
                                       Instant.parse("2026-08-20T08:00:00Z")),
            // recorded in November: not yet known on 28 October
            added(DirectoryUnit.town("430181109", "新城街道"), "2026-11-05T08:00:00Z")));

    private final List<CaseFile> files = List.of(caseIn("430181105203", 1), caseIn("430181105203", 2),
                                                 caseIn("430181199201", 3));

    @Test
    void everyTownInUse_isARow_inCodeOrder_withItsName_andAnUnlistedTownWithCasesComesLast() {
        CountyReport report = report(UnitNames.of(OCTOBER_28.day(), directory.knownAt(OCTOBER_28.instant())));

        assertThat(report.countyName()).isEqualTo("青禾县");
        assertThat(report.directoryMissing()).isFalse();
        assertThat(report.towns()).extracting(CountyReport.TownRow::townCode)
                                  .containsExactly("430181105", "430181106", "430181107", "430181199");
        assertThat(report.towns()).extracting(CountyReport.TownRow::townName)
                                  .containsExactly("青禾乡", "白沙镇", "石门乡", null);
        assertThat(report.towns()).extracting(row -> row.measures().account().cases()).containsExactly(2, 0, 0, 1);
        RegionMeasures zero = report.towns().get(1).measures();
        assertThat(zero).isEqualTo(RegionMeasures.of(List.of(), OCTOBER_28.day(), OCTOBER, file -> rules()));
        assertThat(report.total()).isEqualTo(RegionMeasures.of(files, OCTOBER_28.day(), OCTOBER, file -> rules()));
    }

    @Test
    void aTownAddedAfterTheAsOfMoment_isNoRow_whileTheCurrentDirectoryListsIt() {
        CountyReport asOfOctober = report(UnitNames.of(OCTOBER_28.day(), directory.knownAt(OCTOBER_28.instant())));
        CountyReport withTodaysDirectory = report(UnitNames.of(OCTOBER_28.day(), directory));

        assertThat(asOfOctober.towns()).extracting(CountyReport.TownRow::townCode).doesNotContain("430181109");
        assertThat(withTodaysDirectory.towns()).extracting(CountyReport.TownRow::townCode).contains("430181109");
    }

    @Test
    void aCountyWithoutDirectory_listsTheTownsWithCases_unnamed_andSaysSo() {
        CountyReport report = report(UnitNames.of(OCTOBER_28.day()));

        assertThat(report.directoryMissing()).isTrue();
        assertThat(report.countyName()).isNull();
        assertThat(report.towns()).extracting(CountyReport.TownRow::townCode).containsExactly("430181105", "430181199");
        assertThat(report.towns()).extracting(CountyReport.TownRow::townName).containsOnlyNulls();
    }

    private CountyReport report(UnitNames names) {
        return CountyReport.of(COUNTY, files, OCTOBER_28, OCTOBER, county -> rules(), false, names);
    }

    private static OverdueRules rules() {
        return new OverdueRules(7, 14);
    }

    private static UnitDirectory.Recorded added(DirectoryUnit unit, String at) {
        return new UnitDirectory.Recorded(new UnitAdded(COUNTY, unit, null), Instant.parse(at));
    }

    private static CaseFile caseIn(String village, int n) {
        String caseId = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4" + n;
        CaseIdentified usual = CaseEvents.identified(caseId, CaseEvents.idNumberOf(700 + n));
        CaseIdentified here = new CaseIdentified(caseId, usual.source(), usual.sourceNote(),
                                                 LocalDate.of(2026, 10, 2), usual.student(),
                                                 new HouseholdLocation(new DivisionCode(village), null),
                                                 usual.lastSchool(), usual.priorityCategories(),
                                                 usual.suspectedReasons());
        return CaseFile.fold(null, new ProjectionEvent(caseId, 0, n, "event-" + n,
                                                       Instant.parse("2026-10-02T02:00:00Z"), here,
                                                       CaseEvents.metaData("clerk", "TOWN", "430181105", "r-" + n)));
    }
}
