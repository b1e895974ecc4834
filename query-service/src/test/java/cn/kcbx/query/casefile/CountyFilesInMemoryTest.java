package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;
import cn.kcbx.query.CaseEvents;
import cn.kcbx.query.QueryServiceApplication;
import cn.kcbx.query.projection.ProjectionRebuilder;
import cn.kcbx.query.projection.ProjectionRegistry;
import cn.kcbx.testsupport.TestMongo;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The county files kept in memory for figures ({@link CountyFilesInMemory}) are what the store holds, read after read,
 * now, as known at a past moment and on a day as known now, while cases change and one moves to another county; and
 * they hold none of the children's personal data.
 */
@SpringBootTest(properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class CountyFilesInMemoryTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("livefiles");
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DivisionCode COUNTY_A = new DivisionCode("430181");
    private static final DivisionCode TOWN_A1 = new DivisionCode("430181105");
    private static final DivisionCode TOWN_A2 = new DivisionCode("430181106");
    private static final DivisionCode COUNTY_B = new DivisionCode("430182");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    CaseFiles caseFiles;
    @Autowired
    ProjectionRebuilder rebuilder;
    @Autowired
    ProjectionRegistry registry;

    private final Map<String, Long> nextSequence = new HashMap<>();

    @Test
    void theFilesInMemoryFollowEveryChangeInEveryView_aCaseMovedToAnotherCountyIncluded_andHoldNoPersonalData() {
        String first = identify(1, TOWN_A1.value() + "203");
        String second = identify(2, TOWN_A1.value() + "204");
        String third = identify(3, TOWN_A2.value() + "201");
        String fourth = identify(4, "430182101201");
        awaitSequence(Map.of(first, 0L, second, 0L, third, 0L, fourth, 0L));
        ReadTime beforeTheChanges = ReadTime.at(Instant.now());
        // Read once: every view is now held in memory.
        assertSameAsTheStore(live(), beforeTheChanges, today());
        assertThat(ids(caseFiles.forFigures(COUNTY_A, live()))).containsOnlyKeys(first, second, third);

        record(first, new DropoutConfirmed(first, LocalDate.now(CHINA), null));
        record(second, new CaseTransferred(second, TransferKind.HOUSEHOLD_MOVED, LocalDate.now(CHINA),
                                           new DivisionCode(TOWN_A1.value() + "204"),
                                           new HouseholdLocation(new DivisionCode("430182101202"), null),
                                           Set.of("2143000001"), null, null));
        String fifth = identify(5, TOWN_A2.value() + "202");
        awaitSequence(Map.of(first, 1L, second, 1L, fifth, 0L));

        assertSameAsTheStore(live(), beforeTheChanges, today(), ReadTime.at(Instant.now()));
        assertThat(ids(caseFiles.forFigures(COUNTY_A, live()))).containsOnlyKeys(first, third, fifth);
        assertThat(ids(caseFiles.forFigures(COUNTY_B, live()))).containsOnlyKeys(second, fourth);
        assertThat(ids(caseFiles.forFigures(COUNTY_A, beforeTheChanges))).containsOnlyKeys(first, second, third);
        assertThat(ids(caseFiles.forFigures(COUNTY_A, today()))).containsOnlyKeys(first, third, fifth);
        assertThat(caseFiles.forFigures(TOWN_A1, live())).extracting(CaseFile::caseId).containsExactly(first);
        assertThat(caseFiles.forFigures(COUNTY_A, live())).filteredOn(f -> f.caseId().equals(first))
                                                          .extracting(f -> f.status().name())
                                                          .containsExactly("CONFIRMED_DROPOUT");

        // A rebuild switches every projection to new collections; the memory follows, and so do the next events.
        String rebuildBefore = rebuilder.lastRebuild(CaseLedgerProjection.NAME).map(r -> r.rebuildId()).orElse("");
        rebuilder.start(registry.names());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
               .until(() -> !rebuilder.isRunning() && rebuilder.lastRebuild(CaseLedgerProjection.NAME)
                       .map(r -> !r.rebuildId().equals(rebuildBefore)).orElse(false));
        record(third, new DropoutConfirmed(third, LocalDate.now(CHINA), null));
        awaitSequence(Map.of(third, 1L));
        assertSameAsTheStore(live(), beforeTheChanges, today());
        assertThat(caseFiles.forFigures(TOWN_A2, live())).filteredOn(f -> f.caseId().equals(third))
                                                          .extracting(f -> f.status().name())
                                                          .containsExactly("CONFIRMED_DROPOUT");

        // What the store path opens from the seals, the memory never holds.
        assertThat(caseFiles.in(COUNTY_A, live())).extracting(CaseFile::studentName).doesNotContainNull();
        for (ReadTime time : List.of(live(), beforeTheChanges, today())) {
            for (DivisionCode county : List.of(COUNTY_A, COUNTY_B)) {
                assertThat(caseFiles.forFigures(county, time)).isNotEmpty().allSatisfy(file -> {
                    assertThat(file.studentName()).isNull();
                    assertThat(file.idNumber()).isNull();
                    assertThat(file.birthDate()).isNull();
                });
            }
        }
    }

    /** Same cases, each at the same event, in the same place, as a read of the store now, in every region. */
    private void assertSameAsTheStore(ReadTime... times) {
        for (ReadTime time : times) {
            for (DivisionCode region : List.of(COUNTY_A, TOWN_A1, TOWN_A2, COUNTY_B)) {
                assertThat(places(caseFiles.forFigures(region, time))).as("region %s at %s", region, time)
                                                                      .isEqualTo(places(caseFiles.in(region, time)));
            }
        }
    }

    private static Map<String, String> places(List<CaseFile> files) {
        Map<String, String> places = new TreeMap<>();
        files.forEach(f -> places.put(f.caseId(), f.sequence() + " " + f.villageCode() + " " + f.status()));
        return places;
    }

    private static Map<String, Long> ids(List<CaseFile> files) {
        Map<String, Long> sequences = new TreeMap<>();
        files.forEach(file -> sequences.put(file.caseId(), file.sequence()));
        return sequences;
    }

    private static ReadTime live() {
        return ReadTime.now(Clock.systemUTC());
    }

    /** Today by business dates, as known now. */
    private static ReadTime today() {
        return live().on(LocalDate.now(CHINA));
    }

    private String identify(int n, String village) {
        String caseId = UUID.randomUUID().toString();
        StudentIdentity student = new StudentIdentity("学生" + "甲乙丙丁戊".charAt(n - 1),
                                                      new IdNumber(CaseEvents.idNumberOf(700 + n)), null, null, null);
        record(caseId, new CaseIdentified(caseId, IdentificationSource.TERM_START_CHECK, null,
                                          LocalDate.now(CHINA), student,
                                          new HouseholdLocation(new DivisionCode(village), null),
                                          new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6), List.of(),
                                          SuspectedReasons.of(DropoutReason.LEARNING_DIFFICULTY)));
        return caseId;
    }

    private void record(String caseId, CaseEvent event) {
        long sequence = nextSequence.merge(caseId, 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, caseId, sequence, event,
                CaseEvents.metaData("clerk-01", "TOWN", TOWN_A1.value(), UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), Instant.now())));
    }

    private void awaitSequence(Map<String, Long> sequences) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
               .until(() -> sequences.entrySet().stream().allMatch(expected -> caseFiles.current(expected.getKey())
                       .map(CaseFile::sequence).orElse(-1L).equals(expected.getValue())));
    }
}
