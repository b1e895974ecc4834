package cn.kcbx.kernel.access;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.closure.ClosingCategory;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceDocument;
import cn.kcbx.kernel.dropoutcase.closure.EvidenceKind;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.privacy.ErasePersonalData;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.dropoutcase.trio.AssignTrio;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.verification.ConfirmDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;
import cn.kcbx.kernel.dropoutcase.visit.VisitMethod;
import cn.kcbx.kernel.dropoutcase.visit.VisitOutcome;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.IdNumber;
import cn.kcbx.kernel.student.StudentIdentity;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The permission table: which role may take which step, and only for its own cases. */
class CommandPermissionsTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final LocalDate DAY = LocalDate.of(2026, 3, 20);
    private static final String SCHOOL_CODE = "2143000001";
    private static final CaseScope SCOPE = new CaseScope(new DivisionCode("430181105203"), Set.of(SCHOOL_CODE));

    private static final Actor VILLAGE = new Actor("v", Role.VILLAGE, "430181105203");
    private static final Actor OTHER_VILLAGE = new Actor("v2", Role.VILLAGE, "430181105204");
    private static final Actor TOWN = new Actor("t", Role.TOWN, "430181105");
    private static final Actor OTHER_TOWN = new Actor("t2", Role.TOWN, "430181106");
    private static final Actor COUNTY = new Actor("c", Role.COUNTY, "430181");
    private static final Actor OTHER_COUNTY = new Actor("c2", Role.COUNTY, "430182");
    private static final Actor SCHOOL = new Actor("s", Role.SCHOOL, SCHOOL_CODE);
    private static final Actor OTHER_SCHOOL = new Actor("s2", Role.SCHOOL, "2143000002");
    private static final Actor ADMIN = new Actor("a", Role.ADMIN, "430181");

    @Test
    void everyCaseCommandOfTheKernelHasItsStepInTheTable() {
        Set<String> kernelCommands = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.kcbx.kernel.dropoutcase").stream()
                .filter(c -> c.isAssignableTo(CaseCommand.class) && !c.isInterface())
                .map(JavaClass::getName).collect(Collectors.toSet());
        assertThat(CommandPermissions.commands().stream().map(Class::getName).collect(Collectors.toSet()))
                .isEqualTo(kernelCommands);
        for (Class<? extends CaseCommand> command : CommandPermissions.commands()) {
            assertThat(CommandPermissions.stepOf(command)).containsPattern("\\p{IsHan}");
            assertThat(CommandPermissions.rolesFor(command)).contains(Role.COUNTY).doesNotContain(Role.ADMIN);
            if (command != ErasePersonalData.class) {
                assertThat(CommandPermissions.rolesFor(command)).contains(Role.TOWN);
            }
        }
        // Erasing a student's personal data is the county bureau's decision alone.
        assertThat(CommandPermissions.rolesFor(ErasePersonalData.class)).containsExactly(Role.COUNTY);
    }

    @Test
    void villageAndSchoolTakeOnlyTheirSteps() {
        assertThat(roles(ConfirmDropout.class)).containsExactlyInAnyOrder(Role.VILLAGE, Role.TOWN, Role.COUNTY);
        assertThat(roles(LogVisit.class)).containsExactlyInAnyOrder(Role.VILLAGE, Role.SCHOOL, Role.TOWN,
                                                                      Role.COUNTY);
        assertThat(roles(RecordReturnToSchool.class)).containsExactlyInAnyOrder(Role.SCHOOL, Role.TOWN,
                                                                                  Role.COUNTY);
        assertThat(roles(AssignTrio.class)).containsExactlyInAnyOrder(Role.TOWN, Role.COUNTY);
        assertThat(roles(CloseCase.class)).containsExactlyInAnyOrder(Role.TOWN, Role.COUNTY);
        assertThat(roles(TransferCase.class)).containsExactlyInAnyOrder(Role.TOWN, Role.COUNTY);
    }

    @Test
    void theRightUnitMayAct_anotherUnitOfTheSameRoleMayNot() {
        ConfirmDropout confirm = new ConfirmDropout(CASE_ID, DAY, null);
        for (Actor actor : new Actor[] {VILLAGE, TOWN, COUNTY}) {
            assertThatCode(() -> CommandPermissions.require(actor, confirm, SCOPE)).doesNotThrowAnyException();
        }
        for (Actor actor : new Actor[] {OTHER_VILLAGE, OTHER_TOWN, OTHER_COUNTY}) {
            assertDenied(() -> CommandPermissions.require(actor, confirm, SCOPE), "OUT_OF_JURISDICTION");
        }
        assertThatCode(() -> CommandPermissions.require(SCHOOL, visit(), SCOPE)).doesNotThrowAnyException();
        assertDenied(() -> CommandPermissions.require(OTHER_SCHOOL, visit(), SCOPE), "OUT_OF_JURISDICTION");
    }

    @Test
    void aStepTheRoleNeverTakes_isRefusedNamingRoleAndStep() {
        assertThatThrownBy(() -> CommandPermissions.require(SCHOOL, new ConfirmDropout(CASE_ID, DAY, null), SCOPE))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.code()).isEqualTo("ROLE_NOT_PERMITTED");
                    assertThat(e.getMessage()).contains("学校", "核实确认辍学", "乡镇");
                });
        assertDenied(() -> CommandPermissions.require(VILLAGE, new CloseCase(CASE_ID, DAY,
                ClosingCategory.ABROAD,
                List.of(new EvidenceDocument(
                        EvidenceKind.EXIT_ENTRY_RECORD, "出入境 1 号", "出入境管理大队",
                        DAY)), null), SCOPE), "ROLE_NOT_PERMITTED");
        assertThatThrownBy(() -> CommandPermissions.require(ADMIN, visit(), SCOPE))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.code()).isEqualTo("ROLE_NOT_PERMITTED");
                    assertThat(e.getMessage()).contains("系统管理员", "登记劝返走访");
                });
        assertDenied(() -> CommandPermissions.require(null, visit(), SCOPE), "ACTOR_MISSING");
    }

    @Test
    void aSchool_recordsReturnsOnlyOfTheCasesItHandles_evenWhenTheReturnNamesIt() {
        CaseScope elsewhere = new CaseScope(new DivisionCode("430181105203"), Set.of("2143000009"));
        // Naming itself on a return must not let a school into a case it does not handle.
        assertDenied(() -> CommandPermissions.require(SCHOOL, returnTo(SCHOOL_CODE), elsewhere), "OUT_OF_JURISDICTION");
        assertDenied(() -> CommandPermissions.require(SCHOOL, returnTo("2143000002"), elsewhere),
                     "OUT_OF_JURISDICTION");
        assertDenied(() -> CommandPermissions.require(SCHOOL, returnTo(null), elsewhere), "OUT_OF_JURISDICTION");
        assertThatCode(() -> CommandPermissions.require(SCHOOL, returnTo(SCHOOL_CODE), SCOPE))
                .doesNotThrowAnyException();
        assertThatCode(() -> CommandPermissions.require(SCHOOL, returnTo(null), SCOPE)).doesNotThrowAnyException();
    }

    @Test
    void a_school_cannot_let_another_school_into_a_case_by_naming_it_on_a_return() {
        // The named school handles the case from then on: the case's own school may not hand it to a third one.
        assertThatThrownBy(() -> CommandPermissions.require(SCHOOL, returnTo("2143000002"), SCOPE))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.code()).isEqualTo("RETURN_TO_OTHER_SCHOOL");
                    assertThat(e.getMessage()).contains("本校", "2143000002", "乡镇");
                });
        // The town and the county name any school the child went back to.
        for (Actor actor : new Actor[] {TOWN, COUNTY}) {
            assertThatCode(() -> CommandPermissions.require(actor, returnTo("2143000002"), SCOPE))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void identification_isCheckedAgainstTheNewCasesOwnVillageAndLastSchool() {
        assertThatCode(() -> CommandPermissions.requireIdentify(VILLAGE, identify(SCHOOL_CODE)))
                .doesNotThrowAnyException();
        assertThatCode(() -> CommandPermissions.requireIdentify(SCHOOL, identify(SCHOOL_CODE)))
                .doesNotThrowAnyException();
        assertDenied(() -> CommandPermissions.requireIdentify(OTHER_SCHOOL, identify(SCHOOL_CODE)),
                     "OUT_OF_JURISDICTION");
        assertDenied(() -> CommandPermissions.requireIdentify(SCHOOL, identify(null)), "OUT_OF_JURISDICTION");
        assertDenied(() -> CommandPermissions.requireIdentify(OTHER_TOWN, identify(SCHOOL_CODE)),
                     "OUT_OF_JURISDICTION");
        assertDenied(() -> CommandPermissions.requireIdentify(ADMIN, identify(SCHOOL_CODE)), "ROLE_NOT_PERMITTED");
    }

    private static Set<Role> roles(Class<? extends CaseCommand> command) {
        return EnumSet.copyOf(CommandPermissions.rolesFor(command));
    }

    private static void assertDenied(ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AccessDeniedException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).containsPattern("\\p{IsHan}");
        });
    }

    private static LogVisit visit() {
        return new LogVisit(CASE_ID, "0d6f4a52-6a57-4f0e-9a43-0c4b3e1f7a01", DAY,
                            Set.of(TrioRole.TEACHER), null, VisitMethod.PHONE,
                            VisitOutcome.UNDECIDED, "电话沟通", null, null);
    }

    private static RecordReturnToSchool returnTo(String schoolCode) {
        return new RecordReturnToSchool(CASE_ID, DAY, "青禾乡中心小学", schoolCode, Grade.GRADE_6, null,
                                        Placement.REGULAR_CLASS);
    }

    private static IdentifyCase identify(String lastSchoolCode) {
        String first17 = "43018120130615037";
        StudentIdentity student = new StudentIdentity("林小禾", new IdNumber(first17 + IdNumber.checkCharacter(first17)),
                                                      null, null, null);
        return new IdentifyCase(CASE_ID, IdentificationSource.VILLAGE_SURVEY, null, DAY, student,
                                new HouseholdLocation(new DivisionCode("430181105203"), null),
                                new LastSchool("青禾乡中心小学", lastSchoolCode, Grade.GRADE_6), null,
                                SuspectedReasons.of(DropoutReason.POVERTY));
    }
}
