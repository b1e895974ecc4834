package cn.kcbx.access.account;

import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.support.TestStores;
import cn.kcbx.kernel.actor.Actor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server's step that makes an administrator once the first exists ({@code kcbx.security.add-admin.*}). */
class AddedAdminTest {

    private final TestStores stores = new TestStores("added_admin");
    private final PasswordEncoder encoder = TestStores.encoder();
    private final AccountService accounts = stores.accountService(encoder);

    private AddedAdmin addedAdmin(AddAdminProperties settings) {
        return new AddedAdmin(settings, stores.accounts, accounts, encoder, stores.accessClock);
    }

    private void firstAdministrator() {
        new InitialAdmin(new SecurityProperties.InitialAdmin("kcb-admin", "First2026light", null, "430181", null),
                         stores.accounts, accounts, encoder, stores.accessClock).ensure();
    }

    private List<AccessEntry> administratorsCreated() {
        return stores.accessLog.find(AccountService.SYSTEM, null, null, null, 100).stream()
                               .filter(entry -> entry.action() == AccessAction.ADMINISTRATOR_CREATED).toList();
    }

    @Test
    void an_administrator_is_added_on_the_server_once_and_the_step_is_in_the_access_log(@TempDir Path directory)
            throws Exception {
        firstAdministrator();
        Path file = directory.resolve("admin-password");
        Files.writeString(file, "Second2026light\n");
        AddAdminProperties settings = new AddAdminProperties("second-admin", "430102", null, file, "芙蓉区管理员");

        assertThat(addedAdmin(settings).ensure()).isEqualTo(AddedAdmin.Outcome.CREATED);
        assertThat(addedAdmin(settings).ensure()).isEqualTo(AddedAdmin.Outcome.EXISTS);

        Account admin = stores.accounts.find("second-admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Actor.Role.ADMIN);
        assertThat(admin.unit()).isEqualTo("430102");
        assertThat(admin.county()).isEqualTo("430102");
        assertThat(admin.displayName()).isEqualTo("芙蓉区管理员");
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(encoder.matches("Second2026light", admin.passwordHash())).isTrue();
        // Both administrators are made by server steps, each one line in the access log, naming where it was taken.
        List<AccessEntry> created = administratorsCreated();
        assertThat(created).extracting(AccessEntry::detail)
                           .anySatisfy(detail -> assertThat(detail).contains("account=kcb-admin"))
                           .anySatisfy(detail -> assertThat(detail).contains("account=second-admin", "county=430102"));
        assertThat(created).hasSize(2);
        assertThat(created).filteredOn(entry -> entry.detail().contains("second-admin")).singleElement()
                           .satisfies(entry -> assertThat(entry.origin()).startsWith("kcbx.security.add-admin on host ")
                                                                         .contains(" by OS user "))
                           .satisfies(entry -> assertThat(entry.detail()).doesNotContain("Second2026light"));
    }

    @Test
    void a_user_name_of_another_account_stops_the_service_instead_of_turning_that_account_into_an_administrator() {
        firstAdministrator();
        accounts.provision(new Actor("wang.town", Actor.Role.TOWN, "430181105"), "王镇", "Town2026river",
                           RandomPasswords.encoder(), "test");

        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("wang.town", "430181", "Admin2026river", null,
                                                                   null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is taken by a TOWN account");
        // Nor is an administrator moved to another county by naming it again.
        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("kcb-admin", "430102", "Admin2026river", null,
                                                                   null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is taken by a ADMIN account");

        assertThat(stores.accounts.find("wang.town").orElseThrow().role()).isEqualTo(Actor.Role.TOWN);
        assertThat(stores.accounts.find("kcb-admin").orElseThrow().unit()).isEqualTo("430181");
        assertThat(administratorsCreated()).hasSize(1);
    }

    @Test
    void a_weak_password_or_a_unit_that_is_no_county_is_refused_and_nothing_is_created() {
        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("second-admin", "430102", "weakpass", null, null))
                .ensure()).isInstanceOf(IllegalStateException.class).hasMessageContaining("WEAK_PASSWORD");
        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("second-admin", "430102001", "Second2026light",
                                                                   null, null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("UNIT_DOES_NOT_FIT_ROLE");
        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("second admin", "430102", "Second2026light", null,
                                                                   null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("INVALID_USERNAME");
        assertThatThrownBy(() -> addedAdmin(new AddAdminProperties("second-admin", "430102", null, null, null))
                .ensure()).isInstanceOf(IllegalStateException.class).hasMessageContaining("password-file");
        assertThat(addedAdmin(new AddAdminProperties(null, null, null, null, null)).ensure())
                .isEqualTo(AddedAdmin.Outcome.NOT_CONFIGURED);

        assertThat(stores.accounts.isEmpty()).isTrue();
        assertThat(administratorsCreated()).isEmpty();
    }
}
