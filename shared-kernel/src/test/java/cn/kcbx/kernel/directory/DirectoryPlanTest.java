package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.RuleViolationException;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class DirectoryPlanTest {

    private static final String COUNTY = "439921";
    private static final Instant RECORDED_AT = Instant.parse("2026-03-02T01:00:00Z");

    private static DirectoryEntry row(int row, DirectoryUnit unit) {
        return new DirectoryEntry(row, unit, null, null, null);
    }

    private static List<DirectoryEntry> smallCounty() {
        return List.of(row(2, DirectoryUnit.county(COUNTY, "清溪县")),
                       // the village comes before its town: a file need not be sorted
                       row(3, DirectoryUnit.village("439921100201", "河东村")),
                       row(4, DirectoryUnit.town("439921100", "清溪镇")),
                       row(5, DirectoryUnit.school("2199211000", "清溪镇中心小学", "439921100", SchoolStage.PRIMARY,
                                                   SchoolOwnership.PUBLIC, true)));
    }

    private static UnitDirectory recorded(UnitDirectory directory, List<DirectoryEvent> changes, Instant at) {
        List<UnitDirectory.Recorded> history = new ArrayList<>(directory.history());
        changes.forEach(change -> history.add(new UnitDirectory.Recorded(change, at, "qx.admin")));
        return UnitDirectory.of(directory.county(), history);
    }

    private static UnitDirectory imported() {
        DirectoryPlan.Outcome outcome = DirectoryPlan.importing(UnitDirectory.empty(COUNTY), smallCounty());
        assertThat(outcome.problems()).isEmpty();
        return recorded(UnitDirectory.empty(COUNTY), outcome.changes(), RECORDED_AT);
    }

    @Test
    void a_first_import_adds_every_unit_and_the_same_file_again_changes_nothing() {
        DirectoryPlan.Outcome first = DirectoryPlan.importing(UnitDirectory.empty(COUNTY), smallCounty());

        assertThat(first.changes()).hasSize(4).allMatch(UnitAdded.class::isInstance);
        UnitDirectory directory = recorded(UnitDirectory.empty(COUNTY), first.changes(), RECORDED_AT);
        assertThat(directory.nameOf("439921100201")).isEqualTo("河东村");
        assertThat(directory.countyName()).contains("清溪县");
        assertThat(directory.schools("439921100")).extracting(UnitEntry::name).containsExactly("清溪镇中心小学");

        DirectoryPlan.Outcome again = DirectoryPlan.importing(directory, smallCounty());
        assertThat(again.accepted()).isTrue();
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void every_bad_row_is_reported_with_its_row_and_nothing_is_taken() {
        List<DirectoryEntry> entries = new ArrayList<>(smallCounty());
        entries.add(row(6, DirectoryUnit.village("439921199201", "无主村")));      // town 439921199 not listed
        entries.add(row(7, DirectoryUnit.town("430199100", "外县镇")));            // another county
        entries.add(row(8, DirectoryUnit.town("439921100", "清溪镇（重复）")));      // same code as row 4

        DirectoryPlan.Outcome outcome = DirectoryPlan.importing(UnitDirectory.empty(COUNTY), entries);

        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.changes()).isEmpty();
        assertThat(outcome.problems()).extracting(DirectoryPlan.Problem::row, DirectoryPlan.Problem::code)
                                      .containsExactly(tuple(6, "TOWN_NOT_IN_DIRECTORY"),
                                                       tuple(7, "UNIT_OUTSIDE_COUNTY"),
                                                       tuple(8, "DUPLICATE_UNIT_ROW"));
        assertThat(outcome.problems().get(2).message()).contains("第 4 行");
    }

    @Test
    void a_renaming_keeps_the_old_name_for_the_days_before_it() {
        UnitDirectory directory = imported();
        DirectoryEntry renamed = DirectoryEntry.inUse(DirectoryUnit.village("439921100201", "河东社区"));

        DirectoryPlan.Outcome outcome = DirectoryPlan.saving(directory, renamed, LocalDate.of(2026, 6, 1));

        assertThat(outcome.changes()).singleElement().isInstanceOf(UnitChanged.class);
        UnitEntry village = recorded(directory, outcome.changes(), RECORDED_AT.plusSeconds(86_400)).find("439921100201")
                                                                                          .orElseThrow();
        assertThat(village.name()).isEqualTo("河东社区");
        assertThat(village.nameOn(LocalDate.of(2026, 5, 31))).isEqualTo("河东村");
        assertThat(village.nameOn(LocalDate.of(2026, 6, 1))).isEqualTo("河东社区");
    }

    @Test
    void a_retired_village_keeps_its_name_and_takes_no_new_work_from_its_retirement_on() {
        UnitDirectory directory = imported();
        DirectoryPlan.Outcome outcome = DirectoryPlan.retiring(directory,
                new RetireUnit(COUNTY, "439921100201", LocalDate.of(2026, 7, 1), "并入河西村"));
        UnitDirectory after = recorded(directory, outcome.changes(), RECORDED_AT.plusSeconds(86_400));

        assertThat(after.nameOf("439921100201")).isEqualTo("河东村");
        after.requireInUse("439921100201", UnitKind.VILLAGE, LocalDate.of(2026, 6, 30), "household.village");
        assertThatThrownBy(() -> after.requireInUse("439921100201", UnitKind.VILLAGE, LocalDate.of(2026, 7, 1),
                                                    "household.village"))
                .isInstanceOfSatisfying(RuleViolationException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("UNIT_RETIRED");
                    assertThat(refused.field()).isEqualTo("household.village");
                    assertThat(refused.getMessage()).contains("河东村", "2026-07-01", "并入河西村");
                });
        // a retired unit is not changed any more, but the file that retired it may be imported again
        assertThat(DirectoryPlan.saving(after, DirectoryEntry.inUse(DirectoryUnit.village("439921100201", "新河东村")),
                                        null).problems())
                .extracting(DirectoryPlan.Problem::code).containsExactly("UNIT_RETIRED");
        assertThat(DirectoryPlan.importing(after, List.of(new DirectoryEntry(2,
                DirectoryUnit.village("439921100201", "河东村"), null, LocalDate.of(2026, 7, 1), "并入河西村")))
                                .changes()).isEmpty();
    }

    @Test
    void a_town_is_retired_only_once_its_villages_and_schools_are() {
        UnitDirectory directory = imported();

        DirectoryPlan.Outcome outcome = DirectoryPlan.retiring(directory,
                new RetireUnit(COUNTY, "439921100", LocalDate.of(2026, 7, 1), "乡镇合并"));

        assertThat(outcome.problems()).extracting(DirectoryPlan.Problem::code)
                                      .containsExactly("TOWN_HAS_UNITS_IN_USE");
        assertThat(outcome.problems().get(0).message()).contains("2 个");
    }

    @Test
    void unknown_codes_are_refused_naming_the_code_unless_the_county_has_no_directory_yet() {
        UnitDirectory.empty(COUNTY).requireInUse("439921199201", UnitKind.VILLAGE, LocalDate.of(2026, 9, 1), "v");

        assertThatThrownBy(() -> imported().requireInUse("439921199201", UnitKind.VILLAGE, LocalDate.of(2026, 9, 1),
                                                         "household.village"))
                .isInstanceOfSatisfying(RuleViolationException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("UNIT_NOT_IN_DIRECTORY");
                    assertThat(refused.getMessage()).contains("439921199201", "清溪县");
                });
    }

    @Test
    void a_directory_as_known_at_a_moment_leaves_out_what_was_recorded_later() {
        UnitDirectory directory = imported();
        DirectoryPlan.Outcome added = DirectoryPlan.saving(directory,
                DirectoryEntry.inUse(DirectoryUnit.town("439921101", "白沙镇")), null);
        UnitDirectory later = recorded(directory, added.changes(), RECORDED_AT.plusSeconds(3600));

        assertThat(later.towns(null, LocalDate.of(2026, 12, 31))).extracting(UnitEntry::code)
                                                                 .containsExactly("439921100", "439921101");
        assertThat(later.knownAt(RECORDED_AT.plusSeconds(60)).towns(null, LocalDate.of(2026, 12, 31)))
                .extracting(UnitEntry::code).containsExactly("439921100");
    }
}
