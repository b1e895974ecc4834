package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.access.AccessDeniedException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.ActorMetaData;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may take a step of an existing case: the role must take that step (docs/domain.md §7) and the user's unit must
 * cover
 * the case, as the case knows it now (after returns and transfers). The standard case lives in village
 * 430181105203 (town 430181105, county 430181) and last attended school 2143000001.
 */
class DropoutCaseJurisdictionAggregateTest {

    static final Actor VILLAGE = new Actor("luo.changqing", Actor.Role.VILLAGE, "430181105203");
    static final Actor OTHER_VILLAGE = new Actor("cun.204", Actor.Role.VILLAGE, "430181105204");
    static final Actor TOWN = new Actor("town-clerk-07", Actor.Role.TOWN, "430181105");
    static final Actor OTHER_TOWN = new Actor("town-clerk-08", Actor.Role.TOWN, "430181106");
    static final Actor OTHER_COUNTY = new Actor("county.other", Actor.Role.COUNTY, "430182");
    static final Actor SCHOOL = new Actor("zhou.xiaomei", Actor.Role.SCHOOL, "2143000001");
    static final Actor OTHER_SCHOOL = new Actor("school.2", Actor.Role.SCHOOL, "2143000002");
    static final Actor ADMIN = new Actor("admin", Actor.Role.ADMIN, "430181");

    static final String VISIT = "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a09";
    static final LocalDate VISITED_ON = LocalDate.of(2026, 5, 2);
    static final LocalDate TRANSFERRED_ON = LocalDate.of(2026, 4, 20);
    /** A village of another town of the same county, and one of another county. */
    static final HouseholdLocation OTHER_TOWN_HOME = new HouseholdLocation(new DivisionCode("430181106201"), "新村 1 号");
    static final HouseholdLocation OTHER_COUNTY_HOME = new HouseholdLocation(new DivisionCode("430182101201"), null);

    static Matcher<Throwable> denied(String code) {
        return rejection(AccessDeniedException.class, code, null);
    }

    // ------------------------------------------------------------------ each role, allowed and denied

    @Test
    void theCasesVillageTownAndCounty_mayConfirmIt() {
        for (Actor actor : List.of(VILLAGE, TOWN, COUNTY_OFFICER)) {
            newFixture().given(identified()).when(confirmDropout(), as(actor))
                        .expectSuccessfulHandlerExecution().expectEvents(dropoutConfirmed());
        }
    }

    @Test
    void anotherVillageTownOrCounty_isOutOfJurisdiction() {
        for (Actor actor : List.of(OTHER_VILLAGE, OTHER_TOWN, OTHER_COUNTY)) {
            newFixture().given(identified()).when(confirmDropout(), as(actor))
                        .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        }
    }

    @Test
    void theVillageTeam_visitsAndRecordsDisability_butLeavesTrioLegalStepsAndClosingToTheTown() {
        newFixture().given(persuading()).when(logVisit(VISIT, VISITED_ON), as(VILLAGE))
                    .expectSuccessfulHandlerExecution();
        newFixture().given(identified()).when(recordDisability(), as(VILLAGE)).expectEvents(disabilityRecorded());
        newFixture().given(confirmed()).when(assignTrio(), as(VILLAGE))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
        newFixture().given(persuading()).when(recordCriticism(), as(VILLAGE))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
        newFixture().given(persuading()).when(closeCase(ClosingCategory.ABROAD), as(VILLAGE))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
    }

    @Test
    void theSchool_visitsItsOwnStudent_andRecordsTheReturn_butMayNotVerify() {
        newFixture().given(persuading()).when(logVisit(VISIT, VISITED_ON), as(SCHOOL))
                    .expectSuccessfulHandlerExecution();
        newFixture().given(persuading()).when(returnToSchool(RETURNED_ON), as(SCHOOL))
                    .expectEvents(studentReturned(1));
        newFixture().given(identified()).when(confirmDropout(), as(SCHOOL))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
        newFixture().given(persuading()).when(logVisit(VISIT, VISITED_ON), as(OTHER_SCHOOL))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
    }

