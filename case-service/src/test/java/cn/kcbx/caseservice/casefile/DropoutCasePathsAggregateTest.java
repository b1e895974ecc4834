package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CLOSED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CONFIRMED_DROPOUT;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.HOME_TEACHING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.IDENTIFIED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PERSUADING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.RETURNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.instanceOf;

/**
 * Whole case histories, driven by commands only: each step runs against the aggregate rebuilt from all earlier
 * commands and must emit exactly one event of the expected type and leave the case in the expected status.
 */
class DropoutCasePathsAggregateTest {

    private static final String VISIT_1 = "a1b2c3d4-0000-4000-8000-000000000001";
    private static final String VISIT_2 = "a1b2c3d4-0000-4000-8000-000000000002";
    private static final String VISIT_3 = "a1b2c3d4-0000-4000-8000-000000000003";
    private static final String SESSION_1 = "b1b2c3d4-0000-4000-8000-000000000001";
    private static final String SESSION_2 = "b1b2c3d4-0000-4000-8000-000000000002";

    private record Step(Object command, Class<?> event, CaseStatus statusAfter) {
    }

    @Test
    void persuasionThroughTheLegalLadderEndsInACrossOff() {
        ResultValidator<DropoutCase> last = walk(List.of(
                new Step(identifyCase(), CaseIdentified.class, IDENTIFIED),
                new Step(confirmDropout(), DropoutConfirmed.class, CONFIRMED_DROPOUT),
                new Step(assignTrio(), TrioAssigned.class, PERSUADING),
                new Step(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)), VisitLogged.class, PERSUADING),
                new Step(logVisit(VISIT_2, LocalDate.of(2026, 3, 30)), VisitLogged.class, PERSUADING),
                new Step(recordCriticism(), CriticismEducationRecorded.class, PERSUADING),
                new Step(issueOrder(), CorrectionOrderIssued.class, PERSUADING),
                new Step(serveOrder(), LegalDocumentServed.class, PERSUADING),
                new Step(new RecordJudicialIntervention(CASE_ID, LocalDate.of(2026, 4, 15),
                        JudicialAuthority.JUSTICE_OFFICE, "青禾乡司法所", "司法所约谈监护人"),
                        JudicialInterventionRecorded.class, PERSUADING),
                new Step(new RecordLawsuitFiled(CASE_ID, LocalDate.of(2026, 4, 20), "青禾县人民法院",
                        "（2026）湘0181民初123号"), LawsuitFiled.class, PERSUADING),
                new Step(new RecordLawsuitOutcome(CASE_ID, LocalDate.of(2026, 5, 6), LawsuitOutcome.MEDIATED,
                        "当庭调解"), LawsuitConcluded.class, PERSUADING),
                new Step(returnToSchool(RETURNED_ON), StudentReturnedToSchool.class, RETURNED),
                new Step(new CrossOff(CASE_ID, WATCH_ENDS_ON.plusDays(1), "观察期内出勤正常"), CaseCrossedOff.class,
                        CLOSED)));
        last.expectState(c -> {
            assertThat(c.legalStep()).isEqualTo(LegalStep.CONCLUDED);
            assertThat(c.closingCategory()).isEqualTo(ClosingCategory.RETURNED_AND_CROSSED_OFF);
            assertThat(c.episode()).isEqualTo(1);
        });
    }

    @Test
    void aRelapseContinuesTheSameCaseInASecondEpisode() {
        LocalDate secondReturn = LocalDate.of(2026, 10, 12);
        ResultValidator<DropoutCase> last = walk(List.of(
                new Step(identifyCase(), CaseIdentified.class, IDENTIFIED),
                new Step(confirmDropout(), DropoutConfirmed.class, CONFIRMED_DROPOUT),
                new Step(assignTrio(), TrioAssigned.class, PERSUADING),
                new Step(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)), VisitLogged.class, PERSUADING),
                new Step(returnToSchool(RETURNED_ON), StudentReturnedToSchool.class, RETURNED),
                new Step(new RecordRelapse(CASE_ID, LocalDate.of(2026, 6, 1), "期中后再次不到校"),
                        RelapseRecorded.class, PERSUADING),
                new Step(logVisit(VISIT_2, LocalDate.of(2026, 6, 3)), VisitLogged.class, PERSUADING),
                new Step(logVisit(VISIT_3, LocalDate.of(2026, 9, 2)), VisitLogged.class, PERSUADING),
                new Step(returnToSchool(secondReturn), StudentReturnedToSchool.class, RETURNED)));
        last.expectEvents(studentReturned(secondReturn, 2, LocalDate.of(2027, 3, 15)))
                .expectState(c -> assertThat(c.episode()).isEqualTo(2));
        // The autumn return is watched until after the 2027 spring check: no cross-off yet.
        replay(identifyCase(), confirmDropout(), assignTrio(), logVisit(VISIT_1, LocalDate.of(2026, 3, 25)),
                returnToSchool(RETURNED_ON), new RecordRelapse(CASE_ID, LocalDate.of(2026, 6, 1), null),
                returnToSchool(secondReturn))
                .when(new CrossOff(CASE_ID, TODAY, null))
                .expectException(violation("WATCH_PERIOD_NOT_OVER", "crossedOffOn"));
    }

    @Test
    void homeTeachingForADisabledChildEndsWithATransfer() {
        ResultValidator<DropoutCase> last = walk(List.of(
                new Step(identifyCase(), CaseIdentified.class, IDENTIFIED),
                new Step(recordDisability(), DisabilityRecorded.class, IDENTIFIED),
                new Step(arrangeHomeTeaching(), HomeTeachingArranged.class, HOME_TEACHING),
                new Step(homeTeachingSession(SESSION_1, HOME_TEACHING_STARTS_ON), HomeTeachingSessionDelivered.class,
                        HOME_TEACHING),
                new Step(homeTeachingSession(SESSION_2, HOME_TEACHING_STARTS_ON.plusDays(3)),
                        HomeTeachingSessionDelivered.class, HOME_TEACHING),
                new Step(closeCase(ClosingCategory.MOVED_TO_REGULAR_CLASS), CaseClosed.class, CLOSED)));
        last.expectState(c -> assertThat(c.closingCategory()).isEqualTo(ClosingCategory.MOVED_TO_REGULAR_CLASS));
    }

    /**
     * Runs each step on top of all earlier commands; returns the validator of the last step. The case's status
     * changes are in date order, so folding its events by business date gives the statuses of the walk.
     */
    private ResultValidator<DropoutCase> walk(List<Step> steps) {
        List<Object> earlier = new ArrayList<>();
        ResultValidator<DropoutCase> result = null;
        for (Step step : steps) {
            Consumer<DropoutCase> statusCheck = c -> assertThat(c.status())
                    .as("status after %s", step.command().getClass().getSimpleName())
                    .isEqualTo(step.statusAfter());
            result = replay(earlier.toArray())
                    .when(step.command())
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(exactSequenceOf(messageWithPayload(instanceOf(step.event())), andNoMore()))
                    .expectState(statusCheck);
            earlier.add(step.command());
        }
        List<CaseStatus> walked = new ArrayList<>();
        for (Step step : steps) {
            if (walked.isEmpty() || walked.get(walked.size() - 1) != step.statusAfter()) {
                walked.add(step.statusAfter());
            }
        }
        return result.expectState(c -> {
            assertThat(c.statusChanges()).extracting(StatusHistory.Change::on).isSorted();
            assertThat(c.statusChanges()).extracting(StatusHistory.Change::status).containsExactlyElementsOf(walked);
        });
    }

    private static TestExecutor<DropoutCase> replay(Object... commands) {
        FixtureConfiguration<DropoutCase> fixture = newFixture();
        return commands.length == 0 ? fixture.givenNoPriorActivity() : fixture.givenCommands(commands);
    }
}
