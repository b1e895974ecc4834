package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.access.StepStatuses;
import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.ReopenCase;
import cn.kcbx.kernel.dropoutcase.correction.CorrectStepDate;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.RecordRepeatReport;
import cn.kcbx.kernel.dropoutcase.legal.JudicialAuthority;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.LawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.legal.RecordJudicialIntervention;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitFiled;
import cn.kcbx.kernel.dropoutcase.legal.RecordLawsuitOutcome;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.returning.RecordRelapse;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.ReplaceTrioMember;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.CaseRecheckScheduled;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.verification.RecheckReason;
import cn.kcbx.kernel.dropoutcase.verification.ScheduleRecheck;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.time.SchoolTerm;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static cn.kcbx.caseservice.casefile.CaseFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The states-per-step table ({@link StepStatuses}) and the aggregate agree for every step in every status: the case
 * refuses the step with one of its status refusals exactly where the table says no, and takes it (with valid content
 * and its other prerequisites met) where the table says yes, and the status it is in afterwards is one the table says
 * the step leads to. The pages offer steps from the table, so a step shown is
 * a step the case accepts.
 */
class DropoutCaseStepStatusesAggregateTest {

    /** The codes with which the aggregate says "not in this status". */
    private static final Set<String> STATUS_REFUSALS = Set.of("CASE_CLOSED", "CASE_NOT_VERIFIED", "TRIO_NOT_ASSIGNED",
            "STUDENT_RETURNED", "IN_HOME_TEACHING", "STATUS_NOT_ALLOWED", "CASE_ALREADY_VERIFIED", "NOT_RETURNED",
            "NOT_IN_HOME_TEACHING", "HOME_TEACHING_ALREADY_ARRANGED", "CASE_ALREADY_CLOSED", "CASE_NOT_CLOSED",
            // In PERSUADING and later the trio is always in place: this is how the case refuses a second one.
            "TRIO_ALREADY_ASSIGNED");

    private static final LocalDate RECHECKED_ON = LocalDate.of(2026, 3, 20);
    private static final LocalDate LAWSUIT_FILED_ON = LocalDate.of(2026, 4, 20);

    /** A history ending in each status; from PERSUADING on, the 三帮一 trio is in place. */
    private static Map<CaseStatus, List<Object>> histories() {
        Map<CaseStatus, List<Object>> histories = new EnumMap<>(CaseStatus.class);
        histories.put(CaseStatus.IDENTIFIED, identified());
        histories.put(CaseStatus.PENDING_RECHECK, and(identified(), new CaseRecheckScheduled(CASE_ID, RECHECKED_ON,
                RecheckReason.MISSING_OR_UNREACHABLE, List.of(evidence()), "全家外出，电话无法接通",
                new SchoolTerm(2026, SchoolTerm.Season.AUTUMN), LocalDate.of(2026, 9, 15))));
        histories.put(CaseStatus.CONFIRMED_DROPOUT, confirmed());
        histories.put(CaseStatus.PERSUADING, persuading());
        histories.put(CaseStatus.HOME_TEACHING, and(persuading(), disabilityRecorded(), homeTeachingArranged()));
        histories.put(CaseStatus.RETURNED, returned());
        histories.put(CaseStatus.CLOSED, closed());
        assertThat(histories).hasSize(CaseStatus.values().length);
        return histories;
    }

    /** A valid command for each step, and what must already have happened for it apart from the status. */
    private record Attempt(CaseCommand command, List<Object> prerequisites) {
        Attempt(CaseCommand command, Object... prerequisites) {
            this(command, List.of(prerequisites));
        }
    }

