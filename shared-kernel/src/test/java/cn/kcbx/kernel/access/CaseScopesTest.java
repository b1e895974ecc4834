package cn.kcbx.kernel.access;

import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.actor.Actor.Role;
import cn.kcbx.kernel.dropoutcase.identification.CaseIdentified;
import cn.kcbx.kernel.dropoutcase.identification.DropoutReason;
import cn.kcbx.kernel.dropoutcase.identification.IdentificationSource;
import cn.kcbx.kernel.dropoutcase.identification.SuspectedReasons;
import cn.kcbx.kernel.dropoutcase.returning.Placement;
import cn.kcbx.kernel.dropoutcase.returning.StudentReturnedToSchool;
import cn.kcbx.kernel.dropoutcase.school.Grade;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.dropoutcase.transfer.CaseTransferred;
import cn.kcbx.kernel.dropoutcase.transfer.ReceivingSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferKind;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A case's current scope from its stored events, and who it lets in: the same answer for every check. */
class CaseScopesTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    private static final DivisionCode HOME = new DivisionCode("430181105203");
    private static final DivisionCode OTHER_COUNTY_HOME = new DivisionCode("430182101201");

    private static final Actor OLD_TOWN = new Actor("t", Role.TOWN, "430181105");
    private static final Actor OLD_COUNTY = new Actor("c", Role.COUNTY, "430181");
    private static final Actor NEW_COUNTY = new Actor("c2", Role.COUNTY, "430182");
    private static final Actor LAST_SCHOOL = new Actor("s1", Role.SCHOOL, "2143000001");
    private static final Actor RETURN_SCHOOL = new Actor("s2", Role.SCHOOL, "2143000002");
    private static final Actor NEW_SCHOOL = new Actor("s7", Role.SCHOOL, "2143000007");

    @Test
    void the_scope_follows_returns_and_transfers() {
        CaseScope identifiedOnly = CaseScopes.current(Stream.of(identified()));
        assertThat(identifiedOnly).isEqualTo(new CaseScope(HOME, Set.of("2143000001")));
        CaseScope afterReturn = CaseScopes.current(Stream.of(identified(), returnedTo("2143000002")));
        assertThat(afterReturn.schoolCodes()).containsExactlyInAnyOrder("2143000001", "2143000002");

        CaseScope afterBoth = CaseScopes.current(Stream.of(identified(), "not a case event", returnedTo("2143000002"),
                                                           movedToAnotherCountyAndSchool(afterReturn)));
        assertThat(afterBoth).isEqualTo(new CaseScope(OTHER_COUNTY_HOME, Set.of("2143000007")));
        assertThat(CaseScopes.current(Stream.of("no identification"))).isNull();
    }

    @Test
    void after_a_transfer_only_the_receiving_side_is_covered() {
        CaseScope before = CaseScopes.current(Stream.of(identified(), returnedTo("2143000002")));
        CaseScope now = CaseScopes.after(before, movedToAnotherCountyAndSchool(before));
        for (Actor sender : List.of(OLD_TOWN, OLD_COUNTY, LAST_SCHOOL, RETURN_SCHOOL)) {
            assertThat(Jurisdiction.covers(sender, before)).as("before: %s", sender).isTrue();
            assertThat(Jurisdiction.covers(sender, now)).as("after: %s", sender).isFalse();
        }
        for (Actor receiver : List.of(NEW_COUNTY, NEW_SCHOOL)) {
            assertThat(Jurisdiction.covers(receiver, now)).as("%s", receiver).isTrue();
        }
        assertThat(now.liesIn(new DivisionCode("430182"))).isTrue();
        assertThat(now.liesIn(new DivisionCode("430181"))).isFalse();
        assertThat(now.isHandledBy("2143000007")).isTrue();
        assertThat(now.isHandledBy(null)).isFalse();
    }

    private static CaseIdentified identified() {
        return new CaseIdentified(CASE_ID, IdentificationSource.VILLAGE_SURVEY, null, LocalDate.of(2026, 3, 2), null,
                                  new HouseholdLocation(HOME, null),
                                  new LastSchool("青禾乡中心小学", "2143000001", Grade.GRADE_6), List.of(),
                                  SuspectedReasons.of(DropoutReason.POVERTY));
    }

    private static StudentReturnedToSchool returnedTo(String schoolCode) {
        return new StudentReturnedToSchool(CASE_ID, LocalDate.of(2026, 4, 1), "青禾乡第二小学", schoolCode,
                                           Grade.GRADE_6, null, Placement.REGULAR_CLASS, 1, LocalDate.of(2026, 9, 15));
    }

    private static CaseTransferred movedToAnotherCountyAndSchool(CaseScope from) {
        return new CaseTransferred(CASE_ID, TransferKind.HOUSEHOLD_MOVED, LocalDate.of(2026, 4, 20), from.village(),
                                   new HouseholdLocation(OTHER_COUNTY_HOME, null), from.schoolCodes(),
                                   new ReceivingSchool("白沙镇中学", "2143000007"), "随父母迁户");
    }
}
