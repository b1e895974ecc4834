package cn.kcbx.access.account;

import cn.kcbx.access.SecurityProperties;
import cn.kcbx.access.support.TestStores;
import cn.kcbx.kernel.actor.Actor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitialAdminTest {

    private final TestStores stores = new TestStores("initial_admin");
    private final PasswordEncoder encoder = TestStores.encoder();

    private InitialAdmin initialAdmin(SecurityProperties.InitialAdmin settings) {
        return new InitialAdmin(settings, stores.accounts, stores.accountService(encoder), encoder,
                                stores.accessClock);
    }

    @Test
    void the_configured_administrator_is_created_once_and_must_change_the_password() {
        SecurityProperties.InitialAdmin settings =
                new SecurityProperties.InitialAdmin("kcb-admin", "First2026light", null, "430181", null);

        assertThat(initialAdmin(settings).ensure()).isEqualTo(InitialAdmin.Outcome.CREATED);
        assertThat(initialAdmin(settings).ensure()).isEqualTo(InitialAdmin.Outcome.ADMIN_EXISTS);
        // Another name later changes nothing either: there is an administrator.
        assertThat(initialAdmin(new SecurityProperties.InitialAdmin("other-admin", "Second2026light", null, "430181",
                                                                    null)).ensure())
                .isEqualTo(InitialAdmin.Outcome.ADMIN_EXISTS);

        Account admin = stores.accounts.find("kcb-admin").orElseThrow();
        assertThat(admin.role()).isEqualTo(Actor.Role.ADMIN);
        assertThat(admin.unit()).isEqualTo("430181");
        assertThat(admin.mustChangePassword()).isTrue();
        assertThat(admin.enabled()).isTrue();
        assertThat(encoder.matches("First2026light", admin.passwordHash())).isTrue();
        assertThat(admin.passwordHash()).startsWith("{bcrypt}").doesNotContain("First2026light");
        assertThat(stores.accounts.find("other-admin")).isEmpty();
        assertThat(stores.accounts.list()).hasSize(1);
    }

    @Test
    void a_weak_password_or_a_unit_that_is_no_county_is_refused_and_nothing_is_created() {
        for (String weak : new String[] {"short1", "onlyletterslong", "1234567890", "kcb-admin2026"}) {
            assertThatThrownBy(() -> initialAdmin(new SecurityProperties.InitialAdmin("kcb-admin", weak, null,
                                                                                      "430181", null)).ensure())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("WEAK_PASSWORD");
        }
        assertThatThrownBy(() -> initialAdmin(new SecurityProperties.InitialAdmin("kcb-admin", "First2026light",
                                                                                  null, "430181105", null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("UNIT_DOES_NOT_FIT_ROLE");
        assertThatThrownBy(() -> initialAdmin(new SecurityProperties.InitialAdmin("kcb-admin", null, null, "430181",
                                                                                  null)).ensure())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("password-file");
        assertThat(stores.accounts.isEmpty()).isTrue();
    }

    @Test
    void the_password_can_come_from_a_file(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("admin-password");
        Files.writeString(file, "File2026secret\n");

        assertThat(initialAdmin(new SecurityProperties.InitialAdmin("kcb-admin", null, file, "430181", null)).ensure())
                .isEqualTo(InitialAdmin.Outcome.CREATED);
        assertThat(encoder.matches("File2026secret",
                                   stores.accounts.find("kcb-admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void nothing_configured_creates_nothing_and_says_how_to_create_the_first_administrator(CapturedOutput output) {
        assertThat(initialAdmin(new SecurityProperties.InitialAdmin(null, null, null, null, null)).ensure())
                .isEqualTo(InitialAdmin.Outcome.NOT_CONFIGURED);
        assertThat(stores.accounts.isEmpty()).isTrue();
        assertThat(output.getOut()).contains("WARN", "No account exists yet", "kcbx.security.initial-admin.username");
    }
}
