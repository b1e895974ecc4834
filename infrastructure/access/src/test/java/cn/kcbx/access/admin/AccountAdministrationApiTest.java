package cn.kcbx.access.admin;

import cn.kcbx.access.account.Account;
import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.support.AccessApiTestBase;
import cn.kcbx.access.support.Http;
import cn.kcbx.kernel.actor.Actor;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attacks of a hostile administrator (issue 10, finding 3), replayed through the account API: an administrator
 * manages the non-administrator accounts of the county it administers, never its own role or unit, and never makes
 * or takes over an administrator.
 */
class AccountAdministrationApiTest extends AccessApiTestBase {

    /** The county of {@link #admin()}, and another county of the same province. */
    private static final String OWN_COUNTY = "430181";
    private static final String OTHER_COUNTY = "430102";

    @Autowired
    AccessLog accessLog;

    /** The refused account changes the access log holds for this administrator: their details. */
    private List<String> refusalsOf(Actor admin) {
        return accessLog.find(admin.userId(), null, null, null, 1000).stream()
                        .filter(entry -> entry.action() == AccessAction.ACCOUNT_ADMINISTRATION_REFUSED)
                        .map(AccessEntry::detail).toList();
    }

    @Test
    void an_administrator_cannot_turn_its_own_account_into_a_county_account_to_read_case_data() {
        Actor admin = admin();
        String token = signIn(admin);

        assertError(http.put("/api/admin/accounts/" + admin.userId(), Map.of("role", "COUNTY", "unit", OWN_COUNTY),
                             token), 403, "CANNOT_CHANGE_OWN_ROLE_OR_UNIT");
        assertError(http.put("/api/admin/accounts/" + admin.userId(), Map.of("role", "ADMIN", "unit", OTHER_COUNTY),
                             token), 403, "CANNOT_CHANGE_OWN_ROLE_OR_UNIT");

        Account unchanged = accounts.find(admin.userId()).orElseThrow();
        assertThat(unchanged.role()).isEqualTo(Actor.Role.ADMIN);
        assertThat(unchanged.unit()).isEqualTo(OWN_COUNTY);
        // Still signed in as the administrator it was, and still no case reader.
        assertThat(http.get("/api/probe", token).body().path("role").asText()).isEqualTo("ADMIN");
        // The attempt is on record for the audit.
        assertThat(refusalsOf(admin)).hasSize(2).allSatisfy(detail -> assertThat(detail).contains(
                "account=" + admin.userId(), "operation=CHANGE_PROFILE", "refused=CANNOT_CHANGE_OWN_ROLE_OR_UNIT"));
        // Its shown name stays its own to change.
        Http.Answer renamed = http.put("/api/admin/accounts/" + admin.userId(),
                                       Map.of("displayName", "县管理员", "role", "ADMIN", "unit", OWN_COUNTY), token);
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        assertThat(renamed.body().path("displayName").asText()).isEqualTo("县管理员");
    }

    @Test
    void an_administrator_cannot_create_accounts_for_another_county() {
        Actor admin = admin();
        String token = signIn(admin);
        String[][] foreign = {{"COUNTY", OTHER_COUNTY}, {"TOWN", OTHER_COUNTY + "001"},
                {"VILLAGE", OTHER_COUNTY + "001201"}};
        for (String[] roleAndUnit : foreign) {
            String username = "foreign-" + roleAndUnit[0].toLowerCase() + "-" + System.nanoTime();
            assertError(http.post("/api/admin/accounts", Map.of("username", username, "role", roleAndUnit[0],
                                                                "unit", roleAndUnit[1]), token),
                        403, "OUT_OF_JURISDICTION");
            assertThat(accounts.find(username)).as(username).isEmpty();
        }
        assertThat(refusalsOf(admin)).hasSize(3).allSatisfy(detail -> assertThat(detail).contains(
                "operation=CREATE", "county=" + OTHER_COUNTY, "refused=OUT_OF_JURISDICTION"));
    }

