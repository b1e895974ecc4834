package cn.kcbx.kernel.dropoutcase.transfer;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transfer names where the case goes: the new household for a 户籍迁移, the new school (with its code) for a 学籍转移. */
class TransferCaseShapeTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final LocalDate DAY = LocalDate.of(2026, 10, 5);
    private static final HouseholdLocation NEW_HOME = new HouseholdLocation(new DivisionCode("430181106201"), null);

    private static void assertInvalid(ThrowingCallable construction, String code, String field) {
        assertThatThrownBy(construction).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).containsPattern("\\p{IsHan}");
        });
    }

    @Test
    void aHouseholdMoveNamesTheNewHousehold_anEnrolmentTransferTheNewSchool() {
        assertInvalid(() -> new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, DAY, null,
                                             new ReceivingSchool("白沙镇中学", "2143000007"), null),
                      "VALUE_REQUIRED", "household");
        assertInvalid(() -> new TransferCase(CASE_ID, TransferKind.ENROLMENT_TRANSFERRED, DAY, NEW_HOME, null, null),
                      "VALUE_REQUIRED", "school");
        assertInvalid(() -> new TransferCase(CASE_ID, null, DAY, NEW_HOME, null, null), "VALUE_REQUIRED", "kind");
        assertInvalid(() -> new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, null, NEW_HOME, null, null),
                      "VALUE_REQUIRED", "transferredOn");
        assertThat(new TransferCase(CASE_ID, TransferKind.HOUSEHOLD_MOVED, DAY, NEW_HOME, null, "  ").note()).isNull();
    }

    @Test
    void theReceivingSchoolNeedsItsTenDigitCode() {
        assertInvalid(() -> new ReceivingSchool("白沙镇中学", null), "VALUE_REQUIRED", "schoolCode");
        assertInvalid(() -> new ReceivingSchool("白沙镇中学", "12345"), "SCHOOL_CODE_INVALID", "schoolCode");
        assertInvalid(() -> new ReceivingSchool(" ", "2143000007"), "VALUE_REQUIRED", "schoolName");
        assertThat(new ReceivingSchool(" 白沙镇中学 ", " 2143000007 ").schoolCode()).isEqualTo("2143000007");
    }

    @Test
    void theEventSaysWhetherTheHouseholdMoved_andKeepsItsSchoolsSorted() {
        CaseTransferred moved = new CaseTransferred(CASE_ID, TransferKind.HOUSEHOLD_MOVED, DAY,
                                                    new DivisionCode("430181105203"), NEW_HOME,
                                                    Set.of("2143000002", "2143000001"), null, null);
        assertThat(moved.householdMoved()).isTrue();
        assertThat(moved.fromSchoolCodes()).containsExactly("2143000001", "2143000002");
        CaseTransferred schoolOnly = new CaseTransferred(CASE_ID, TransferKind.ENROLMENT_TRANSFERRED, DAY,
                                                         new DivisionCode("430181106201"), NEW_HOME, null,
                                                         new ReceivingSchool("白沙镇中学", "2143000007"), null);
        assertThat(schoolOnly.householdMoved()).isFalse();
        assertThat(schoolOnly.fromSchoolCodes()).isEmpty();
    }
}
