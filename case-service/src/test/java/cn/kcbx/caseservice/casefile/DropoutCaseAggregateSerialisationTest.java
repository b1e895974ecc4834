package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.identification.CaseReportedAgain;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store the aggregate's fields as JSON and events are stored as JSON: both must survive a round trip through
 * the mappers the service configures.
 */
class DropoutCaseAggregateSerialisationTest {

    /** The mappers the service really uses: field access for snapshots, the kernel's JSON shape for events. */
    private final ObjectMapper snapshotMapper = KernelJackson.newSnapshotMapper();
    private final ObjectMapper eventMapper = KernelJackson.newMapper();

    /**
     * A history touching every part of the state: helpers, visits, the legal ladder, a relapse, a disability, a
     * transfer (the scope).
     */
    private static List<Object> richHistory() {
        LogVisit visit = logVisit("0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a01", LocalDate.of(2026, 3, 25));
        return and(persuading(),
                new VisitLogged(CASE_ID, visit.visitId(), 1, visit.visitedOn(), visit.trioParticipants(),
                        visit.otherParticipants(), visit.method(), visit.outcome(), visit.notes(), visit.nextStep(),
                        visit.nextVisitPlannedOn()),
                new CaseReportedAgain(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, LocalDate.of(2026, 3, 28),
                        "2026年春季学期第2批"),
                criticismRecorded(), orderIssued(), orderServed(),
                new JudicialInterventionRecorded(CASE_ID, LocalDate.of(2026, 4, 15), JudicialAuthority.JUSTICE_OFFICE,
                        "青禾乡司法所", null),
                studentReturned(1),
                new RelapseRecorded(CASE_ID, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING, null),
                disabilityRecorded(),
                caseClosed(ClosingCategory.ABROAD),
                new CaseReopened(CASE_ID, LocalDate.of(2026, 7, 2), "已回国", CaseStatus.PERSUADING, 2),
                new CaseTransferred(CASE_ID, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 7, 2),
                        new DivisionCode("430181105203"),
                        new HouseholdLocation(new DivisionCode("430181106201"), "新村 1 号"),
                        Set.of("2143000001"), new ReceivingSchool("白沙镇中学", "2143000007"), null));
    }

    @Test
    void theAggregateStateSurvivesASnapshotRoundTrip() {
        newFixture().given(richHistory())
                .when(logVisit("0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a02", LocalDate.of(2026, 7, 3)))
                .expectSuccessfulHandlerExecution()
                .expectState(state -> {
                    DropoutCase copy = roundTrip(snapshotMapper, state, DropoutCase.class);
                    assertThat(copy).usingRecursiveComparison().isEqualTo(state);
                    assertThat(copy.status()).isEqualTo(CaseStatus.PERSUADING);
                    assertThat(copy.episode()).isEqualTo(2);
                    assertThat(copy.scope().village().value()).isEqualTo("430181106201");
                    assertThat(copy.scope().schoolCodes()).containsExactly("2143000007");
                });
    }

    @Test
    void everyEventSurvivesARoundTrip() {
        for (Object event : richHistory()) {
            assertThat(roundTrip(eventMapper, event, event.getClass())).as(event.getClass().getSimpleName()).isEqualTo(event);
        }
        VisitLogged visit = (VisitLogged) richHistory().get(3);
        assertThat(roundTrip(eventMapper, visit, VisitLogged.class).trioParticipants())
                .containsExactly(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE);
    }

    private static <T> T roundTrip(ObjectMapper mapper, Object value, Class<T> type) {
        try {
            return mapper.readValue(mapper.writeValueAsString(value), type);
        } catch (Exception e) {
            throw new AssertionError("JSON round trip of " + value.getClass().getSimpleName() + " failed", e);
        }
    }
}
