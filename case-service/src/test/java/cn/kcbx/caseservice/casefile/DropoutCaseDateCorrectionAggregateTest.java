package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.correction.StepDateCorrected;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static cn.kcbx.caseservice.casefile.CaseFixtures.CASE_ID;
import static cn.kcbx.caseservice.casefile.CaseFixtures.CONFIRMED_ON;
import static cn.kcbx.caseservice.casefile.CaseFixtures.IDENTIFIED_ON;
import static cn.kcbx.caseservice.casefile.CaseFixtures.RETURNED_ON;
import static cn.kcbx.caseservice.casefile.CaseFixtures.TODAY;
import static cn.kcbx.caseservice.casefile.CaseFixtures.TRIO_ASSIGNED_ON;
import static cn.kcbx.caseservice.casefile.CaseFixtures.WATCH_ENDS_ON;
import static cn.kcbx.caseservice.casefile.CaseFixtures.and;
import static cn.kcbx.caseservice.casefile.CaseFixtures.as;
import static cn.kcbx.caseservice.casefile.CaseFixtures.invalid;
import static cn.kcbx.caseservice.casefile.CaseFixtures.logVisit;
import static cn.kcbx.caseservice.casefile.CaseFixtures.newFixture;
import static cn.kcbx.caseservice.casefile.CaseFixtures.persuading;
import static cn.kcbx.caseservice.casefile.CaseFixtures.returned;
import static cn.kcbx.caseservice.casefile.CaseFixtures.violation;

/**
 * Correcting a step's business date: a step of its own (who, when, why), checked against the case's other dates as
 * the step was when it was recorded, and read by the case's later rules. Sequences: 0 identified, 1 confirmed,
 * 2 trio assigned, 3 the first step after.
 */
class DropoutCaseDateCorrectionAggregateTest {

    private static final String VISIT = "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a09";
    private static final String REASON = "返校日期录入错误，以学校证明为准";

    private static VisitLogged visit(LocalDate on) {
        LogVisit c = logVisit(VISIT, on);
        return new VisitLogged(CASE_ID, VISIT, 1, on, c.trioParticipants(), c.otherParticipants(), c.method(),
                               c.outcome(), c.notes(), c.nextStep(), c.nextVisitPlannedOn());
    }

    @Test
    void aReturnDate_isCorrected_withTheWatchPeriodOfTheRightDate() {
        LocalDate right = RETURNED_ON.minusDays(3); // 5 May: still the spring term, the same watch period
        newFixture().given(returned())
                    .when(new CorrectStepDate(CASE_ID, 3, right, REASON))
                    .expectEvents(new StepDateCorrected(CASE_ID, 3, "StudentReturnedToSchool", RETURNED_ON, right,
                                                        WATCH_ENDS_ON, REASON));
    }

    @Test
    void aCorrectedReturnDate_isTheOneACrossOffIsCheckedAgainst() {
        // Returned in the autumn term instead: the watch period runs to the next spring term's check.
        LocalDate autumn = LocalDate.of(2026, 9, 10);
        newFixture().given(and(returned(), new StepDateCorrected(CASE_ID, 3, "StudentReturnedToSchool", RETURNED_ON,
                                                                 autumn, LocalDate.of(2027, 3, 15), REASON)))
                    .when(new CrossOff(CASE_ID, WATCH_ENDS_ON, null))
                    .expectException(violation("WATCH_PERIOD_NOT_OVER", "crossedOffOn"));
    }

    @Test
    void aVisitDate_isCorrected_withinTheDaysTheCaseWasUnderPersuasion() {
        LocalDate recorded = TRIO_ASSIGNED_ON.plusDays(10);
        newFixture().given(and(persuading(), visit(recorded)))
                    .when(new CorrectStepDate(CASE_ID, 3, TRIO_ASSIGNED_ON.plusDays(2), "走访登记簿为 3 月 24 日"))
                    .expectEvents(new StepDateCorrected(CASE_ID, 3, "VisitLogged", recorded,
                                                        TRIO_ASSIGNED_ON.plusDays(2), null, "走访登记簿为 3 月 24 日"));
        newFixture().given(and(persuading(), visit(recorded)))
                    .when(new CorrectStepDate(CASE_ID, 3, CONFIRMED_ON, REASON))
                    .expectException(violation("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate"));
    }

    @Test
    void aChangeOfStatus_staysInOrderWithTheOthers() {
        // The trio cannot have been assigned before the confirmation …
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 2, CONFIRMED_ON.minusDays(1), REASON))
                    .expectException(violation("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate"));
        // … nor the confirmation after the trio, nor identification after any other step.
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 1, TRIO_ASSIGNED_ON.plusDays(1), REASON))
                    .expectException(violation("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate"));
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 0, CONFIRMED_ON.plusDays(1), REASON))
                    .expectException(violation("CORRECTED_DATE_OUT_OF_ORDER", "correctedDate"));
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 0, IDENTIFIED_ON.minusDays(5), "发现登记日期应为 3 月 5 日"))
                    .expectEvents(new StepDateCorrected(CASE_ID, 0, "CaseIdentified", IDENTIFIED_ON,
                                                        IDENTIFIED_ON.minusDays(5), null, "发现登记日期应为 3 月 5 日"));
    }

    @Test
    void aCorrectedTrioDate_isWhereLateVisitsAreCheckedFrom() {
        LocalDate later = TRIO_ASSIGNED_ON.plusDays(10);
        newFixture().given(and(persuading(), new StepDateCorrected(CASE_ID, 2, "TrioAssigned", TRIO_ASSIGNED_ON, later,
                                                                   null, REASON)))
                    .when(logVisit(VISIT, TRIO_ASSIGNED_ON.plusDays(2)))
                    .expectException(violation("STATUS_NOT_ALLOWED_ON_DATE", "visitedOn"));
    }

    @Test
    void aStepWithoutADate_orNoStep_orTheSameDate_orAFutureDate_isRefused() {
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 9, CONFIRMED_ON, REASON))
                    .expectException(violation("STEP_NOT_FOUND", "sequence"));
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 1, CONFIRMED_ON, REASON))
                    .expectException(violation("DATE_UNCHANGED", "correctedDate"));
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 1, TODAY.plusDays(1), REASON))
                    .expectException(invalid("DATE_IN_FUTURE", "correctedDate"));
        newFixture().given(and(persuading(), new StepDateCorrected(CASE_ID, 1, "DropoutConfirmed", CONFIRMED_ON,
                                                                   CONFIRMED_ON.minusDays(1), null, REASON)))
                    .when(new CorrectStepDate(CASE_ID, 3, CONFIRMED_ON, REASON))
                    .expectException(violation("STEP_DATE_NOT_CORRECTABLE", "sequence"));
    }

    @Test
    void onlyTheTownAndTheCounty_correct() {
        newFixture().given(persuading())
                    .when(new CorrectStepDate(CASE_ID, 1, CONFIRMED_ON.minusDays(1), REASON),
                          as(new Actor("village.team@qh", Actor.Role.VILLAGE, CaseFixtures.household().village().value())))
                    .expectException(cn.kcbx.kernel.access.AccessDeniedException.class);
    }

    @Test
    void aClosedCase_canStillHaveADateCorrected() {
        newFixture().given(and(returned(), CaseFixtures.crossedOff()))
                    .when(new CorrectStepDate(CASE_ID, 3, RETURNED_ON.minusDays(1), REASON))
                    .expectSuccessfulHandlerExecution();
    }
}
