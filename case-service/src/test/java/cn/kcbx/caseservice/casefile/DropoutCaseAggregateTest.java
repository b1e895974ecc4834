package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CaseReopened;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceKind;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingSessionDelivered;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.JudicialInterventionRecorded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitConcluded;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.legal.LegalStep;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.legal.ServiceMethod;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.returning.RelapseRecorded;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CaseVerifiedNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.verification.RecheckReason;
import cn.kcbx.kernel.dropoutcase.verification.ScheduleRecheck;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.time.SchoolTerm;

import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CLOSED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.CONFIRMED_DROPOUT;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.HOME_TEACHING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.IDENTIFIED;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PENDING_RECHECK;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.PERSUADING;
import static cn.kcbx.kernel.dropoutcase.CaseStatus.RETURNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Given-when-then tests of every transition and every rejection of the dropout case. */
class DropoutCaseAggregateTest {

    private static final String VISIT_1 = "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a01";
    private static final String VISIT_2 = "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a02";
    private static final String SESSION_1 = "7c1e2b3a-4d5f-4a6b-9c8d-1e2f3a4b5c01";
    private static final String SESSION_2 = "7c1e2b3a-4d5f-4a6b-9c8d-1e2f3a4b5c02";
    private static final LocalDate CHECKED_ON = LocalDate.of(2026, 3, 20);
    private static final LocalDate REPLACED_ON = LocalDate.of(2026, 4, 10);

    private FixtureConfiguration<DropoutCase> fixture;

    @BeforeEach
    void setUp() {
        fixture = newFixture();
    }

    private static CaseRecheckScheduled recheckScheduled() {
        return new CaseRecheckScheduled(CASE_ID, CHECKED_ON, RecheckReason.MISSING_OR_UNREACHABLE, List.of(evidence()),
                "全家外出，电话无法接通", new SchoolTerm(2026, SchoolTerm.Season.AUTUMN), LocalDate.of(2026, 9, 15));
    }

    private static VisitLogged visitLogged(String visitId, int number, LocalDate visitedOn) {
        LogVisit c = logVisit(visitId, visitedOn);
        return new VisitLogged(CASE_ID, c.visitId(), number, c.visitedOn(), c.trioParticipants(),
                c.otherParticipants(), c.method(), c.outcome(), c.notes(), c.nextStep(), c.nextVisitPlannedOn());
    }

    /** Histories ending in each open status, for rules that hold in several statuses. */
    static Stream<Arguments> everyOpenStatus() {
        return Stream.of(
                arguments(IDENTIFIED, identified()),
                arguments(PENDING_RECHECK, and(identified(), recheckScheduled())),
                arguments(CONFIRMED_DROPOUT, confirmed()),
                arguments(PERSUADING, persuading()),
                arguments(RETURNED, returned()),
                arguments(HOME_TEACHING, inHomeTeaching()));
    }

    @Nested
    class Identification {