    private static Map<Class<? extends CaseCommand>, Attempt> attempts() {
        Map<Class<? extends CaseCommand>, Attempt> attempts = new LinkedHashMap<>();
        add(attempts, new Attempt(new RecordRepeatReport(CASE_ID, IdentificationSource.PLATFORM_COMPARISON, TODAY,
                "2026年秋季学期第1批")));
        add(attempts, new Attempt(confirmDropout()));
        add(attempts, new Attempt(new ScheduleRecheck(CASE_ID, RECHECKED_ON, RecheckReason.MISSING_OR_UNREACHABLE,
                List.of(evidence()), "全家外出，电话无法接通")));
        add(attempts, new Attempt(new CloseAsNotDropout(CASE_ID, RECHECKED_ON, ClosingCategory.ENROLLED_OUT_OF_PROVINCE,
                List.of(evidence()), "随父母在广东东莞就读")));
        add(attempts, new Attempt(assignTrio()));
        add(attempts, new Attempt(new ReplaceTrioMember(CASE_ID, LocalDate.of(2026, 5, 2), TrioRole.TEACHER,
                new Helper("谭明远", "青禾乡中心小学 教师", new MobileNumber("13800000909")), "原班主任调离")));
        // Dated today, in every history's current status: a visit is checked against the status of its own date
        // (a late visit dated while the case was 劝返中 is taken in a later status: see DropoutCaseAggregateTest).
        add(attempts, new Attempt(logVisit("c0c0c0c0-0000-4000-8000-000000000001", TODAY)));
        add(attempts, new Attempt(recordCriticism()));
        add(attempts, new Attempt(issueOrder(), criticismRecorded()));
        add(attempts, new Attempt(serveOrder(), criticismRecorded(), orderIssued()));
        add(attempts, new Attempt(new RecordJudicialIntervention(CASE_ID, LocalDate.of(2026, 4, 15),
                JudicialAuthority.JUSTICE_OFFICE, "青禾乡司法所", "司法所约谈监护人"),
                criticismRecorded(), orderIssued(), orderServed()));
        add(attempts, new Attempt(new RecordLawsuitFiled(CASE_ID, LAWSUIT_FILED_ON, "青禾县人民法院",
                "（2026）湘0181民初123号"), criticismRecorded(), orderIssued(), orderServed()));
        add(attempts, new Attempt(new RecordLawsuitOutcome(CASE_ID, LocalDate.of(2026, 5, 6), LawsuitOutcome.MEDIATED,
                "当庭调解"), criticismRecorded(), orderIssued(), orderServed(),
                new LawsuitFiled(CASE_ID, LAWSUIT_FILED_ON, "青禾县人民法院", "（2026）湘0181民初123号")));
        add(attempts, new Attempt(returnToSchool(RETURNED_ON)));
        add(attempts, new Attempt(new RecordRelapse(CASE_ID, LocalDate.of(2026, 6, 1), "期中后再次不到校")));
        add(attempts, new Attempt(new CrossOff(CASE_ID, WATCH_ENDS_ON, "观察期内出勤正常")));
        add(attempts, new Attempt(recordDisability()));
        add(attempts, new Attempt(arrangeHomeTeaching(), disabilityRecorded()));
        add(attempts, new Attempt(homeTeachingSession("d0d0d0d0-0000-4000-8000-000000000001",
                HOME_TEACHING_STARTS_ON.plusDays(1))));
        add(attempts, new Attempt(closeCase(ClosingCategory.ABROAD)));
        add(attempts, new Attempt(new ReopenCase(CASE_ID, TODAY, "学生回国后未入学")));
        add(attempts, new Attempt(new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 10, 8),
                new HouseholdLocation(new DivisionCode("430181105204"), null), null, "随父母迁户")));
        // Moving identification a day earlier fits every history: it stays before every other date.
        add(attempts, new Attempt(new CorrectStepDate(CASE_ID, 0, IDENTIFIED_ON.minusDays(1), "发现登记日期应为前一天")));
        add(attempts, new Attempt(new ErasePersonalData(CASE_ID, "监护人申请删除")));
        return attempts;
    }

    private static void add(Map<Class<? extends CaseCommand>, Attempt> attempts, Attempt attempt) {
        attempts.put(attempt.command().getClass(), attempt);
    }

    @TestFactory
    Stream<DynamicTest> theCaseRefusesAStepForItsStatusExactlyWhereTheTableSaysNo_andATakenStepLeadsWhereItSays() {
        Map<Class<? extends CaseCommand>, Attempt> attempts = attempts();
        List<Class<? extends CaseCommand>> steps = new ArrayList<>(StepStatuses.commands());
        // Identification opens a case: it has no state to check, and the table gives it none.
        assertThat(steps.remove(IdentifyCase.class)).isTrue();
        assertThat(attempts.keySet()).as("an attempt for every step of the table")
                                     .containsExactlyInAnyOrderElementsOf(steps);
        Map<CaseStatus, List<Object>> histories = histories();
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<? extends CaseCommand> step : steps) {
            Attempt attempt = attempts.get(step);
            for (CaseStatus status : CaseStatus.values()) {
                boolean allowed = StepStatuses.allows(step, status);
                tests.add(DynamicTest.dynamicTest(step.getSimpleName() + " in " + status + (allowed ? " is taken"
                        : " is refused for the status"), () -> {
                    var result = newFixture().given(and(histories.get(status), attempt.prerequisites().toArray()))
                                             .when(attempt.command());
                    if (allowed) {
                        StepStatuses.LeadsTo leadsTo = StepStatuses.leadsTo(step);
                        result.expectSuccessfulHandlerExecution().expectState(after -> assertThat(
                                leadsTo.admits(status, after.status())).as("%s from %s led to %s; the table says %s",
                                step.getSimpleName(), status, after.status(), leadsTo.keepsStatus() ? "unchanged"
                                        : leadsTo.statuses()).isTrue());
                    } else {
                        result.expectException(statusRefusal()).expectNoEvents();
                    }
                }));
            }
        }
        return tests.stream();
    }

    private static Matcher<Throwable> statusRefusal() {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable actual) {
                return actual instanceof RuleViolationException violation
                        && STATUS_REFUSALS.contains(violation.code())
                        && actual.getMessage() != null && !actual.getMessage().isBlank();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a status refusal, one of " + STATUS_REFUSALS);
            }
        };
    }
}
