package cn.kcbx.kernel.access;

import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.CaseStatus;
import cn.kcbx.kernel.dropoutcase.closure.CloseCase;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.returning.CrossOff;
import cn.kcbx.kernel.dropoutcase.verification.CloseAsNotDropout;
import cn.kcbx.kernel.dropoutcase.visit.LogVisit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The states-per-step table: the same steps as the roles table, in the same order. */
class StepStatusesTest {

    @Test
    void everyStepOfTheRolesTableHasItsStates_inTheSameOrder() {
        assertThat(List.copyOf(StepStatuses.commands())).isEqualTo(List.copyOf(CommandPermissions.commands()));
    }

    @Test
    void onlyIdentificationHasNoState_andNothingButReopeningCorrectingAndErasureIsTakenOnAClosedCase() {
        for (var command : StepStatuses.commands()) {
            assertThat(StepStatuses.statusesFor(command).isEmpty()).as("%s", command.getSimpleName())
                                                                    .isEqualTo(command == IdentifyCase.class);
        }
        assertThat(StepStatuses.commands().stream().filter(c -> StepStatuses.allows(c, CaseStatus.CLOSED))
                               .map(Class::getSimpleName)).containsExactly("ReopenCase", "CorrectStepDate", "ErasePersonalData");
    }

    @Test
    void examples() {
        assertThat(StepStatuses.statusesFor(CrossOff.class)).containsExactly(CaseStatus.RETURNED);
        assertThat(StepStatuses.allows(LogVisit.class, CaseStatus.CONFIRMED_DROPOUT)).isFalse();
        assertThat(StepStatuses.allows(CloseCase.class, CaseStatus.HOME_TEACHING)).isTrue();
        assertThat(StepStatuses.statusesFor(IdentifyCase.class)).isEmpty();
    }

    @Test
    void everyStatusIsEnteredBySomeStep_andOnlyThreeStepsCloseACase() {
        Set<CaseStatus> entered = EnumSet.noneOf(CaseStatus.class);
        List<Class<? extends CaseCommand>> closing = new ArrayList<>();
        for (Class<? extends CaseCommand> command : StepStatuses.commands()) {
            StepStatuses.LeadsTo leadsTo = StepStatuses.leadsTo(command);
            assertThat(leadsTo).as("%s leads somewhere", command.getSimpleName()).isNotNull();
            entered.addAll(leadsTo.statuses());
            if (leadsTo.statuses().contains(CaseStatus.CLOSED)) {
                closing.add(command);
            }
        }
        assertThat(entered).containsExactlyInAnyOrder(CaseStatus.values());
        assertThat(closing).containsExactly(CloseAsNotDropout.class, CrossOff.class, CloseCase.class);
        assertThat(StepStatuses.leadsTo(LogVisit.class).admits(CaseStatus.PERSUADING, CaseStatus.PERSUADING)).isTrue();
        assertThat(StepStatuses.leadsTo(LogVisit.class).admits(CaseStatus.PERSUADING, CaseStatus.RETURNED)).isFalse();
    }
}
