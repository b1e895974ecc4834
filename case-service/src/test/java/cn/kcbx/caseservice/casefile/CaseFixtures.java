package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.DomainException;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.ActorMetaData;
import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.dropoutcase.closure.CaseClosed;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceKind;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.disability.RecordDisability;
import cn.kcbx.kernel.dropoutcase.hometeaching.ArrangeHomeTeaching;
import cn.kcbx.kernel.dropoutcase.hometeaching.HomeTeachingArranged;
import cn.kcbx.kernel.dropoutcase.hometeaching.RecordHomeTeachingSession;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategory;
import cn.kcbx.kernel.dropoutcase.identification.PriorityCategoryEntry;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.legal.CorrectionOrderIssued;
import cn.kcbx.kernel.dropoutcase.legal.CriticismEducationRecorded;
import cn.kcbx.kernel.dropoutcase.legal.IssueCorrectionOrder;
import cn.kcbx.kernel.dropoutcase.legal.LegalDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.RecordCriticismEducation;
import cn.kcbx.kernel.dropoutcase.legal.RecordDocumentServed;
import cn.kcbx.kernel.dropoutcase.legal.ServiceMethod;
import cn.kcbx.kernel.dropoutcase.returning.CaseCrossedOff;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Fictional, valid test data and a ready fixture. "Today" is 2026-11-20 in Asia/Shanghai; the standard case was
 * identified at the spring start-of-term check on 2026-03-10. All names, numbers and places are invented.
 */
final class CaseFixtures {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    /** 2026-11-20 00:30 in Beijing is still 2026-11-19 in UTC: "today" must be taken in the policy's zone. */
    static final Clock CLOCK = Clock.fixed(ZonedDateTime.of(TODAY, LocalTime.of(0, 30), ZONE).toInstant(),
            ZoneId.of("UTC"));

    static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    static final LocalDate IDENTIFIED_ON = LocalDate.of(2026, 3, 10);
    static final LocalDate CONFIRMED_ON = LocalDate.of(2026, 3, 20);
    /** The 三帮一 helpers were put in place two days after the confirmation. */
    static final LocalDate TRIO_ASSIGNED_ON = LocalDate.of(2026, 3, 22);
    /** The disability was checked before 送教上门 was arranged. */
    static final LocalDate DISABILITY_VERIFIED_ON = LocalDate.of(2026, 3, 18);
    static final LocalDate BIRTH_DATE = LocalDate.of(2013, 6, 15);
    static final String ORDER_NUMBER = "青禾乡政责〔2026〕3号";
    static final LocalDate CRITICISED_ON = LocalDate.of(2026, 4, 1);
    static final LocalDate ORDER_ISSUED_ON = LocalDate.of(2026, 4, 2);
    static final LocalDate ORDER_DEADLINE = LocalDate.of(2026, 4, 12);
    static final LocalDate SERVED_ON = LocalDate.of(2026, 4, 3);
    static final LocalDate RETURNED_ON = LocalDate.of(2026, 5, 8);
    /** Spring-term return: the next term starts 2026-09-01, plus the 14-day start-of-term check. */
    static final LocalDate WATCH_ENDS_ON = LocalDate.of(2026, 9, 15);
    static final LocalDate HOME_TEACHING_STARTS_ON = LocalDate.of(2026, 3, 23);

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARACTERS = "10X98765432";
    private static final AtomicInteger NEW_STUDENTS = new AtomicInteger();

    private CaseFixtures() {
    }

    /** The county bureau of the standard case's county: may take every step of it. */
    static final Actor COUNTY_OFFICER = new Actor("county.kcb@jyj", Actor.Role.COUNTY, "430181");

