package cn.kcbx.access.account;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.support.TestStores;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;

/** School accounts stored before administrators were bound to a county have no county of their own. */
class OlderSchoolAccountsTest {

    private final TestStores stores = new TestStores("older_schools");
    private final AccountService accounts = stores.accountService(TestStores.encoder());

    /** An account document as the version before the county binding stored it: no {@code county} field. */
    private void storedBefore(String username, String role, String unit, String createdBy) {
        stores.database.getCollection("accounts").insertOne(
                new Document("_id", username).append("displayName", username).append("role", role)
                                             .append("unit", unit).append("enabled", true)
                                             .append("passwordHash", "{bcrypt}x").append("failedAttempts", 0)
                                             .append("lockedUntil", null).append("mustChangePassword", false)
                                             .append("createdAt", new Date()).append("createdBy", createdBy));
    }

    @Test
    void an_older_school_account_gets_the_county_of_the_administrator_that_created_it_once() {
        storedBefore("old-admin", "ADMIN", "430181", "system");
        storedBefore("old-school", "SCHOOL", "2143018101", "old-admin");
        storedBefore("old-town", "TOWN", "430181105", "old-admin");
        storedBefore("demo-like-school", "SCHOOL", "2143018102", "system");
        assertThat(stores.accounts.find("old-school").orElseThrow().county()).isNull();
        // Village, town, county and administrator accounts take their county from the unit.
        assertThat(stores.accounts.find("old-town").orElseThrow().county()).isEqualTo("430181");

        assertThat(accounts.assignCountiesToOlderSchoolAccounts("test")).isEqualTo(1);
        assertThat(accounts.assignCountiesToOlderSchoolAccounts("test")).isZero();

        assertThat(stores.accounts.find("old-school").orElseThrow().county()).isEqualTo("430181");
        assertThat(stores.accounts.find("demo-like-school").orElseThrow().county()).isNull();
        assertThat(stores.accessLog.find(AccountService.SYSTEM, null, null, null, 10))
                .singleElement()
                .satisfies(entry -> assertThat(entry.action()).isEqualTo(AccessAction.ACCOUNT_CHANGED))
                .extracting(AccessEntry::detail).asString().contains("account=old-school", "county=430181");
    }
}
