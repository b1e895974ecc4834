package cn.kcbx.caseservice.directory;

import cn.kcbx.kernel.directory.DirectoryChanges;
import cn.kcbx.kernel.directory.DirectoryEntry;
import cn.kcbx.kernel.directory.DirectoryRefusedException;
import cn.kcbx.kernel.directory.DirectoryUnit;
import cn.kcbx.kernel.directory.ImportDirectory;
import cn.kcbx.kernel.directory.RetireUnit;
import cn.kcbx.kernel.directory.SaveUnit;
import cn.kcbx.kernel.directory.UnitAdded;
import cn.kcbx.kernel.directory.UnitChanged;
import cn.kcbx.kernel.directory.UnitRetired;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;

/** The county directory aggregate records exactly the differences its rules allow, nothing when there are none. */
class CountyDirectoryAggregateTest {

    private static final String COUNTY = "439921";
    private static final DirectoryUnit TOWN = DirectoryUnit.town("439921100", "清溪镇");
    private static final DirectoryUnit VILLAGE = DirectoryUnit.village("439921100201", "河东村");

    private static FixtureConfiguration<CountyDirectory> fixture() {
        FixtureConfiguration<CountyDirectory> fixture = new AggregateTestFixture<>(CountyDirectory.class);
        fixture.registerCommandTargetResolver(new DirectoryCommandTargetResolver());
        return fixture;
    }

    private static ImportDirectory importing(DirectoryUnit... units) {
        List<DirectoryEntry> entries = IntStream.range(0, units.length)
                .mapToObj(i -> new DirectoryEntry(i + 2, units[i], null, null, null)).toList();
        return new ImportDirectory(COUNTY, "单位目录.xlsx", entries);
    }

    @Test
    void theFirstImport_startsTheCountysDirectory() {
        fixture().givenNoPriorActivity()
                 .when(importing(VILLAGE, TOWN))
                 .expectEvents(new UnitAdded(COUNTY, TOWN, null), new UnitAdded(COUNTY, VILLAGE, null))
                 .expectResultMessagePayload(new DirectoryChanges(2, 0, 0));
    }

    @Test
    void theSameFileAgain_recordsNothing() {
        fixture().given(new UnitAdded(COUNTY, TOWN, null), new UnitAdded(COUNTY, VILLAGE, null))
                 .when(importing(TOWN, VILLAGE))
                 .expectSuccessfulHandlerExecution().expectNoEvents()
                 .expectResultMessagePayload(new DirectoryChanges(0, 0, 0));
    }

    @Test
    void aRenamedVillage_isOneChange() {
        DirectoryUnit renamed = DirectoryUnit.village("439921100201", "河东社区");
        fixture().given(new UnitAdded(COUNTY, TOWN, null), new UnitAdded(COUNTY, VILLAGE, null))
                 .when(new SaveUnit(COUNTY, DirectoryEntry.inUse(renamed), LocalDate.of(2026, 6, 1)))
                 .expectEvents(new UnitChanged(COUNTY, renamed, null, LocalDate.of(2026, 6, 1)));
    }

    @Test
    void aBadFile_isRefusedWhole() {
        fixture().given(new UnitAdded(COUNTY, TOWN, null))
                 .when(importing(DirectoryUnit.village("439921100202", "河西村"),
                                 DirectoryUnit.village("439921101201", "无主村")))
                 .expectNoEvents()
                 .expectExceptionMessage("1 problem(s) in a unit directory change")
                 .expectException(DirectoryRefusedException.class);
    }

    @Test
    void retiring_isRecordedWithItsDateAndReason() {
        fixture().given(new UnitAdded(COUNTY, TOWN, null), new UnitAdded(COUNTY, VILLAGE, null))
                 .when(new RetireUnit(COUNTY, "439921100201", LocalDate.of(2026, 7, 1), "并入河西村"))
                 .expectEvents(new UnitRetired(COUNTY, "439921100201", LocalDate.of(2026, 7, 1), "并入河西村"));
    }
}