        @Test
        void opensACaseAwaitingVerification() {
            fixture.givenNoPriorActivity()
                    .when(identifyCase())
                    .expectEvents(caseIdentified())
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(IDENTIFIED);
                        assertThat(c.episode()).isEqualTo(1);
                    });
        }

        @Test
        void fixtureIdNumbersCarryTheGbCheckCharacter() {
            assertThat(idNumber("110105", LocalDate.of(1949, 12, 31), 2)).isEqualTo("11010519491231002X");
            assertThat(student().idNumber().birthDate()).isEqualTo(BIRTH_DATE);
        }

        @Test
        void takesTodayInBeijingTime() {
            // The clock says 2026-11-19 16:30 UTC, which is already 2026-11-20 in Beijing.
            fixture.givenNoPriorActivity()
                    .when(identifyCase(TODAY, student()))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsAnIdentificationDateInTheFuture() {
            fixture.givenNoPriorActivity()
                    .when(identifyCase(TODAY.plusDays(1), student()))
                    .expectException(invalid("DATE_IN_FUTURE", "identifiedOn"));
        }

        @Test
        void rejectsAStudentOverCompulsoryAge() {
            fixture.givenNoPriorActivity()
                    .when(identifyCase(IDENTIFIED_ON, student(LocalDate.of(2009, 3, 10))))
                    .expectException(invalid("AGE_OUT_OF_COMPULSORY_RANGE", "student.birthDate"));
        }

        @Test
        void rejectsAChildUnderCompulsoryAge() {
            fixture.givenNoPriorActivity()
                    .when(identifyCase(IDENTIFIED_ON, student(LocalDate.of(2020, 3, 11))))
                    .expectException(invalid("AGE_OUT_OF_COMPULSORY_RANGE", "student.birthDate"));
        }

        @Test
        void acceptsTheLastDayOfCompulsoryAge() {
            // Turns 17 the day after identification: 16 full years is still covered (6–16 inclusive).
            fixture.givenNoPriorActivity()
                    .when(identifyCase(IDENTIFIED_ON, student(LocalDate.of(2009, 3, 11))))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void rejectsAPriorityCategoryDatedInTheFuture() {
            IdentifyCase c = identifyCase();
            IdentifyCase command = new IdentifyCase(c.caseId(), c.source(), c.sourceNote(), c.identifiedOn(),
                    c.student(), c.household(), c.lastSchool(),
                    List.of(new PriorityCategoryEntry(PriorityCategory.MINIMUM_LIVING_ALLOWANCE, TODAY.plusDays(3),
                            null)),
                    c.suspectedReasons());
            fixture.givenNoPriorActivity()
                    .when(command)
                    .expectException(invalid("DATE_IN_FUTURE", "priorityCategories[0].since"));
        }

        @Test
        void acceptsAChildWhoNeverEnrolled() {
            IdentifyCase c = identifyCase();
            fixture.givenNoPriorActivity()
                    .when(new IdentifyCase(c.caseId(), c.source(), c.sourceNote(), c.identifiedOn(), c.student(),
                            c.household(), null, List.of(), c.suspectedReasons()))
                    .expectSuccessfulHandlerExecution()
                    .expectState(dropoutCase -> assertThat(dropoutCase.status()).isEqualTo(IDENTIFIED));
        }
    }

    @Nested
    class Verification {

        @Test
        void confirmsADropout() {
            fixture.given(identified())
                    .when(confirmDropout())
                    .expectEvents(dropoutConfirmed())
                    .expectState(c -> assertThat(c.status()).isEqualTo(CONFIRMED_DROPOUT));
        }

        @Test
        void confirmsADropoutAtTheTermRecheck() {
            LocalDate recheckedOn = LocalDate.of(2026, 9, 8);
            fixture.given(and(identified(), recheckScheduled()))
                    .when(new ConfirmDropout(CASE_ID, recheckedOn, "开学排查找到本人，确认辍学"))
                    .expectEvents(new DropoutConfirmed(CASE_ID, recheckedOn, "开学排查找到本人，确认辍学"))
                    .expectState(c -> assertThat(c.status()).isEqualTo(CONFIRMED_DROPOUT));
        }

        @Test
        void closesACaseThatIsNotADropout() {
            CloseAsNotDropout command = new CloseAsNotDropout(CASE_ID, CHECKED_ON,
                    ClosingCategory.ENROLLED_OUT_OF_PROVINCE, List.of(evidence()), "随父母在广东东莞就读");
            fixture.given(identified())
                    .when(command)
                    .expectEvents(new CaseVerifiedNotDropout(CASE_ID, CHECKED_ON,
                            ClosingCategory.ENROLLED_OUT_OF_PROVINCE, List.of(evidence()), "随父母在广东东莞就读"))
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(CLOSED);
                        assertThat(c.closingCategory()).isEqualTo(ClosingCategory.ENROLLED_OUT_OF_PROVINCE);
                    });
        }

        @Test
        void rejectsANotDropoutConclusionWithoutEvidence() {
            fixture.given(identified())
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON, ClosingCategory.DECEASED, List.of(), null))
                    .expectException(violation("EVIDENCE_REQUIRED", "evidence"));
        }

        @Test
        void rejectsTheCrossOffCategoryAtVerification() {
            fixture.given(identified())
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON, ClosingCategory.RETURNED_AND_CROSSED_OFF,
                            List.of(evidence()), null))
                    .expectException(violation("CATEGORY_NOT_ALLOWED_AT_VERIFICATION", "category"));
        }

        @Test
        void rejectsAHomeTeachingCategoryAtVerification() {
            fixture.given(identified())
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON, ClosingCategory.MOVED_TO_SPECIAL_SCHOOL,
                            List.of(evidence()), null))
                    .expectException(violation("CATEGORY_NOT_ALLOWED_AT_VERIFICATION", "category"));
        }

        @Test
        void rejectsEvidenceDatedInTheFuture() {
            EvidenceDocument future = new EvidenceDocument(EvidenceKind.POLICE_CERTIFICATE, "青禾派证〔2026〕9号",
                    "青禾派出所", TODAY.plusDays(1));
            fixture.given(identified())
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON, ClosingCategory.WRONG_IDENTITY_DATA,
                            List.of(evidence(), future), null))
                    .expectException(invalid("DATE_IN_FUTURE", "evidence[1].issuedOn"));
        }

        @Test
        void schedulesARecheckAtTheNextTermStart() {
            fixture.given(identified())
                    .when(new ScheduleRecheck(CASE_ID, CHECKED_ON, RecheckReason.MISSING_OR_UNREACHABLE,
                            List.of(evidence()), "全家外出，电话无法接通"))
                    .expectEvents(recheckScheduled())
                    .expectState(c -> assertThat(c.status()).isEqualTo(PENDING_RECHECK));
        }

        @Test
        void schedulesTheNextRecheckWhenStillMissing() {
            LocalDate autumnCheck = LocalDate.of(2026, 9, 10);
            fixture.given(identified())
                    .andGiven(recheckScheduled())
                    .when(new ScheduleRecheck(CASE_ID, autumnCheck, RecheckReason.PERSON_NOT_FOUND,
                            List.of(evidence()), null))
                    .expectEvents(new CaseRecheckScheduled(CASE_ID, autumnCheck, RecheckReason.PERSON_NOT_FOUND,
                            List.of(evidence()), null, new SchoolTerm(2027, SchoolTerm.Season.SPRING),
                            LocalDate.of(2027, 3, 15)))
                    .expectState(c -> assertThat(c.status()).isEqualTo(PENDING_RECHECK));
        }

        @Test
        void rejectsARecheckWithoutTheOriginalMaterials() {
            fixture.given(identified())
                    .when(new ScheduleRecheck(CASE_ID, CHECKED_ON, RecheckReason.PERSON_NOT_FOUND, List.of(), null))
                    .expectException(violation("EVIDENCE_REQUIRED", "evidence"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cn.kcbx.caseservice.casefile.DropoutCaseAggregateTest#verifiedStatuses")
        void rejectsASecondVerification(CaseStatus status, List<Object> history) {
            fixture.given(history)
                    .when(confirmDropout())
                    .expectException(violation("CASE_ALREADY_VERIFIED"));
        }

        @Test
        void rejectsASecondVerificationAsNotDropoutOrRecheck() {
            fixture.given(persuading())
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON, ClosingCategory.ENROLLED_LOCALLY,
                            List.of(evidence()), null))
                    .expectException(violation("CASE_ALREADY_VERIFIED"));
            newFixture().given(confirmed())
                    .when(new ScheduleRecheck(CASE_ID, CHECKED_ON, RecheckReason.PERSON_NOT_FOUND,
                            List.of(evidence()), null))
                    .expectException(violation("CASE_ALREADY_VERIFIED"));
        }

        @Test
        void rejectsAVerificationDateBeforeIdentification() {
            fixture.given(identified())
                    .when(new ConfirmDropout(CASE_ID, IDENTIFIED_ON.minusDays(1), null))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "confirmedOn"));
        }

        @Test
        void rejectsAVerificationDateInTheFuture() {
            fixture.given(identified())
                    .when(new ConfirmDropout(CASE_ID, TODAY.plusDays(1), null))
                    .expectException(invalid("DATE_IN_FUTURE", "confirmedOn"));
        }
    }

    static Stream<Arguments> verifiedStatuses() {
        return everyOpenStatus().filter(a -> a.get()[0] != IDENTIFIED && a.get()[0] != PENDING_RECHECK);
    }

    @Nested
    class TrioAssignment {

        @Test
        void assignsTheHelpersAndStartsPersuasion() {
            fixture.given(confirmed())
                    .when(assignTrio())
                    .expectEvents(trioAssigned())
                    .expectState(c -> assertThat(c.status()).isEqualTo(PERSUADING));
        }

        @Test
        void rejectsAssignmentBeforeVerification() {
            fixture.given(identified())
                    .when(assignTrio())
                    .expectException(violation("CASE_NOT_VERIFIED"));
            newFixture().given(and(identified(), recheckScheduled()))
                    .when(assignTrio())
                    .expectException(violation("CASE_NOT_VERIFIED"));
        }

        @Test
        void rejectsASecondAssignment() {
            fixture.given(persuading())
                    .when(assignTrio())
                    .expectException(violation("TRIO_ALREADY_ASSIGNED"));
        }

        @Test
        void rejectsAssignmentDuringHomeTeaching() {
            fixture.given(inHomeTeaching())
                    .when(assignTrio())
                    .expectException(violation("IN_HOME_TEACHING"));
        }

        @Test
        void rejectsAssignmentAfterTheStudentReturned() {
            fixture.given(and(confirmed(), studentReturned(1)))
                    .when(assignTrio())
                    .expectException(violation("STUDENT_RETURNED"));
        }

        @Test
        void rejectsTwoHelpersWithTheSamePhone() {
            Helper guardianWithTeachersPhone = new Helper("林大木", "父亲", teacher().phone());
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, TRIO_ASSIGNED_ON, teacher(), villageCadre(),
                            guardianWithTeachersPhone))
                    .expectException(violation("TRIO_MEMBERS_NOT_DISTINCT", "guardian"));
        }

        @Test
        void rejectsTheSamePersonTwice() {
            Helper teacherAgain = new Helper(teacher().name(), teacher().unitOrRelation(),
                    new MobileNumber("13600000404"));
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, TRIO_ASSIGNED_ON, teacher(), teacherAgain,
                            guardian()))
                    .expectException(violation("TRIO_MEMBERS_NOT_DISTINCT", "villageCadre"));
        }

        @Test
        void acceptsNamesakesFromDifferentUnits() {
            Helper namesake = new Helper(teacher().name(), "青禾村村委会 妇联主任", new MobileNumber("13600000404"));
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, TRIO_ASSIGNED_ON, teacher(), namesake, guardian()))
                    .expectEvents(new TrioAssigned(CASE_ID, TRIO_ASSIGNED_ON, teacher(), namesake, guardian()));
        }

        @Test
        void replacesAHelper() {
            Helper newTeacher = new Helper("谭明远", "青禾乡中心小学 数学教师", new MobileNumber("13500000505"));
            fixture.given(persuading())
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.TEACHER, newTeacher, "原班主任调离"))
                    .expectEvents(new TrioMemberReplaced(CASE_ID, REPLACED_ON, TrioRole.TEACHER, teacher(), newTeacher,
                            "原班主任调离"));
        }

        @Test
        void replacesAHelperWhileTheStudentIsWatched() {
            Helper newCadre = new Helper("罗小川", "青禾村村委会 村支书", new MobileNumber("13500000606"));
            fixture.given(returned())
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.VILLAGE_CADRE, newCadre, "村委换届"))
                    .expectEvents(new TrioMemberReplaced(CASE_ID, REPLACED_ON, TrioRole.VILLAGE_CADRE, villageCadre(),
                            newCadre, "村委换届"));
        }

        @Test
        void checksLaterReplacementsAgainstTheCurrentHelpers() {
            Helper newTeacher = new Helper("谭明远", "青禾乡中心小学 数学教师", new MobileNumber("13500000505"));
            Helper guardianWithNewTeachersPhone = new Helper("林小芳", "母亲", newTeacher.phone());
            fixture.given(and(persuading(), new TrioMemberReplaced(CASE_ID, REPLACED_ON, TrioRole.TEACHER, teacher(),
                            newTeacher, "原班主任调离")))
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.GUARDIAN, guardianWithNewTeachersPhone,
                            "母亲返乡监护"))
                    .expectException(violation("TRIO_MEMBERS_NOT_DISTINCT", "newMember"));
        }

        @Test
        void rejectsReplacementBeforeAssignment() {
            fixture.given(confirmed())
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.TEACHER, teacher(), "调整"))
                    .expectException(violation("TRIO_NOT_ASSIGNED"));
        }

        @Test
        void rejectsReplacementByTheSameHelper() {
            fixture.given(persuading())
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.GUARDIAN, guardian(), "重新登记"))
                    .expectException(violation("TRIO_MEMBER_UNCHANGED", "newMember"));
        }

        @Test
        void rejectsAnAssignmentDatedBeforeTheCaseWasConfirmed() {
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, CONFIRMED_ON.minusDays(1), teacher(), villageCadre(), guardian()))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "assignedOn"))
                    .expectExceptionMessage("落实日期（2026-03-19）不能早于案件进入“已确认辍学”的日期（2026-03-20）");
        }

        @Test
        void assignsOnTheDayOfTheConfirmation() {
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, CONFIRMED_ON, teacher(), villageCadre(), guardian()))
                    .expectEvents(new TrioAssigned(CASE_ID, CONFIRMED_ON, teacher(), villageCadre(), guardian()));
        }

        @Test
        void rejectsAnAssignmentDatedInTheFuture() {
            fixture.given(confirmed())
                    .when(new AssignTrio(CASE_ID, TODAY.plusDays(1), teacher(), villageCadre(), guardian()))
                    .expectException(invalid("DATE_IN_FUTURE", "assignedOn"));
        }

        @Test
        void rejectsAReplacementDatedBeforeTheTrioWasAssigned() {
            Helper newTeacher = new Helper("谭明远", "青禾乡中心小学 数学教师", new MobileNumber("13500000505"));
            fixture.given(persuading())
                    .when(new ReplaceTrioMember(CASE_ID, TRIO_ASSIGNED_ON.minusDays(1), TrioRole.TEACHER, newTeacher,
                            "原班主任调离"))
                    .expectException(violation("REPLACED_BEFORE_ASSIGNED", "replacedOn"))
                    .expectExceptionMessage("更换日期（2026-03-21）不能早于“三帮一”帮扶人的落实日期（2026-03-22）");
        }

        @Test
        void rejectsAReplacementDatedBeforeThePreviousReplacementOfTheRole() {
            Helper newTeacher = new Helper("谭明远", "青禾乡中心小学 数学教师", new MobileNumber("13500000505"));
            Helper thirdTeacher = new Helper("周小川", "青禾乡中心小学 语文教师", new MobileNumber("13500000808"));
            Helper newGuardian = new Helper("林小芳", "母亲", new MobileNumber("13500000707"));
            List<Object> replaced = and(persuading(), new TrioMemberReplaced(CASE_ID, REPLACED_ON, TrioRole.TEACHER,
                    teacher(), newTeacher, "原班主任调离"));
            fixture.given(replaced)
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON.minusDays(1), TrioRole.TEACHER, thirdTeacher,
                            "再次调整"))
                    .expectException(violation("REPLACED_BEFORE_PREVIOUS_REPLACEMENT", "replacedOn"))
                    .expectExceptionMessage("更换日期（2026-04-09）不能早于上一次更换教师的日期（2026-04-10）");
            // Another role's helper may have changed earlier than the teacher did.
            newFixture().given(replaced)
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON.minusDays(1), TrioRole.GUARDIAN, newGuardian,
                            "母亲返乡监护"))
                    .expectEvents(new TrioMemberReplaced(CASE_ID, REPLACED_ON.minusDays(1), TrioRole.GUARDIAN,
                            guardian(), newGuardian, "母亲返乡监护"));
        }

        @Test
        void rejectsAReplacementDatedInTheFuture() {
            Helper newTeacher = new Helper("谭明远", "青禾乡中心小学 数学教师", new MobileNumber("13500000505"));
            fixture.given(persuading())
                    .when(new ReplaceTrioMember(CASE_ID, TODAY.plusDays(1), TrioRole.TEACHER, newTeacher, "调离"))
                    .expectException(invalid("DATE_IN_FUTURE", "replacedOn"));
        }

        @Test
        void rejectsAReplacementWhoIsAlreadyAnotherHelper() {
            Helper cadreAsTeacher = new Helper("罗长青", "青禾村村委会 村主任", villageCadre().phone());
            fixture.given(persuading())
                    .when(new ReplaceTrioMember(CASE_ID, REPLACED_ON, TrioRole.TEACHER, cadreAsTeacher, "调整"))
                    .expectException(violation("TRIO_MEMBERS_NOT_DISTINCT", "newMember"));
        }
    }

    @Nested
    class Visits {

        @Test
        void logsAVisit() {
            fixture.given(persuading())
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)))
                    .expectEvents(visitLogged(VISIT_1, 1, LocalDate.of(2026, 3, 25)))
                    .expectState(c -> assertThat(c.status()).isEqualTo(PERSUADING));
        }

        @Test
        void countsVisits() {
            fixture.given(and(persuading(), visitLogged(VISIT_1, 1, LocalDate.of(2026, 3, 25))))
                    .when(logVisit(VISIT_2, LocalDate.of(2026, 4, 2)))
                    .expectEvents(visitLogged(VISIT_2, 2, LocalDate.of(2026, 4, 2)));
        }

        @Test
        void rejectsTheSameVisitTwice() {
            fixture.given(and(persuading(), visitLogged(VISIT_1, 1, LocalDate.of(2026, 3, 25))))
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)))
                    .expectException(violation("VISIT_ALREADY_LOGGED", "visitId"));
        }

        @Test
        void rejectsAVisitBeforeTheHelpersAreAssigned() {
            fixture.given(confirmed())
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)))
                    .expectException(violation("TRIO_NOT_ASSIGNED"));
        }

        @Test
        void rejectsAVisitBeforeVerification() {
            fixture.given(identified())
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)))
                    .expectException(violation("CASE_NOT_VERIFIED"));
        }

        @Test
        void rejectsAVisitAfterTheStudentReturned() {
            fixture.given(returned())
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 5, 20)))
                    .expectException(violation("STUDENT_RETURNED"));
        }

        @Test
        void rejectsAVisitDuringHomeTeaching() {
            fixture.given(inHomeTeaching())
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 3, 25)))
                    .expectException(violation("IN_HOME_TEACHING"));
        }

        @Test
        void rejectsAVisitBeforeIdentification() {
            fixture.given(persuading())
                    .when(logVisit(VISIT_1, IDENTIFIED_ON.minusDays(1)))
                    .expectException(violation("VISIT_BEFORE_IDENTIFICATION", "visitedOn"));
        }

        @Test
        void rejectsAVisitInTheFuture() {
            fixture.given(persuading())
                    .when(logVisit(VISIT_1, TODAY.plusDays(1)))
                    .expectException(invalid("DATE_IN_FUTURE", "visitedOn"));
        }

        // A visit logged late is checked against the status on its own date (StepStatuses, the late-visit exception).

        @Test
        void takesALateVisitDatedWhileTheCaseWasPersuading_afterTheReturnWasRecorded() {
            LocalDate visitedOn = RETURNED_ON.minusDays(7);
            fixture.given(returned())
                    .when(logVisit(VISIT_1, visitedOn))
                    .expectEvents(visitLogged(VISIT_1, 1, visitedOn))
                    .expectState(c -> assertThat(c.status()).isEqualTo(RETURNED));
        }

        @Test
        void takesTheStatusADayEndsIn_soAVisitOnTheDayOfTheReturnIsRefused() {
            fixture.given(returned())
                    .when(logVisit(VISIT_1, RETURNED_ON))
                    .expectException(violation("STUDENT_RETURNED"));
            newFixture().given(persuading())
                    .when(logVisit(VISIT_1, TRIO_ASSIGNED_ON))
                    .expectEvents(visitLogged(VISIT_1, 1, TRIO_ASSIGNED_ON));
        }

        @Test
        void takesALateVisitDatedWhileTheCaseWasPersuading_afterTheCaseWasCrossedOff() {
            LocalDate visitedOn = RETURNED_ON.minusDays(7);
            fixture.given(and(returned(), crossedOff()))
                    .when(logVisit(VISIT_1, visitedOn))
                    .expectEvents(visitLogged(VISIT_1, 1, visitedOn))
                    .expectState(c -> assertThat(c.status()).isEqualTo(CLOSED));
        }

        @Test
        void rejectsAVisitDatedBeforeTheTrioWasAssigned() {
            fixture.given(persuading())
                    .when(logVisit(VISIT_1, TRIO_ASSIGNED_ON.minusDays(1)))
                    .expectException(violation("STATUS_NOT_ALLOWED_ON_DATE", "visitedOn"))
                    .expectExceptionMessage("案件在走访日期（2026-03-21）处于“已确认辍学”状态，不是“劝返中”，"
                            + "不能登记劝返走访；请核对走访日期");
        }

        @Test
        void rejectsALateVisitDatedWhileTheStudentWasWatched_afterTheCrossOff() {
            fixture.given(and(returned(), crossedOff()))
                    .when(logVisit(VISIT_1, RETURNED_ON.plusDays(1)))
                    .expectException(violation("STATUS_NOT_ALLOWED_ON_DATE", "visitedOn"))
                    .expectExceptionMessage(containsString("处于“已返校观察中”状态"));
        }

        @Test
        void rejectsAVisitDatedAfterTheCrossOff() {
            fixture.given(and(returned(), crossedOff()))
                    .when(logVisit(VISIT_1, WATCH_ENDS_ON.plusDays(1)))
                    .expectException(violation("CASE_CLOSED"));
        }

        @Test
        void checksAVisitOfASecondEpisodeAgainstThatEpisode() {
            LocalDate droppedOutAgainOn = LocalDate.of(2026, 6, 1);
            List<Object> relapsed = and(returned(), new RelapseRecorded(CASE_ID, droppedOutAgainOn, 2, PERSUADING,
                    null));
            fixture.given(relapsed)
                    .when(logVisit(VISIT_1, droppedOutAgainOn.minusDays(1)))
                    .expectException(violation("STATUS_NOT_ALLOWED_ON_DATE", "visitedOn"));
            newFixture().given(relapsed)
                    .when(logVisit(VISIT_2, droppedOutAgainOn))
                    .expectEvents(visitLogged(VISIT_2, 1, droppedOutAgainOn));
        }

        @Test
        void rejectsTheSameVisitTwiceAfterTheCaseMovedOn() {
            LocalDate visitedOn = RETURNED_ON.minusDays(7);
            fixture.given(and(returned(), visitLogged(VISIT_1, 1, visitedOn)))
                    .when(logVisit(VISIT_1, visitedOn))
                    .expectException(violation("VISIT_ALREADY_LOGGED", "visitId"));
        }

        @Test
        void rejectsALateVisitOnACaseWhosePersonalDataWasErased() {
            fixture.given(and(closed(), new PersonalDataErased(CASE_ID, "监护人申请删除")))
                    .when(logVisit(VISIT_1, LocalDate.of(2026, 4, 1)))
                    .expectException(violation("PERSONAL_DATA_ERASED"));
        }
    }

    @Nested
    class LegalLadderRules {

        private final LocalDate overdue = ORDER_DEADLINE.plusDays(3);

        @Test
        void recordsCriticismEducation() {
            fixture.given(persuading())
                    .when(recordCriticism())
                    .expectEvents(criticismRecorded())
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.CRITICISED));
        }

        @Test
        void rejectsCriticismBeforeTheHelpersAreAssigned() {
            fixture.given(confirmed())
                    .when(recordCriticism())
                    .expectException(violation("TRIO_NOT_ASSIGNED"));
        }

        @Test
        void rejectsCriticismBeforeIdentification() {
            fixture.given(persuading())
                    .when(new RecordCriticismEducation(CASE_ID,
                            IDENTIFIED_ON.minusDays(1), "青禾乡人民政府", null))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "criticisedOn"));
        }

        @Test
        void issuesACorrectionOrder() {
            fixture.given(and(persuading(), criticismRecorded()))
                    .when(issueOrder())
                    .expectEvents(orderIssued())
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.ORDER_ISSUED));
        }

        @Test
        void rejectsAnOrderWithoutCriticismFirst() {
            fixture.given(persuading())
                    .when(issueOrder())
                    .expectException(violation("CRITICISM_NOT_RECORDED"));
        }

        @Test
        void rejectsAnOrderDatedBeforeTheCriticism() {
            fixture.given(and(persuading(), criticismRecorded()))
                    .when(new IssueCorrectionOrder(CASE_ID, ORDER_NUMBER, CRITICISED_ON.minusDays(1), "青禾乡人民政府",
                            ORDER_DEADLINE))
                    .expectException(violation("ORDER_BEFORE_CRITICISM", "issuedOn"));
        }

        @Test
        void rejectsADuplicateOrderNumber() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued()))
                    .when(issueOrder())
                    .expectException(violation("ORDER_ALREADY_ISSUED", "orderNumber"));
        }

        @Test
        void recordsThatTheOrderWasServed() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued()))
                    .when(serveOrder())
                    .expectEvents(orderServed())
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.DOCUMENTS_SERVED));
        }

        @Test
        void rejectsServiceOfAnUnknownDocument() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued()))
                    .when(new RecordDocumentServed(CASE_ID, "青禾乡政责〔2026〕99号", SERVED_ON, "林大木",
                            ServiceMethod.IN_PERSON))
                    .expectException(violation("ORDER_NOT_ISSUED", "documentReference"));
        }

        @Test
        void rejectsServingTheSameOrderTwice() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(serveOrder())
                    .expectException(violation("DOCUMENT_ALREADY_SERVED", "documentReference"));
        }

        @Test
        void rejectsServiceBeforeTheOrderWasIssued() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued()))
                    .when(new RecordDocumentServed(CASE_ID, ORDER_NUMBER, ORDER_ISSUED_ON.minusDays(1), "林大木",
                            ServiceMethod.LEFT_AT_RESIDENCE))
                    .expectException(violation("SERVED_BEFORE_ISSUE", "servedOn"));
        }

        @Test
        void recordsJudicialInterventionOnceTheDeadlinePassed() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(new RecordJudicialIntervention(CASE_ID, overdue, JudicialAuthority.JUSTICE_OFFICE,
                            "青禾乡司法所", "司法所约谈监护人"))
                    .expectEvents(new JudicialInterventionRecorded(CASE_ID, overdue, JudicialAuthority.JUSTICE_OFFICE,
                            "青禾乡司法所", "司法所约谈监护人"))
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.JUDICIAL_INTERVENTION));
        }

        @Test
        void rejectsJudicialInterventionWithoutAnOrder() {
            fixture.given(and(persuading(), criticismRecorded()))
                    .when(new RecordJudicialIntervention(CASE_ID, overdue, JudicialAuthority.POLICE_STATION,
                            "青禾派出所", null))
                    .expectException(violation("ORDER_NOT_ISSUED"));
        }

        @Test
        void rejectsJudicialInterventionBeforeTheOrderWasServed() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued()))
                    .when(new RecordJudicialIntervention(CASE_ID, overdue, JudicialAuthority.JUSTICE_OFFICE,
                            "青禾乡司法所", null))
                    .expectException(violation("ORDER_NOT_SERVED"));
        }

        @Test
        void rejectsJudicialInterventionOnTheDeadlineItself() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(new RecordJudicialIntervention(CASE_ID, ORDER_DEADLINE, JudicialAuthority.JUSTICE_OFFICE,
                            "青禾乡司法所", null))
                    .expectException(violation("DEADLINE_NOT_PASSED", "intervenedOn"))
                    .expectExceptionMessage(containsString(ORDER_DEADLINE.toString()));
        }

        @Test
        void recordsALawsuit() {
            LocalDate filedOn = LocalDate.of(2026, 4, 20);
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(new RecordLawsuitFiled(CASE_ID, filedOn, "青禾县人民法院", "（2026）湘0181民初123号"))
                    .expectEvents(new LawsuitFiled(CASE_ID, filedOn, "青禾县人民法院", "（2026）湘0181民初123号"))
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.SUED));
        }

        @Test
        void rejectsALawsuitBeforeTheDeadlinePassed() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(new RecordLawsuitFiled(CASE_ID, ORDER_DEADLINE.minusDays(1), "青禾县人民法院", "（2026）湘0181民初1号"))
                    .expectException(violation("DEADLINE_NOT_PASSED", "filedOn"));
        }

        @Test
        void rejectsASecondLawsuitWhileOneIsPending() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed(),
                            new LawsuitFiled(CASE_ID, LocalDate.of(2026, 4, 20), "青禾县人民法院", "（2026）湘0181民初123号")))
                    .when(new RecordLawsuitFiled(CASE_ID, LocalDate.of(2026, 4, 21), "青禾县人民法院", "（2026）湘0181民初124号"))
                    .expectException(violation("LAWSUIT_PENDING"));
        }

        @Test
        void recordsTheLawsuitOutcome() {
            LocalDate decidedOn = LocalDate.of(2026, 5, 6);
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed(),
                            new LawsuitFiled(CASE_ID, LocalDate.of(2026, 4, 20), "青禾县人民法院", "（2026）湘0181民初123号")))
                    .when(new RecordLawsuitOutcome(CASE_ID, decidedOn, LawsuitOutcome.MEDIATED, "当庭调解，承诺送子女返校"))
                    .expectEvents(new LawsuitConcluded(CASE_ID, decidedOn, LawsuitOutcome.MEDIATED, "当庭调解，承诺送子女返校"))
                    .expectState(c -> assertThat(c.legalStep()).isEqualTo(LegalStep.CONCLUDED));
        }

        @Test
        void rejectsAnOutcomeWithoutALawsuit() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed()))
                    .when(new RecordLawsuitOutcome(CASE_ID, LocalDate.of(2026, 5, 6), LawsuitOutcome.JUDGED, null))
                    .expectException(violation("LAWSUIT_NOT_FILED"));
        }

        @Test
        void rejectsAnOutcomeDatedBeforeTheFiling() {
            fixture.given(and(persuading(), criticismRecorded(), orderIssued(), orderServed(),
                            new LawsuitFiled(CASE_ID, LocalDate.of(2026, 4, 20), "青禾县人民法院", "（2026）湘0181民初123号")))
                    .when(new RecordLawsuitOutcome(CASE_ID, LocalDate.of(2026, 4, 19), LawsuitOutcome.WITHDRAWN, null))
                    .expectException(violation("DECIDED_BEFORE_FILING", "decidedOn"));
        }

        @Test
        void rejectsLegalStepsAfterTheStudentReturned() {
            fixture.given(returned())
                    .when(recordCriticism())
                    .expectException(violation("STUDENT_RETURNED"));
        }
    }

    /**
     * A step that changes the status is not dated before the case entered its current status, so that folding the
     * events by business date gives the states of the order they were recorded in.
     */
    @Nested
    class StatusChangesInDateOrder {

        @Test
        void rejectsAConfirmationDatedBeforeTheRecheckWasScheduled() {
            fixture.given(and(identified(), recheckScheduled()))
                    .when(new ConfirmDropout(CASE_ID, CHECKED_ON.minusDays(1), null))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "confirmedOn"))
                    .expectExceptionMessage("核实日期（2026-03-19）不能早于案件进入“待复查”的日期（2026-03-20）");
        }

        @Test
        void rejectsASecondRecheckOrAClosureDatedBeforeTheFirstRecheck() {
            fixture.given(and(identified(), recheckScheduled()))
                    .when(new ScheduleRecheck(CASE_ID, CHECKED_ON.minusDays(1), RecheckReason.PERSON_NOT_FOUND,
                            List.of(evidence()), null))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "checkedOn"));
            newFixture().given(and(identified(), recheckScheduled()))
                    .when(new CloseAsNotDropout(CASE_ID, CHECKED_ON.minusDays(1), ClosingCategory.ENROLLED_LOCALLY,
                            List.of(evidence()), null))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "verifiedOn"));
        }

        @Test
        void rejectsAReturnDatedBeforeThePersuasionBegan() {
            fixture.given(persuading())
                    .when(returnToSchool(TRIO_ASSIGNED_ON.minusDays(1)))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "returnedOn"))
                    .expectExceptionMessage("返校日期（2026-03-21）不能早于案件进入“劝返中”的日期（2026-03-22）");
        }

        @Test
        void rejectsAReturnDatedBeforeTheConfirmation() {
            fixture.given(confirmed())
                    .when(returnToSchool(CONFIRMED_ON.minusDays(1)))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "returnedOn"));
        }

        @Test
        void takesAReturnOnTheDayThePersuasionBegan() {
            fixture.given(persuading())
                    .when(returnToSchool(TRIO_ASSIGNED_ON))
                    .expectEvents(studentReturned(TRIO_ASSIGNED_ON, 1, LocalDate.of(2026, 9, 15)));
        }

        @Test
        void rejectsAClosureDatedBeforeTheReturn() {
            fixture.given(returned())
                    .when(new CloseCase(CASE_ID, RETURNED_ON.minusDays(1), ClosingCategory.ABROAD,
                            List.of(evidence()), null))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "closedOn"))
                    .expectExceptionMessage("结案日期（2026-05-07）不能早于案件进入“已返校观察中”的日期（2026-05-08）");
        }

        @Test
        void rejectsAClosureDatedBeforeHomeTeachingStarted() {
            fixture.given(inHomeTeaching())
                    .when(new CloseCase(CASE_ID, HOME_TEACHING_STARTS_ON.minusDays(1),
                            ClosingCategory.MOVED_TO_SPECIAL_SCHOOL, List.of(evidence()), null))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "closedOn"));
        }

        @Test
        void rejectsHomeTeachingStartingBeforeThePersuasionBegan() {
            ArrangeHomeTeaching c = arrangeHomeTeaching();
            fixture.given(and(persuading(), disabilityRecorded()))
                    .when(new ArrangeHomeTeaching(CASE_ID, c.teachers(), c.schoolOfRegistration(), 2, 3,
                            TRIO_ASSIGNED_ON.minusDays(1)))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "startsOn"));
        }

        @Test
        void rejectsHomeTeachingStartingBeforeTheDisabilityWasVerified() {
            RecordDisability d = recordDisability();
            LocalDate verifiedOn = HOME_TEACHING_STARTS_ON.plusDays(1);
            fixture.given(and(identified(), new DisabilityRecorded(CASE_ID, verifiedOn, d.category(), d.level(),
                            d.certificateReference())))
                    .when(arrangeHomeTeaching())
                    .expectException(violation("HOME_TEACHING_BEFORE_DISABILITY", "startsOn"))
                    .expectExceptionMessage("送教开始日期（2026-03-23）不能早于残疾情况核实日期（2026-03-24）");
        }

        @Test
        void startsHomeTeachingFromTheFirstVerificationOfTheDisability() {
            RecordDisability d = recordDisability();
            fixture.given(and(identified(), disabilityRecorded(), new DisabilityRecorded(CASE_ID,
                            HOME_TEACHING_STARTS_ON.plusDays(5), d.category(), DisabilityLevel.LEVEL_2, "复核证明")))
                    .when(arrangeHomeTeaching())
                    .expectEvents(homeTeachingArranged());
        }

        @Test
        void rejectsAReturnDatedBeforeAReopening() {
            LocalDate reopenedOn = LocalDate.of(2026, 7, 2);
            fixture.given(and(closed(), new CaseReopened(CASE_ID, reopenedOn, "已回国", PERSUADING, 1)))
                    .when(returnToSchool(reopenedOn.minusDays(1)))
                    .expectException(violation("DATE_BEFORE_CURRENT_STATUS", "returnedOn"))
                    .expectExceptionMessage(containsString("案件进入“劝返中”的日期（2026-07-02）"));
        }

        @Test
        void keepsTheOwnCodesOfRelapseCrossOffAndReopening() {
            fixture.given(returned())
                    .when(new RecordRelapse(CASE_ID, RETURNED_ON.minusDays(1), null))
                    .expectException(violation("RELAPSE_BEFORE_RETURN", "droppedOutAgainOn"));
            newFixture().given(returned())
                    .when(new CrossOff(CASE_ID, RETURNED_ON.minusDays(1), null))
                    .expectException(violation("WATCH_PERIOD_NOT_OVER", "crossedOffOn"));
            newFixture().given(closed())
                    .when(new ReopenCase(CASE_ID, LocalDate.of(2026, 6, 29), "已回国"))
                    .expectException(violation("REOPEN_BEFORE_CLOSURE", "reopenedOn"));
        }
    }

    @Nested
    class DisabilityDate {

        @Test
        void recordsTheDayTheDisabilityWasVerified() {
            fixture.given(persuading())
                    .when(recordDisability())
                    .expectEvents(new DisabilityRecorded(CASE_ID, DISABILITY_VERIFIED_ON, DisabilityCategory.PHYSICAL,
                            DisabilityLevel.LEVEL_1, "43018120130615003711"));
        }

        @Test
        void rejectsAVerificationDateBeforeIdentificationOrInTheFuture() {
            RecordDisability d = recordDisability();
            fixture.given(identified())
                    .when(new RecordDisability(CASE_ID, IDENTIFIED_ON.minusDays(1), d.category(), d.level(),
                            d.certificateReference()))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "verifiedOn"));
            newFixture().given(identified())
                    .when(new RecordDisability(CASE_ID, TODAY.plusDays(1), d.category(), d.level(),
                            d.certificateReference()))
                    .expectException(invalid("DATE_IN_FUTURE", "verifiedOn"));
        }
    }

    @Nested
    class ReturnAndCrossOff {

        @Test
        void recordsAReturnFromPersuasion() {
            fixture.given(persuading())
                    .when(returnToSchool(RETURNED_ON))
                    .expectEvents(studentReturned(1))
                    .expectState(c -> assertThat(c.status()).isEqualTo(RETURNED));
        }

        @Test
        void recordsAReturnStraightAfterConfirmation() {
            fixture.given(confirmed())
                    .when(returnToSchool(RETURNED_ON))
                    .expectEvents(studentReturned(1));
        }

        @Test
        void watchesAnAutumnReturnUntilAfterTheSpringCheck() {
            LocalDate autumnReturn = LocalDate.of(2026, 10, 12);
            fixture.given(persuading())
                    .when(returnToSchool(autumnReturn))
                    .expectEvents(studentReturned(autumnReturn, 1, LocalDate.of(2027, 3, 15)));
        }

        @Test
        void rejectsAReturnBeforeVerification() {
            fixture.given(identified())
                    .when(returnToSchool(RETURNED_ON))
                    .expectException(violation("CASE_NOT_VERIFIED"));
        }

        @Test
        void rejectsASecondReturn() {
            fixture.given(returned())
                    .when(returnToSchool(RETURNED_ON.plusDays(1)))
                    .expectException(violation("STUDENT_RETURNED"));
        }

        @Test
        void rejectsAReturnDuringHomeTeaching() {
            fixture.given(inHomeTeaching())
                    .when(returnToSchool(RETURNED_ON))
                    .expectException(violation("IN_HOME_TEACHING"));
        }

        @Test
        void rejectsAReturnBeforeIdentification() {
            fixture.given(persuading())
                    .when(returnToSchool(IDENTIFIED_ON.minusDays(9)))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "returnedOn"));
        }

        @Test
        void rejectsAReturnInTheFuture() {
            fixture.given(persuading())
                    .when(returnToSchool(TODAY.plusDays(1)))
                    .expectException(invalid("DATE_IN_FUTURE", "returnedOn"));
        }

        @Test
        void crossesOffOnTheDayTheWatchEnds() {
            fixture.given(returned())
                    .when(new CrossOff(CASE_ID, WATCH_ENDS_ON, "观察期内出勤正常"))
                    .expectEvents(crossedOff())
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(CLOSED);
                        assertThat(c.closingCategory()).isEqualTo(ClosingCategory.RETURNED_AND_CROSSED_OFF);
                    });
        }

        @Test
        void rejectsCrossingOffDuringTheWatch() {
            fixture.given(returned())
                    .when(new CrossOff(CASE_ID, WATCH_ENDS_ON.minusDays(1), null))
                    .expectException(violation("WATCH_PERIOD_NOT_OVER", "crossedOffOn"))
                    .expectExceptionMessage(containsString(WATCH_ENDS_ON.toString()));
        }

        @Test
        void rejectsCrossingOffAStudentWhoHasNotReturned() {
            fixture.given(persuading())
                    .when(new CrossOff(CASE_ID, WATCH_ENDS_ON, null))
                    .expectException(violation("NOT_RETURNED"))
                    .expectExceptionMessage("未登记返校，不能销号");
        }

        @Test
        void rejectsACrossOffDatedInTheFuture() {
            fixture.given(and(persuading(), studentReturned(LocalDate.of(2026, 10, 12), 1, LocalDate.of(2027, 3, 15))))
                    .when(new CrossOff(CASE_ID, LocalDate.of(2027, 3, 15), null))
                    .expectException(invalid("DATE_IN_FUTURE", "crossedOffOn"));
        }
    }

    @Nested
    class Relapse {

        private final LocalDate droppedOutAgainOn = LocalDate.of(2026, 6, 1);

        @Test
        void resumesPersuasionInANewEpisode() {
            fixture.given(returned())
                    .when(new RecordRelapse(CASE_ID, droppedOutAgainOn, "期中后再次不到校"))
                    .expectEvents(new RelapseRecorded(CASE_ID, droppedOutAgainOn, 2, PERSUADING, "期中后再次不到校"))
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(PERSUADING);
                        assertThat(c.episode()).isEqualTo(2);
                    });
        }

        @Test
        void resumesAsConfirmedDropoutWhenNoHelpersWereAssigned() {
            fixture.given(and(confirmed(), studentReturned(1)))
                    .when(new RecordRelapse(CASE_ID, droppedOutAgainOn, null))
                    .expectEvents(new RelapseRecorded(CASE_ID, droppedOutAgainOn, 2, CONFIRMED_DROPOUT, null))
                    .expectState(c -> assertThat(c.status()).isEqualTo(CONFIRMED_DROPOUT));
        }

        @Test
        void rejectsARelapseOfAStudentWhoHasNotReturned() {
            fixture.given(persuading())
                    .when(new RecordRelapse(CASE_ID, droppedOutAgainOn, null))
                    .expectException(violation("NOT_RETURNED"));
        }

        @Test
        void rejectsARelapseBeforeTheReturn() {
            fixture.given(returned())
                    .when(new RecordRelapse(CASE_ID, RETURNED_ON.minusDays(1), null))
                    .expectException(violation("RELAPSE_BEFORE_RETURN", "droppedOutAgainOn"));
        }

        @Test
        void recordsAReturnInTheLaterEpisode() {
            LocalDate secondReturn = LocalDate.of(2026, 10, 12);
            fixture.given(and(returned(), new RelapseRecorded(CASE_ID, droppedOutAgainOn, 2, PERSUADING, null)))
                    .when(returnToSchool(secondReturn))
                    .expectEvents(studentReturned(secondReturn, 2, LocalDate.of(2027, 3, 15)))
                    .expectState(c -> assertThat(c.status()).isEqualTo(RETURNED));
        }

        @Test
        void rejectsALaterReturnDatedBeforeTheRelapse() {
            fixture.given(and(returned(), new RelapseRecorded(CASE_ID, droppedOutAgainOn, 2, PERSUADING, null)))
                    .when(returnToSchool(droppedOutAgainOn.minusDays(1)))
                    .expectException(violation("RETURN_BEFORE_DROPOUT_AGAIN", "returnedOn"));
        }
    }

    @Nested
    class HomeTeaching {

        @ParameterizedTest(name = "{0}")
        @MethodSource("cn.kcbx.caseservice.casefile.DropoutCaseAggregateTest#everyOpenStatus")
        void recordsADisabilityInEveryOpenStatus(CaseStatus status, List<Object> history) {
            fixture.given(history)
                    .when(recordDisability())
                    .expectEvents(disabilityRecorded())
                    .expectState(c -> assertThat(c.status()).isEqualTo(status));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cn.kcbx.caseservice.casefile.DropoutCaseAggregateTest#homeTeachingStarts")
        void arrangesHomeTeaching(CaseStatus status, List<Object> history) {
            fixture.given(and(history, disabilityRecorded()))
                    .when(arrangeHomeTeaching())
                    .expectEvents(homeTeachingArranged())
                    .expectState(c -> assertThat(c.status()).isEqualTo(HOME_TEACHING));
        }

        @Test
        void arrangesHomeTeachingInAdvance() {
            ArrangeHomeTeaching c = arrangeHomeTeaching();
            LocalDate nextMonday = LocalDate.of(2026, 11, 23);
            fixture.given(and(identified(), disabilityRecorded()))
                    .when(new ArrangeHomeTeaching(CASE_ID, c.teachers(), c.schoolOfRegistration(), 1, 2, nextMonday))
                    .expectEvents(new HomeTeachingArranged(CASE_ID, c.teachers(), c.schoolOfRegistration(), 1, 2,
                            nextMonday));
        }

        @Test
        void rejectsHomeTeachingWithoutARecordedDisability() {
            fixture.given(persuading())
                    .when(arrangeHomeTeaching())
                    .expectException(violation("DISABILITY_NOT_RECORDED"));
        }

        @Test
        void rejectsArrangingHomeTeachingTwice() {
            fixture.given(inHomeTeaching())
                    .when(arrangeHomeTeaching())
                    .expectException(violation("HOME_TEACHING_ALREADY_ARRANGED"));
        }

        @Test
        void rejectsHomeTeachingForAReturnedStudent() {
            fixture.given(and(returned(), disabilityRecorded()))
                    .when(arrangeHomeTeaching())
                    .expectException(violation("STUDENT_RETURNED"));
        }

        @Test
        void rejectsHomeTeachingStartingBeforeIdentification() {
            ArrangeHomeTeaching c = arrangeHomeTeaching();
            fixture.given(and(identified(), disabilityRecorded()))
                    .when(new ArrangeHomeTeaching(CASE_ID, c.teachers(), c.schoolOfRegistration(), 2, 3,
                            IDENTIFIED_ON.minusDays(1)))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "startsOn"));
        }

        @Test
        void recordsASession() {
            LocalDate deliveredOn = HOME_TEACHING_STARTS_ON.plusDays(1);
            RecordHomeTeachingSession c = homeTeachingSession(SESSION_1, deliveredOn);
            fixture.given(inHomeTeaching())
                    .when(c)
                    .expectEvents(new HomeTeachingSessionDelivered(CASE_ID, SESSION_1, deliveredOn, c.teachers(),
                            c.periods(), c.content()))
                    .expectState(dropoutCase -> assertThat(dropoutCase.status()).isEqualTo(HOME_TEACHING));
        }

        @Test
        void rejectsTheSameSessionTwice() {
            LocalDate deliveredOn = HOME_TEACHING_STARTS_ON.plusDays(1);
            RecordHomeTeachingSession c = homeTeachingSession(SESSION_1, deliveredOn);
            fixture.given(and(inHomeTeaching(), new HomeTeachingSessionDelivered(CASE_ID, SESSION_1, deliveredOn,
                            c.teachers(), c.periods(), c.content())))
                    .when(c)
                    .expectException(violation("SESSION_ALREADY_RECORDED", "sessionId"));
        }

        @Test
        void rejectsASessionOutsideHomeTeaching() {
            fixture.given(and(persuading(), disabilityRecorded()))
                    .when(homeTeachingSession(SESSION_2, HOME_TEACHING_STARTS_ON))
                    .expectException(violation("NOT_IN_HOME_TEACHING"));
        }

        @Test
        void rejectsASessionBeforeHomeTeachingStarted() {
            fixture.given(inHomeTeaching())
                    .when(homeTeachingSession(SESSION_2, HOME_TEACHING_STARTS_ON.minusDays(1)))
                    .expectException(violation("SESSION_BEFORE_HOME_TEACHING_START", "deliveredOn"));
        }

        @Test
        void rejectsASessionInTheFuture() {
            fixture.given(inHomeTeaching())
                    .when(homeTeachingSession(SESSION_2, TODAY.plusDays(1)))
                    .expectException(invalid("DATE_IN_FUTURE", "deliveredOn"));
        }

        @Test
        void endsHomeTeachingWithATransferToASpecialSchool() {
            fixture.given(inHomeTeaching())
                    .when(closeCase(ClosingCategory.MOVED_TO_SPECIAL_SCHOOL))
                    .expectEvents(caseClosed(ClosingCategory.MOVED_TO_SPECIAL_SCHOOL))
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(CLOSED);
                        assertThat(c.closingCategory()).isEqualTo(ClosingCategory.MOVED_TO_SPECIAL_SCHOOL);
                    });
        }

        @Test
        void rejectsHomeTeachingEndingsOutsideHomeTeaching() {
            fixture.given(persuading())
                    .when(closeCase(ClosingCategory.HOME_TEACHING_AGED_OUT))
                    .expectException(violation("CATEGORY_REQUIRES_HOME_TEACHING", "category"));
        }
    }

    static Stream<Arguments> homeTeachingStarts() {
        return everyOpenStatus().filter(a -> a.get()[0] != RETURNED && a.get()[0] != HOME_TEACHING);
    }

    @Nested
    class ClosingAndReopening {

        @ParameterizedTest(name = "{0}")
        @MethodSource("cn.kcbx.caseservice.casefile.DropoutCaseAggregateTest#everyOpenStatus")
        void closesForASpecialSituationFromEveryOpenStatus(CaseStatus status, List<Object> history) {
            fixture.given(history)
                    .when(closeCase(ClosingCategory.ABROAD))
                    .expectEvents(caseClosed(ClosingCategory.ABROAD))
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(CLOSED);
                        assertThat(c.closingCategory()).isEqualTo(ClosingCategory.ABROAD);
                    });
        }

        @Test
        void rejectsClosingTwice() {
            fixture.given(closed())
                    .when(closeCase(ClosingCategory.DECEASED))
                    .expectException(violation("CASE_ALREADY_CLOSED"));
        }

        @Test
        void rejectsTheCrossOffCategoryOnAClosure() {
            fixture.given(returned())
                    .when(new CloseCase(CASE_ID, WATCH_ENDS_ON, ClosingCategory.RETURNED_AND_CROSSED_OFF, List.of(),
                            null))
                    .expectException(violation("CATEGORY_REQUIRES_CROSS_OFF", "category"));
        }

        @Test
        void rejectsAClosureWithoutEvidence() {
            fixture.given(persuading())
                    .when(new CloseCase(CASE_ID, LocalDate.of(2026, 6, 30), ClosingCategory.OVER_AGE, List.of(), null))
                    .expectException(violation("EVIDENCE_REQUIRED", "evidence"));
        }

        @Test
        void rejectsAClosureDatedBeforeIdentification() {
            fixture.given(persuading())
                    .when(new CloseCase(CASE_ID, IDENTIFIED_ON.minusDays(1), ClosingCategory.DECEASED,
                            List.of(evidence()), null))
                    .expectException(violation("DATE_BEFORE_IDENTIFICATION", "closedOn"));
        }

        @Test
        void reopensACrossedOffCaseAsANewEpisodeOfPersuasion() {
            LocalDate reopenedOn = LocalDate.of(2026, 10, 8);
            fixture.given(and(returned(), crossedOff()))
                    .when(new ReopenCase(CASE_ID, reopenedOn, "国庆后再次辍学"))
                    .expectEvents(new CaseReopened(CASE_ID, reopenedOn, "国庆后再次辍学", PERSUADING, 2))
                    .expectState(c -> {
                        assertThat(c.status()).isEqualTo(PERSUADING);
                        assertThat(c.episode()).isEqualTo(2);
                        assertThat(c.closingCategory()).isNull();
                    });
        }

        @Test
        void reopensAWronglyVerifiedCaseForVerification() {
            LocalDate reopenedOn = LocalDate.of(2026, 9, 10);
            fixture.given(and(identified(), new CaseVerifiedNotDropout(CASE_ID, CHECKED_ON,
                            ClosingCategory.ENROLLED_IN_PROVINCE, List.of(evidence()), null)))
                    .when(new ReopenCase(CASE_ID, reopenedOn, "省内就读学校回复查无此生"))
                    .expectEvents(new CaseReopened(CASE_ID, reopenedOn, "省内就读学校回复查无此生", IDENTIFIED, 1))
                    .expectState(c -> assertThat(c.status()).isEqualTo(IDENTIFIED));
        }

        @Test
        void reopensAConfirmedCaseWithoutHelpersAsConfirmed() {
            LocalDate reopenedOn = LocalDate.of(2026, 9, 10);
            fixture.given(and(confirmed(), caseClosed(ClosingCategory.ABROAD)))
                    .when(new ReopenCase(CASE_ID, reopenedOn, "已回国，未入学"))
                    .expectEvents(new CaseReopened(CASE_ID, reopenedOn, "已回国，未入学", CONFIRMED_DROPOUT, 1))
                    .expectState(c -> assertThat(c.status()).isEqualTo(CONFIRMED_DROPOUT));
        }

        @Test
        void rejectsReopeningAnOpenCase() {
            fixture.given(persuading())
                    .when(new ReopenCase(CASE_ID, TODAY, "误操作"))
                    .expectException(violation("CASE_NOT_CLOSED"));
        }

        @Test
        void rejectsAReopeningDatedBeforeTheClosure() {
            fixture.given(closed())
                    .when(new ReopenCase(CASE_ID, LocalDate.of(2026, 6, 29), "再次辍学"))
                    .expectException(violation("REOPEN_BEFORE_CLOSURE", "reopenedOn"));
        }

        @Test
        void rejectsAReopeningInTheFuture() {
            fixture.given(closed())
                    .when(new ReopenCase(CASE_ID, TODAY.plusDays(1), "再次辍学"))
                    .expectException(invalid("DATE_IN_FUTURE", "reopenedOn"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("cn.kcbx.caseservice.casefile.DropoutCaseAggregateTest#commandsOnAClosedCase")
        void rejectsEveryOtherCommandOnAClosedCase(String name, Object command) {
            fixture.given(closed())
                    .when(command)
                    .expectException(violation("CASE_CLOSED"))
                    .expectNoEvents();
        }

        @Test
        void explainsHowToContinueAClosedCase() {
            fixture.given(closed())
                    .when(returnToSchool(RETURNED_ON))
                    .expectExceptionMessage("案件已结案，不能登记返校；如学生再次辍学或需继续跟进，请先重新开案");
        }
    }

    static Stream<Arguments> commandsOnAClosedCase() {
        LocalDate day = LocalDate.of(2026, 7, 1);
        return Stream.of(
                confirmDropout(),
                new CloseAsNotDropout(CASE_ID, day, ClosingCategory.ENROLLED_LOCALLY, List.of(evidence()), null),
                new ScheduleRecheck(CASE_ID, day, RecheckReason.PERSON_NOT_FOUND, List.of(evidence()), null),
                assignTrio(),
                new ReplaceTrioMember(CASE_ID, day, TrioRole.GUARDIAN,
                        new Helper("林小芳", "母亲", new MobileNumber("13500000707")), "母亲返乡"),
                logVisit(VISIT_1, day),
                recordCriticism(),
                issueOrder(),
                serveOrder(),
                new RecordJudicialIntervention(CASE_ID, day, JudicialAuthority.COURT, "青禾县人民法院", null),
                new RecordLawsuitFiled(CASE_ID, day, "青禾县人民法院", "（2026）湘0181民初9号"),
                new RecordLawsuitOutcome(CASE_ID, day, LawsuitOutcome.MEDIATED, null),
                returnToSchool(day),
                new CrossOff(CASE_ID, day, null),
                new RecordRelapse(CASE_ID, day, null),
                recordDisability(),
                arrangeHomeTeaching(),
                homeTeachingSession(SESSION_1, day)
        ).map(command -> arguments(command.getClass().getSimpleName(), command));
    }
}
