package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots store the aggregate's fields as JSON, and events are stored as JSON: both must survive a round trip with
 * a field-access mapper (no getters).
 */
class DropoutCaseAggregateSerialisationTest {

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setVisibility(PropertyAccessor.ALL, Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, Visibility.ANY);

    /** A history touching every part of the state: helpers, visits, the legal ladder, a relapse, a disability. */
    private static List<Object> richHistory() {
        LogVisit visit = logVisit("0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a01", LocalDate.of(2026, 3, 25));
        return and(persuading(),
                new VisitLogged(CASE_ID, visit.visitId(), 1, visit.visitedOn(), visit.trioParticipants(),
                        visit.otherParticipants(), visit.method(), visit.outcome(), visit.notes(), visit.nextStep(),
                        visit.nextVisitPlannedOn()),
                criticismRecorded(), orderIssued(), orderServed(),
                new JudicialInterventionRecorded(CASE_ID, LocalDate.of(2026, 4, 15), JudicialAuthority.JUSTICE_OFFICE,
                        "青禾乡司法所", null),
                studentReturned(1),
                new RelapseRecorded(CASE_ID, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING, null),
                disabilityRecorded(),
                caseClosed(ClosingCategory.ABROAD),
                new CaseReopened(CASE_ID, LocalDate.of(2026, 7, 2), "已回国", CaseStatus.PERSUADING, 2));
    }

    @Test
    void theAggregateStateSurvivesASnapshotRoundTrip() {
        newFixture().given(richHistory())
                .when(logVisit("0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a02", LocalDate.of(2026, 7, 3)))
                .expectSuccessfulHandlerExecution()
                .expectState(state -> {
                    DropoutCase copy = roundTrip(state, DropoutCase.class);
                    assertThat(copy).usingRecursiveComparison().isEqualTo(state);
                    assertThat(copy.status()).isEqualTo(CaseStatus.PERSUADING);
                    assertThat(copy.episode()).isEqualTo(2);
                });
    }

    @Test
    void everyEventSurvivesARoundTrip() {
        for (Object event : richHistory()) {
            assertThat(roundTrip(event, event.getClass())).as(event.getClass().getSimpleName()).isEqualTo(event);
        }
        VisitLogged visit = (VisitLogged) richHistory().get(3);
        assertThat(roundTrip(visit, VisitLogged.class).trioParticipants())
                .containsExactly(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE);
    }

    private <T> T roundTrip(Object value, Class<T> type) {
        try {
            return mapper.readValue(mapper.writeValueAsString(value), type);
        } catch (Exception e) {
            throw new AssertionError("JSON round trip of " + value.getClass().getSimpleName() + " failed", e);
        }
    }
}
