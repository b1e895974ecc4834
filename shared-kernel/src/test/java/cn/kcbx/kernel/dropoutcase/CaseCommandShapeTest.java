package cn.kcbx.kernel.dropoutcase;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.contact.MobileNumber;
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
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.school.SchoolLevel;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Case commands check their own shape: required parts, non-blank texts, counts, dates within the command. */
class CaseCommandShapeTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final String VISIT_ID = "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a01";
    private static final LocalDate DAY = LocalDate.of(2026, 3, 20);

    private static void assertInvalid(ThrowingCallable construction, String code, String field) {
        assertThatThrownBy(construction).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).isNotBlank();
        });
    }

    private static StudentIdentity student() {
        String first17 = "43018120130615037";
        return new StudentIdentity("林小禾", new IdNumber(first17 + IdNumber.checkCharacter(first17)), null, null,
                null);
    }

    private static IdentifyCase identify(String caseId, IdentificationSource source, String sourceNote,
                                         List<PriorityCategoryEntry> categories) {
        return new IdentifyCase(caseId, source, sourceNote, DAY, student(),
                new HouseholdLocation(new DivisionCode("430181105203"), null),
                new LastSchool("青禾乡中心小学", null, Grade.GRADE_6), categories,
                SuspectedReasons.of(DropoutReason.POVERTY));
    }

    private static LogVisit visit(Set<TrioRole> trio, String notes, LocalDate nextVisit) {
        return new LogVisit(CASE_ID, VISIT_ID, DAY, trio, null, VisitMethod.PHONE, VisitOutcome.UNREACHABLE, notes,
                null, nextVisit);
    }

    @Test
    void caseIdsAreCanonicalUuids() {
        assertThat(new ConfirmDropout(CASE_ID.toUpperCase(), DAY, null).caseId()).isEqualTo(CASE_ID);
        assertInvalid(() -> new ConfirmDropout("case-1", DAY, null), "INVALID_IDENTIFIER", "caseId");
        assertInvalid(() -> new ConfirmDropout(" ", DAY, null), "VALUE_REQUIRED", "caseId");
        assertInvalid(() -> new ConfirmDropout(CASE_ID, null, null), "VALUE_REQUIRED", "confirmedOn");
    }

    @Test
    void textsAreStrippedAndBlankOptionalTextsBecomeNull() {
        ConfirmDropout command = new ConfirmDropout(CASE_ID, DAY, "  ");
        assertThat(command.note()).isNull();
        assertThat(new ReopenCase(CASE_ID, DAY, "  再次辍学 ").reason()).isEqualTo("再次辍学");
        assertInvalid(() -> new ReopenCase(CASE_ID, DAY, " "), "VALUE_REQUIRED", "reason");
        assertInvalid(() -> new ConfirmDropout(CASE_ID, DAY, "字".repeat(Checks.NOTE_MAX + 1)), "TEXT_TOO_LONG",
                "note");
    }

    @Test
    void anOtherSourceNeedsANote() {
        assertInvalid(() -> identify(CASE_ID, IdentificationSource.OTHER, null, List.of()), "VALUE_REQUIRED",
                "sourceNote");
        assertThat(identify(CASE_ID, IdentificationSource.OTHER, "民政部门转来", List.of()).sourceNote())
                .isEqualTo("民政部门转来");
    }

    @Test
    void eachPriorityCategoryIsListedOnce() {
        PriorityCategoryEntry lowIncome = new PriorityCategoryEntry(PriorityCategory.MINIMUM_LIVING_ALLOWANCE,
                LocalDate.of(2025, 1, 1), "民政低保名单");
        assertInvalid(() -> identify(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, null,
                List.of(lowIncome, lowIncome)), "DUPLICATE_PRIORITY_CATEGORY", "priorityCategories[1]");
        assertInvalid(() -> new PriorityCategoryEntry(PriorityCategory.OTHER, LocalDate.of(2025, 1, 1), null),
                "VALUE_REQUIRED", "sourceRegister");
        List<PriorityCategoryEntry> withNull = new ArrayList<>(Arrays.asList(lowIncome, null));
        assertInvalid(() -> identify(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, null, withNull),
                "VALUE_REQUIRED", "priorityCategories[1]");
    }

    @Test
    void suspectedReasonsKeepThePrimaryApartAndExplainOther() {
        SuspectedReasons reasons = new SuspectedReasons(DropoutReason.POVERTY,
                Set.of(DropoutReason.POVERTY, DropoutReason.DISTANCE_OR_ACCESS), null);
        assertThat(reasons.others()).containsExactly(DropoutReason.DISTANCE_OR_ACCESS);
        assertInvalid(() -> new SuspectedReasons(DropoutReason.POVERTY, Set.of(DropoutReason.OTHER), null),
                "REASON_NOTE_REQUIRED", "note");
    }

    @Test
    void schoolCodesHaveTenDigitsAndGradesKnowTheirLevel() {
        assertThat(new LastSchool("青禾乡中心小学", " 2143000001 ", Grade.GRADE_6).schoolCode()).isEqualTo("2143000001");
        assertThat(new LastSchool("青禾乡中心小学", "", Grade.GRADE_6).schoolCode()).isNull();
        assertInvalid(() -> new LastSchool("青禾乡中心小学", "21430A0001", Grade.GRADE_6), "SCHOOL_CODE_INVALID",
                "schoolCode");
        assertThat(Grade.GRADE_6.level()).isEqualTo(SchoolLevel.PRIMARY);
        assertThat(Grade.GRADE_7.level()).isEqualTo(SchoolLevel.JUNIOR);
    }

    @Test
    void helpersNeedNameUnitAndPhone() {
        assertInvalid(() -> new Helper(" ", "父亲", new MobileNumber("13700000303")), "VALUE_REQUIRED", "name");
        assertInvalid(() -> new Helper("林大木", "父亲", null), "VALUE_REQUIRED", "phone");
    }

    @Test
    void trioAndDisabilityStepsNeedTheirBusinessDate() {
        Helper teacher = new Helper("周晓梅", "青禾乡中心小学 班主任", new MobileNumber("13800000101"));
        Helper cadre = new Helper("罗长青", "青禾村村委会 村主任", new MobileNumber("13900000202"));
        Helper guardian = new Helper("林大木", "父亲", new MobileNumber("13700000303"));
        assertInvalid(() -> new AssignTrio(CASE_ID, null, teacher, cadre, guardian), "VALUE_REQUIRED", "assignedOn");
        assertInvalid(() -> new ReplaceTrioMember(CASE_ID, null, TrioRole.TEACHER, teacher, "原班主任调离"),
                "VALUE_REQUIRED", "replacedOn");
        assertInvalid(() -> new RecordDisability(CASE_ID, null, DisabilityCategory.PHYSICAL, DisabilityLevel.LEVEL_1,
                "残证字第 1 号"), "VALUE_REQUIRED", "verifiedOn");

        // Their events name that date as the business date.
        assertThat(new TrioAssigned(CASE_ID, DAY, teacher, cadre, guardian).occurredOn()).isEqualTo(DAY);
        assertThat(new TrioMemberReplaced(CASE_ID, DAY, TrioRole.TEACHER, teacher, cadre, "调整").occurredOn())
                .isEqualTo(DAY);
        assertThat(new DisabilityRecorded(CASE_ID, DAY, DisabilityCategory.PHYSICAL, DisabilityLevel.LEVEL_1, "1")
                .occurredOn()).isEqualTo(DAY);
    }

    @Test
    void aVisitNeedsAHelperNotesAndASensibleNextDate() {
        assertInvalid(() -> visit(Set.of(), "电话无人接听", null), "TRIO_PARTICIPANT_REQUIRED", "trioParticipants");
        assertInvalid(() -> visit(Set.of(TrioRole.TEACHER), " ", null), "VALUE_REQUIRED", "notes");
        assertInvalid(() -> visit(Set.of(TrioRole.TEACHER), "电话无人接听", DAY.minusDays(1)),
                "NEXT_VISIT_BEFORE_VISIT", "nextVisitPlannedOn");
        LogVisit visit = visit(Set.of(TrioRole.GUARDIAN, TrioRole.TEACHER), "电话无人接听", DAY);
        assertThat(visit.trioParticipants()).containsExactly(TrioRole.TEACHER, TrioRole.GUARDIAN);
        assertThat(visit.otherParticipants()).isEmpty();
    }

    @Test
    void aCorrectionDeadlineFollowsTheIssueDate() {
        assertInvalid(() -> new IssueCorrectionOrder(CASE_ID, "青禾乡政责〔2026〕3号", DAY, "青禾乡人民政府", DAY),
                "DEADLINE_NOT_AFTER_ISSUE", "deadline");
    }

    @Test
    void homeTeachingNeedsTwoDifferentTeachersAndSensibleCounts() {
        assertInvalid(() -> new ArrangeHomeTeaching(CASE_ID, List.of("周晓梅"), "青禾乡中心小学", 2, 3, DAY),
                "HOME_TEACHERS_TOO_FEW", "teachers");
        assertInvalid(() -> new ArrangeHomeTeaching(CASE_ID, List.of("周晓梅", " 周晓梅"), "青禾乡中心小学", 2, 3, DAY),
                "HOME_TEACHERS_NOT_DISTINCT", "teachers[1]");
        assertInvalid(() -> new ArrangeHomeTeaching(CASE_ID, List.of("周晓梅", "谭明远"), "青禾乡中心小学", 0, 3, DAY),
                "NUMBER_OUT_OF_RANGE", "requiredSessionsPerWeek");
        assertInvalid(() -> new ArrangeHomeTeaching(CASE_ID, List.of("周晓梅", "谭明远"), "青禾乡中心小学", 2, 0, DAY),
                "NUMBER_OUT_OF_RANGE", "periodsPerSession");
        assertInvalid(() -> new RecordHomeTeachingSession(CASE_ID, VISIT_ID, DAY, List.of(), 3, "认读生字"),
                "VALUE_REQUIRED", "teachers");
        assertInvalid(() -> new RecordHomeTeachingSession(CASE_ID, VISIT_ID, DAY, List.of("周晓梅"), 0, "认读生字"),
                "NUMBER_OUT_OF_RANGE", "periods");
    }

    @Test
    void closingAsOtherNeedsANoteAndEvidenceHasNoGaps() {
        EvidenceDocument evidence = new EvidenceDocument(EvidenceKind.INVESTIGATION_RECORD, "调查笔录-001", "青禾村村委会",
                DAY);
        assertInvalid(() -> new CloseCase(CASE_ID, DAY, ClosingCategory.OTHER, List.of(evidence), null),
                "CLOSING_NOTE_REQUIRED", "note");
        assertInvalid(() -> new CloseCase(CASE_ID, DAY, ClosingCategory.DECEASED, Arrays.asList(evidence, null), null),
                "VALUE_REQUIRED", "evidence[1]");
        assertThat(new CloseCase(CASE_ID, DAY, ClosingCategory.DECEASED, null, null).evidence()).isEmpty();
    }

    @Test
    void closingCategoriesKnowTheirRoute() {
        assertThat(ClosingCategory.RETURNED_AND_CROSSED_OFF.requiresEvidence()).isFalse();
        assertThat(ClosingCategory.RETURNED_AND_CROSSED_OFF.allowedAtVerification()).isFalse();
        assertThat(ClosingCategory.MOVED_TO_REGULAR_CLASS.allowedAtVerification()).isFalse();
        assertThat(ClosingCategory.MOVED_TO_REGULAR_CLASS.requiresEvidence()).isTrue();
        assertThat(ClosingCategory.DECEASED.allowedAtVerification()).isTrue();
        assertThat(ClosingCategory.values())
                .filteredOn(c -> c != ClosingCategory.RETURNED_AND_CROSSED_OFF)
                .allMatch(ClosingCategory::requiresEvidence);
    }
}