    @Test
    void aReturnToAnotherSchool_isTheTownsEntry_andFromThenOnThatSchoolWorksTheCase() {
        RecordReturnToSchool toOtherSchool = new RecordReturnToSchool(CASE_ID, RETURNED_ON, "青禾乡第二小学",
                                                                      "2143000002", Grade.GRADE_6, null,
                                                                      Placement.REGULAR_CLASS);
        StudentReturnedToSchool returned = new StudentReturnedToSchool(CASE_ID, RETURNED_ON, "青禾乡第二小学",
                                                                       "2143000002", Grade.GRADE_6, null,
                                                                       Placement.REGULAR_CLASS, 1, WATCH_ENDS_ON);
        // Naming itself on a return does not let a school into a case it does not handle.
        newFixture().given(persuading()).when(toOtherSchool, as(OTHER_SCHOOL))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        newFixture().given(persuading()).when(toOtherSchool, as(TOWN)).expectEvents(returned)
                    .expectState(state -> assertThat(state.scope().schoolCodes())
                            .containsExactlyInAnyOrder("2143000001", "2143000002"));
        newFixture().given(and(persuading(), returned))
                    .when(new RecordRelapse(CASE_ID, LocalDate.of(2026, 6, 1), "再次辍学"), as(OTHER_SCHOOL))
                    .expectEvents(new RelapseRecorded(CASE_ID, LocalDate.of(2026, 6, 1), 2, CaseStatus.PERSUADING,
                                                      "再次辍学"));
        // A school recording a return to some third school is not the child's school at all.
        newFixture().given(persuading())
                    .when(new RecordReturnToSchool(CASE_ID, RETURNED_ON, "外校", "2143000003", Grade.GRADE_6, null,
                                                   Placement.REGULAR_CLASS), as(OTHER_SCHOOL))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
    }

