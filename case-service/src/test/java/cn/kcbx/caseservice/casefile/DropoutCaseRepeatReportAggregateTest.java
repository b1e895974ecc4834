package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.identification.CaseReportedAgain;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** A student reported again by a pushed list is recorded on the open case, which keeps its status. */
class DropoutCaseRepeatReportAggregateTest {

    private static final String BATCH = "2026年秋季学期第1批（平台比对下发）";
    private FixtureConfiguration<DropoutCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    private static RecordRepeatReport report(LocalDate on) {
        return new RecordRepeatReport(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, on, BATCH);
    }

    @Test
    void isRecordedWithItsBatchAndDate_andChangesNoStatus() {
        LocalDate on = LocalDate.of(2026, 10, 9);
        fixture.given(persuading())
               .when(report(on))
               .expectEvents(new CaseReportedAgain(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, on, BATCH))
               .expectState(c -> assertThat(c.status()).isEqualTo(cn.kcbx.kernel.dropoutcase.CaseStatus.PERSUADING));
        assertThat(new CaseReportedAgain(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, on, BATCH).occurredOn())
                .isEqualTo(on);
    }

    @Test
    void isRefusedOnAClosedCase() {
        fixture.given(closed()).when(report(TODAY)).expectException(violation("CASE_CLOSED")).expectNoEvents();
    }

    @Test
    void isNotDatedBeforeIdentificationNorInTheFuture() {
        fixture.given(identified()).when(report(IDENTIFIED_ON.minusDays(1)))
               .expectException(violation("DATE_BEFORE_IDENTIFICATION", "reportedOn")).expectNoEvents();
        fixture.given(identified()).when(report(TODAY.plusDays(1)))
               .expectException(invalid("DATE_IN_FUTURE", "reportedOn")).expectNoEvents();
    }

    @Test
    void isTheTownsOrTheCountysStep_notTheVillages() {
        fixture.given(identified())
               .when(report(TODAY), as(new Actor("v", Actor.Role.VILLAGE, household().village().value())))
               .expectException(org.axonframework.test.matchers.Matchers.matches(
                       e -> e instanceof cn.kcbx.kernel.access.AccessDeniedException denied
                               && denied.code().equals("ROLE_NOT_PERMITTED")))
               .expectNoEvents();
    }
}
