package cn.kcbx.access.account;

import cn.kcbx.access.AccessProblem;
import cn.kcbx.kernel.actor.Actor.Role;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleUnitsTest {

    @Test
    void each_role_takes_its_own_kind_of_unit_code() {
        assertThatCode(() -> RoleUnits.check(Role.VILLAGE, "439921100201")).doesNotThrowAnyException();
        assertThatCode(() -> RoleUnits.check(Role.TOWN, "439921100")).doesNotThrowAnyException();
        assertThatCode(() -> RoleUnits.check(Role.COUNTY, "439921")).doesNotThrowAnyException();
        assertThatCode(() -> RoleUnits.check(Role.ADMIN, "439921")).doesNotThrowAnyException();
        assertThatCode(() -> RoleUnits.check(Role.SCHOOL, "2199211000")).doesNotThrowAnyException();

        String[][] misfits = {{"VILLAGE", "439921100"}, {"VILLAGE", "439921100000"}, {"TOWN", "439921"},
                {"TOWN", "439921000"}, {"COUNTY", "439921100"}, {"COUNTY", "000000"}, {"ADMIN", "2199211000"},
                {"SCHOOL", "439921100"}, {"SCHOOL", "21992110ab"}, {"COUNTY", ""}};
        for (String[] misfit : misfits) {
            assertThatThrownBy(() -> RoleUnits.check(Role.valueOf(misfit[0]), misfit[1]))
                    .as("%s %s", misfit[0], misfit[1]).isInstanceOf(AccessProblem.class)
                    .extracting(e -> ((AccessProblem) e).status()).isEqualTo(400);
        }
    }
}