    @Test
    void theCasesOwnSchool_cannotHandTheCaseToAnotherSchoolByNamingItOnAReturn() {
        RecordReturnToSchool toOtherSchool = new RecordReturnToSchool(CASE_ID, RETURNED_ON, "青禾乡第二小学",
                                                                      "2143000002", Grade.GRADE_6, null,
                                                                      Placement.REGULAR_CLASS);
        newFixture().given(persuading()).when(toOtherSchool, as(SCHOOL))
                    .expectException(denied("RETURN_TO_OTHER_SCHOOL")).expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"confirm", "visit", "close"})
    void theSystemAdministrator_takesNoStep(String step) {
        Object command = switch (step) {
            case "confirm" -> confirmDropout();
            case "visit" -> logVisit(VISIT, VISITED_ON);
            default -> closeCase(ClosingCategory.ABROAD);
        };
        newFixture().given(step.equals("confirm") ? identified() : persuading()).when(command, as(ADMIN))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
    }

    @Test
    void aCommandNamingNoActingUser_isRefused() {
        newFixture().given(identified()).when(confirmDropout(), Map.of(ActorMetaData.ACTOR_ID, "someone"))
                    .expectException(denied("ACTOR_MISSING")).expectNoEvents();
    }

    // ------------------------------------------------------------------ transfer

    static TransferCase moveTo(HouseholdLocation home) {
        return new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, TRANSFERRED_ON, home, null, "随父母迁户");
    }

    static CaseTransferred movedTo(HouseholdLocation home) {
        return new CaseTransferred(CASE_ID, TransferKind.HOUSEHOLD_MOVED, TRANSFERRED_ON,
                                   new DivisionCode("430181105203"), home, Set.of("2143000001"), null, "随父母迁户");
    }

    @Test
    void theTown_transfersAnOpenCaseToAnotherTown_andTheEventSaysFromWhereToWhere() {
        newFixture().given(persuading()).when(moveTo(OTHER_TOWN_HOME), as(TOWN))
                    .expectEvents(movedTo(OTHER_TOWN_HOME))
                    .expectState(state -> assertThat(state.scope().village().value()).isEqualTo("430181106201"));
        newFixture().given(persuading()).when(moveTo(OTHER_COUNTY_HOME), as(COUNTY_OFFICER))
                    .expectEvents(movedTo(OTHER_COUNTY_HOME));
    }

    @Test
    void afterATransfer_theSendingSideIsRefused_andTheReceivingSideMayAct() {
        List<Object> transferred = and(persuading(), movedTo(OTHER_TOWN_HOME));
        for (Actor sender : List.of(VILLAGE, TOWN)) {
            newFixture().given(transferred).when(logVisit(VISIT, VISITED_ON), as(sender))
                        .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        }
        newFixture().given(transferred).when(moveTo(homeAgain()), as(TOWN))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        Actor receivingVillage = new Actor("cun.106201", Actor.Role.VILLAGE, "430181106201");
        for (Actor receiver : List.of(receivingVillage, OTHER_TOWN, COUNTY_OFFICER)) {
            newFixture().given(transferred).when(logVisit(VISIT, VISITED_ON), as(receiver))
                        .expectSuccessfulHandlerExecution();
        }
        // A 户籍迁移 alone leaves the student's school in charge for the education line.
        newFixture().given(transferred).when(logVisit(VISIT, VISITED_ON), as(SCHOOL))
                    .expectSuccessfulHandlerExecution();
    }

    private static HouseholdLocation homeAgain() {
        return new HouseholdLocation(new DivisionCode("430181105203"), null);
    }

    @Test
    void anEnrolmentTransfer_handsTheCaseToTheNewSchoolAlone() {
        TransferCase toNewSchool = new TransferCase(CASE_ID, TransferKind.ENROLMENT_TRANSFERRED, TRANSFERRED_ON, null,
                                                    new ReceivingSchool("白沙镇中学", "2143000007"), null);
        CaseTransferred event = new CaseTransferred(CASE_ID, TransferKind.ENROLMENT_TRANSFERRED, TRANSFERRED_ON,
                                                    new DivisionCode("430181105203"),
                                                    new HouseholdLocation(new DivisionCode("430181105203"), null),
                                                    Set.of("2143000001"), new ReceivingSchool("白沙镇中学", "2143000007"),
                                                    null);
        newFixture().given(persuading()).when(toNewSchool, as(TOWN)).expectEvents(event);
        Actor newSchool = new Actor("school.7", Actor.Role.SCHOOL, "2143000007");
        newFixture().given(and(persuading(), event)).when(logVisit(VISIT, VISITED_ON), as(newSchool))
                    .expectSuccessfulHandlerExecution();
        newFixture().given(and(persuading(), event)).when(logVisit(VISIT, VISITED_ON), as(SCHOOL))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        // the household did not move: the village keeps the case
        newFixture().given(and(persuading(), event)).when(logVisit(VISIT, VISITED_ON), as(VILLAGE))
                    .expectSuccessfulHandlerExecution();
    }

    @Test
    void onlyTheTownOrCountyTransfers_onlyOpenCases_andOnlyToSomewhereNew() {
        newFixture().given(persuading()).when(moveTo(OTHER_TOWN_HOME), as(VILLAGE))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
        newFixture().given(persuading()).when(moveTo(OTHER_TOWN_HOME), as(SCHOOL))
                    .expectException(denied("ROLE_NOT_PERMITTED")).expectNoEvents();
        newFixture().given(persuading()).when(moveTo(OTHER_TOWN_HOME), as(OTHER_TOWN))
                    .expectException(denied("OUT_OF_JURISDICTION")).expectNoEvents();
        newFixture().given(closed()).when(moveTo(OTHER_TOWN_HOME), as(TOWN))
                    .expectException(violation("CASE_CLOSED")).expectNoEvents();
        newFixture().given(persuading()).when(moveTo(household()), as(TOWN))
                    .expectException(violation("TRANSFER_TO_SAME_PLACE")).expectNoEvents();
        newFixture().given(persuading())
                    .when(new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, IDENTIFIED_ON.minusDays(1),
                                           OTHER_TOWN_HOME, null, null), as(TOWN))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "transferredOn")).expectNoEvents();
    }
}