    /**
     * A fixture with the fixed clock, the default policy and routing by {@code caseId()}. A command sent without an
     * acting user is sent by {@link #COUNTY_OFFICER}, so that tests of the case's rules need not name one; tests of
     * who may act send their own ({@link #as}).
     */
    static FixtureConfiguration<DropoutCase> newFixture() {
        FixtureConfiguration<DropoutCase> fixture = new AggregateTestFixture<>(DropoutCase.class);
        fixture.registerInjectableResource(CLOCK);
        fixture.registerInjectableResource(CasePolicy.DEFAULT);
        fixture.registerCommandTargetResolver(new CaseIdCommandTargetResolver());
        fixture.registerCommandDispatchInterceptor(CaseFixtures::withDefaultActor);
        return fixture;
    }

    private static BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> withDefaultActor(
            List<? extends CommandMessage<?>> messages) {
        return (index, message) -> message.getMetaData().containsKey(ActorMetaData.ACTOR_ID) ? message
                : message.andMetaData(as(COUNTY_OFFICER));
    }

    /** The command metadata naming {@code actor} as the acting user, as the command service sends it. */
    static Map<String, Object> as(Actor actor) {
        return Map.of(ActorMetaData.ACTOR_ID, actor.userId(), ActorMetaData.ACTOR_ROLE, actor.role().name(),
                      ActorMetaData.ACTOR_UNIT, actor.unitCode());
    }

    // ------------------------------------------------------------------ identity data