    @Test
    void an_administrator_cannot_create_another_administrator_through_the_api() {
        String token = signIn(admin());
        for (String county : new String[] {OWN_COUNTY, OTHER_COUNTY}) {
            String username = "second-admin-" + county + "-" + System.nanoTime();
            assertError(http.post("/api/admin/accounts", Map.of("username", username, "role", "ADMIN",
                                                                "unit", county), token),
                        403, "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP");
            assertThat(accounts.find(username)).as(username).isEmpty();
        }
    }

    @Test
    void an_administrator_cannot_promote_an_account_of_its_county_to_administrator() {
        String token = signIn(admin());
        Actor town = town();

        assertError(http.put("/api/admin/accounts/" + town.userId(), Map.of("role", "ADMIN", "unit", OWN_COUNTY),
                             token), 403, "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP");

        assertThat(accounts.find(town.userId()).orElseThrow().role()).isEqualTo(Actor.Role.TOWN);
    }

    @Test
    void an_administrator_cannot_see_change_enable_or_reset_an_account_of_another_county() {
        String token = signIn(admin());
        Actor foreignTown = account(Actor.Role.TOWN, OTHER_COUNTY + "001");
        String foreignToken = signIn(foreignTown);
        String path = "/api/admin/accounts/" + foreignTown.userId();

        assertError(http.get(path, token), 403, "OUT_OF_JURISDICTION");
        // Pulling it into the administrator's own county is a change of a foreign account, too.
        assertError(http.put(path, Map.of("role", "TOWN", "unit", OWN_COUNTY + "105"), token), 403,
                    "OUT_OF_JURISDICTION");
        assertError(http.put(path, Map.of("role", "COUNTY", "unit", OTHER_COUNTY), token), 403, "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/password-reset", null, token), 403, "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/password-reset", Map.of("password", "Taken2026over"), token), 403,
                    "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/disable", null, token), 403, "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/enable", null, token), 403, "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/unlock", null, token), 403, "OUT_OF_JURISDICTION");

        Account untouched = accounts.find(foreignTown.userId()).orElseThrow();
        assertThat(untouched.role()).isEqualTo(Actor.Role.TOWN);
        assertThat(untouched.unit()).isEqualTo(OTHER_COUNTY + "001");
        assertThat(untouched.enabled()).isTrue();
        assertThat(untouched.mustChangePassword()).isFalse();
        assertThat(http.get("/api/probe", foreignToken).status()).isEqualTo(200);
        assertThat(http.signIn(foreignTown.userId(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void an_administrator_cannot_enable_an_account_of_another_county_that_its_own_administrator_disabled() {
        Actor foreignTown = account(Actor.Role.TOWN, OTHER_COUNTY + "001");
        String foreignAdmin = signIn(account(Actor.Role.ADMIN, OTHER_COUNTY));
        assertThat(http.post("/api/admin/accounts/" + foreignTown.userId() + "/disable", null, foreignAdmin).status())
                .isEqualTo(200);

        assertError(http.post("/api/admin/accounts/" + foreignTown.userId() + "/enable", null, signIn(admin())), 403,
                    "OUT_OF_JURISDICTION");

        assertThat(accounts.find(foreignTown.userId()).orElseThrow().enabled()).isFalse();
        assertError(http.signIn(foreignTown.userId(), PASSWORD), 401, "ACCOUNT_DISABLED");
    }

    @Test
    void an_administrator_cannot_move_an_account_of_its_county_into_another_county() {
        String token = signIn(admin());
        Actor town = town();

        assertError(http.put("/api/admin/accounts/" + town.userId(), Map.of("role", "TOWN",
                                                                          "unit", OTHER_COUNTY + "001"), token),
                    403, "OUT_OF_JURISDICTION");
        assertError(http.put("/api/admin/accounts/" + town.userId(), Map.of("role", "COUNTY", "unit", OTHER_COUNTY),
                             token), 403, "OUT_OF_JURISDICTION");

        assertThat(accounts.find(town.userId()).orElseThrow().unit()).isEqualTo(town.unitCode());
    }

    @Test
    void a_school_account_belongs_to_the_county_of_the_administrator_that_created_it() {
        String ownAdmin = signIn(admin());
        String username = "school-" + System.nanoTime();
        Http.Answer created = http.post("/api/admin/accounts", Map.of("username", username, "role", "SCHOOL",
                                                                      "unit", "2143018101",
                                                                      "password", "Chalk2026board"), ownAdmin);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.body().path("account").path("county").asText()).isEqualTo(OWN_COUNTY);
        String schoolToken = http.token(username, "Chalk2026board");

        String foreignAdmin = signIn(account(Actor.Role.ADMIN, OTHER_COUNTY));
        String path = "/api/admin/accounts/" + username;
        assertError(http.post(path + "/password-reset", null, foreignAdmin), 403, "OUT_OF_JURISDICTION");
        assertError(http.post(path + "/disable", null, foreignAdmin), 403, "OUT_OF_JURISDICTION");
        assertError(http.put(path, Map.of("role", "COUNTY", "unit", OTHER_COUNTY), foreignAdmin), 403,
                    "OUT_OF_JURISDICTION");

        // Its session lives on (a new account may only reach /api/auth/** until it changes its password).
        assertThat(http.get("/api/auth/me", schoolToken).status()).isEqualTo(200);
        Http.Answer reset = http.post(path + "/password-reset", null, ownAdmin);
        assertThat(reset.status()).as("%s", reset).isEqualTo(200);
    }

    @Test
    void an_administrator_cannot_take_over_or_demote_another_administrator_of_its_county() {
        String token = signIn(admin());
        Actor peer = admin();
        String peerToken = signIn(peer);
        String path = "/api/admin/accounts/" + peer.userId();

        assertError(http.post(path + "/password-reset", null, token), 403, "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP");
        assertError(http.post(path + "/password-reset", Map.of("password", "Taken2026over"), token), 403,
                    "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP");
        assertError(http.put(path, Map.of("role", "COUNTY", "unit", OWN_COUNTY), token), 403,
                    "ADMIN_ACCOUNT_REQUIRES_SERVER_STEP");

        Account untouched = accounts.find(peer.userId()).orElseThrow();
        assertThat(untouched.role()).isEqualTo(Actor.Role.ADMIN);
        assertThat(untouched.mustChangePassword()).isFalse();
        assertThat(http.get("/api/probe", peerToken).status()).isEqualTo(200);
        // Disabling a fellow administrator of the county stays possible; it gives nobody more power.
        assertThat(http.post(path + "/disable", null, token).status()).isEqualTo(200);
        assertError(http.get("/api/probe", peerToken), 401, "UNAUTHENTICATED");
    }

    @Test
    void an_administrator_cannot_reset_its_own_password_without_giving_the_current_one() {
        Actor admin = admin();
        String token = signIn(admin);

        assertError(http.post("/api/admin/accounts/" + admin.userId() + "/password-reset",
                              Map.of("password", "Stolen2026token"), token), 403, "CANNOT_RESET_OWN_PASSWORD");

        assertThat(http.signIn(admin.userId(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void the_account_list_holds_only_the_accounts_of_the_administrators_county() {
        Actor foreignTown = account(Actor.Role.TOWN, OTHER_COUNTY + "001");
        Actor ownTown = town();
        String token = signIn(admin());

        Http.Answer list = http.get("/api/admin/accounts", token);

        assertThat(list.status()).as("%s", list).isEqualTo(200);
        List<String> usernames = list.body().findValuesAsText("username");
        assertThat(usernames).contains(ownTown.userId()).doesNotContain(foreignTown.userId());
        assertThat(list.body().findValuesAsText("county")).isNotEmpty().containsOnly(OWN_COUNTY);
    }
}