    /**
     * A GB 11643 ID number with a correct check character: S = Σ aᵢ·Wᵢ, "10X98765432"[S mod 11]. Sequence odd for a
     * boy, even for a girl.
     */
    static String idNumber(String regionCode, LocalDate birthDate, int sequence) {
        String first17 = regionCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE) + "%03d".formatted(sequence);
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + CHECK_CHARACTERS.charAt(sum % 11);
    }

    static StudentIdentity student() {
        return student(BIRTH_DATE);
    }

    /**
     * A student no other test of this JVM gets: integration tests share one store, where a second open case of the same
     * ID number is refused. Sequences 500–999 on {@code BIRTH_DATE}, then the following days.
     */
    static StudentIdentity newStudent(String name) {
        int n = NEW_STUDENTS.getAndIncrement();
        return new StudentIdentity(name, new IdNumber(idNumber("430181", BIRTH_DATE.plusDays(n / 500), 500 + n % 500)),
                                   null, null, null);
    }

    static StudentIdentity student(LocalDate birthDate) {
        return new StudentIdentity("林小禾", new IdNumber(idNumber("430181", birthDate, 37)), null, null, null);
    }

    static HouseholdLocation household() {
        return new HouseholdLocation(new DivisionCode("430181105203"), "青禾村三组 8 号");
    }

    static Helper teacher() {
        return new Helper("周晓梅", "青禾乡中心小学 班主任", new MobileNumber("13800000101"));
    }

    static Helper villageCadre() {
        return new Helper("罗长青", "青禾村村委会 村主任", new MobileNumber("13900000202"));
    }

    static Helper guardian() {
        return new Helper("林大木", "父亲", new MobileNumber("13700000303"));
    }

    static EvidenceDocument evidence() {
        return new EvidenceDocument(EvidenceKind.COMMUNITY_CERTIFICATE, "青禾村证字〔2026〕12号", "青禾村村委会",
                LocalDate.of(2026, 3, 18));
    }

    // ------------------------------------------------------------------ commands

    static IdentifyCase identifyCase() {
        return identifyCase(IDENTIFIED_ON, student());
    }

    static IdentifyCase identifyCase(LocalDate identifiedOn, StudentIdentity student) {
        return new IdentifyCase(CASE_ID, IdentificationSource.TERM_START_CHECK, null, identifiedOn, student,
                household(), new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6),
                List.of(new PriorityCategoryEntry(PriorityCategory.LEFT_BEHIND_CHILD, LocalDate.of(2024, 9, 1),
                        "青禾乡留守儿童摸排名单")),
                new SuspectedReasons(DropoutReason.LEARNING_DIFFICULTY, Set.of(DropoutReason.FAMILY_OR_GUARDIANSHIP),
                        "父母在外务工，祖父年迈无力管教"));
    }

    static ConfirmDropout confirmDropout() {
        return new ConfirmDropout(CASE_ID, CONFIRMED_ON, "连续四周未到校，入户核实属实");
    }

    static AssignTrio assignTrio() {
        return new AssignTrio(CASE_ID, TRIO_ASSIGNED_ON, teacher(), villageCadre(), guardian());
    }

    static LogVisit logVisit(String visitId, LocalDate visitedOn) {
        return new LogVisit(CASE_ID, visitId, visitedOn, Set.of(TrioRole.TEACHER, TrioRole.VILLAGE_CADRE),
                List.of("驻村工作队 陈思远"), VisitMethod.HOME_VISIT, VisitOutcome.UNDECIDED,
                "与祖父面谈，家长同意考虑返校", "联系在外务工的父亲电话沟通", visitedOn.plusDays(7));
    }

    static RecordCriticismEducation recordCriticism() {
        return new RecordCriticismEducation(CASE_ID, CRITICISED_ON, "青禾乡人民政府", "对监护人进行批评教育");
    }

    static IssueCorrectionOrder issueOrder() {
        return new IssueCorrectionOrder(CASE_ID, ORDER_NUMBER, ORDER_ISSUED_ON, "青禾乡人民政府", ORDER_DEADLINE);
    }

    static RecordDocumentServed serveOrder() {
        return new RecordDocumentServed(CASE_ID, ORDER_NUMBER, SERVED_ON, "林大木", ServiceMethod.IN_PERSON);
    }

    static RecordReturnToSchool returnToSchool(LocalDate returnedOn) {
        return new RecordReturnToSchool(CASE_ID, returnedOn, "青禾乡中心小学", "2143000001", Grade.GRADE_6,
                "六年级（1）班", Placement.REGULAR_CLASS);
    }

    static RecordDisability recordDisability() {
        return new RecordDisability(CASE_ID, DISABILITY_VERIFIED_ON, DisabilityCategory.PHYSICAL,
                DisabilityLevel.LEVEL_1, "43018120130615003711");
    }

    static ArrangeHomeTeaching arrangeHomeTeaching() {
        return new ArrangeHomeTeaching(CASE_ID, List.of("周晓梅", "谭明远"), "青禾乡中心小学", 2, 3,
                HOME_TEACHING_STARTS_ON);
    }

    static RecordHomeTeachingSession homeTeachingSession(String sessionId, LocalDate deliveredOn) {
        return new RecordHomeTeachingSession(CASE_ID, sessionId, deliveredOn, List.of("周晓梅", "谭明远"), 3,
                "认读生字 20 个；康复训练");
    }

    static CloseCase closeCase(ClosingCategory category) {
        return new CloseCase(CASE_ID, LocalDate.of(2026, 6, 30), category, List.of(evidence()), null);
    }

    // ------------------------------------------------------------------ events (histories for "given")

    static CaseIdentified caseIdentified() {
        IdentifyCase c = identifyCase();
        return new CaseIdentified(c.caseId(), c.source(), c.sourceNote(), c.identifiedOn(), c.student(),
                c.household(), c.lastSchool(), c.priorityCategories(), c.suspectedReasons());
    }

    static DropoutConfirmed dropoutConfirmed() {
        ConfirmDropout c = confirmDropout();
        return new DropoutConfirmed(CASE_ID, c.confirmedOn(), c.note());
    }

    static TrioAssigned trioAssigned() {
        return new TrioAssigned(CASE_ID, TRIO_ASSIGNED_ON, teacher(), villageCadre(), guardian());
    }

    static CriticismEducationRecorded criticismRecorded() {
        RecordCriticismEducation c = recordCriticism();
        return new CriticismEducationRecorded(CASE_ID, c.criticisedOn(), c.issuedBy(), c.note());
    }

    static CorrectionOrderIssued orderIssued() {
        IssueCorrectionOrder c = issueOrder();
        return new CorrectionOrderIssued(CASE_ID, c.orderNumber(), c.issuedOn(), c.issuedBy(), c.deadline());
    }

    static LegalDocumentServed orderServed() {
        RecordDocumentServed c = serveOrder();
        return new LegalDocumentServed(CASE_ID, c.documentReference(), c.servedOn(), c.servedTo(), c.serviceMethod());
    }

    static StudentReturnedToSchool studentReturned(int episode) {
        return studentReturned(RETURNED_ON, episode, WATCH_ENDS_ON);
    }

    static StudentReturnedToSchool studentReturned(LocalDate returnedOn, int episode, LocalDate watchEndsOn) {
        RecordReturnToSchool c = returnToSchool(returnedOn);
        return new StudentReturnedToSchool(CASE_ID, c.returnedOn(), c.schoolName(), c.schoolCode(), c.grade(),
                c.className(), c.placement(), episode, watchEndsOn);
    }

    static CaseCrossedOff crossedOff() {
        return new CaseCrossedOff(CASE_ID, WATCH_ENDS_ON, "观察期内出勤正常");
    }

    static DisabilityRecorded disabilityRecorded() {
        RecordDisability c = recordDisability();
        return new DisabilityRecorded(CASE_ID, c.verifiedOn(), c.category(), c.level(), c.certificateReference());
    }

    static HomeTeachingArranged homeTeachingArranged() {
        ArrangeHomeTeaching c = arrangeHomeTeaching();
        return new HomeTeachingArranged(CASE_ID, c.teachers(), c.schoolOfRegistration(),
                c.requiredSessionsPerWeek(), c.periodsPerSession(), c.startsOn());
    }

    static CaseClosed caseClosed(ClosingCategory category) {
        CloseCase c = closeCase(category);
        return new CaseClosed(CASE_ID, c.closedOn(), category, c.evidence(), c.note());
    }

    /** Histories ending in each status. */
    static List<Object> identified() {
        return List.of(caseIdentified());
    }

    static List<Object> confirmed() {
        return List.of(caseIdentified(), dropoutConfirmed());
    }

    static List<Object> persuading() {
        return List.of(caseIdentified(), dropoutConfirmed(), trioAssigned());
    }

    static List<Object> returned() {
        return and(persuading(), studentReturned(1));
    }

    static List<Object> inHomeTeaching() {
        return and(identified(), disabilityRecorded(), homeTeachingArranged());
    }

    static List<Object> closed() {
        return and(persuading(), caseClosed(ClosingCategory.ABROAD));
    }

    static List<Object> and(List<Object> history, Object... more) {
        List<Object> all = new ArrayList<>(history);
        all.addAll(Arrays.asList(more));
        return all;
    }

    // ------------------------------------------------------------------ matchers

    /** A {@link RuleViolationException} with the given code. */
    static Matcher<Throwable> violation(String code) {
        return rejection(RuleViolationException.class, code, null);
    }

    /** A {@link RuleViolationException} with the given code and field. */
    static Matcher<Throwable> violation(String code, String field) {
        return rejection(RuleViolationException.class, code, field);
    }

    /** An {@link InvalidValueException} with the given code and field. */
    static Matcher<Throwable> invalid(String code, String field) {
        return rejection(InvalidValueException.class, code, field);
    }

    static Matcher<Throwable> rejection(Class<? extends DomainException> type, String code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable actual) {
                return type.isInstance(actual)
                        && code.equals(((DomainException) actual).code())
                        && (field == null || field.equals(((DomainException) actual).field()))
                        && actual.getMessage() != null && !actual.getMessage().isBlank();
            }

            @Override
            public void describeTo(Description description) {
                description.appendText(type.getSimpleName() + " with code " + code
                        + (field == null ? "" : " at field " + field) + " and a message");
            }

            @Override
            protected void describeMismatchSafely(Throwable actual, Description description) {
                description.appendText("was " + actual.getClass().getSimpleName());
                if (actual instanceof DomainException domain) {
                    description.appendText(" with code " + domain.code() + " at field " + domain.field());
                }
                description.appendText(": " + actual.getMessage());
            }
        };
    }
}
