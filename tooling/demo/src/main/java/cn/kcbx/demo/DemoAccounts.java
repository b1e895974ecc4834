package cn.kcbx.demo;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.kernel.actor.Actor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.util.List;

/**
 * One account per role for the demo county, all with the one demo-only password {@link #PASSWORD} (README,
 * deploy/DEMO.md). Created only where missing, so a password changed after the first start stays changed. Never
 * enable the demo on a store with real data.
 */
final class DemoAccounts {

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    /**
     * The documented demo-only password: a demo store holds invented data only. Being published, the password policy
     * refuses it for every account but these, which the system flags as demo accounts.
     */
    static final String PASSWORD = "Qingxi2026";

    /** Town 清溪镇 (its first town), its first village, which has cases in every demo, and its primary school. */
    static final String TOWN = DemoCounty.COUNTY_CODE + "100";
    static final String VILLAGE = TOWN + "201";
    static final String SCHOOL = "21" + DemoCounty.COUNTY_CODE.substring(2) + "1000";

    record DemoAccount(Actor actor, String displayName) {
    }

    static final List<DemoAccount> ALL = List.of(
            new DemoAccount(new Actor("demo-county", Actor.Role.COUNTY, DemoCounty.COUNTY_CODE), "清溪县控辍办（演示）"),
            new DemoAccount(new Actor("demo-town", Actor.Role.TOWN, TOWN), "清溪镇中心学校（演示）"),
            new DemoAccount(new Actor("demo-village", Actor.Role.VILLAGE, VILLAGE), "村委会专干（演示）"),
            new DemoAccount(new Actor("demo-school", Actor.Role.SCHOOL, SCHOOL), "清溪镇中心小学（演示）"),
            new DemoAccount(new Actor("demo-admin", Actor.Role.ADMIN, DemoCounty.COUNTY_CODE), "系统管理员（演示）"));

    private final AccountService accounts;
    private final PasswordEncoder passwordEncoder;

    DemoAccounts(AccountService accounts, PasswordEncoder passwordEncoder) {
        this.accounts = accounts;
        this.passwordEncoder = passwordEncoder;
    }

    void ensure() {
        int created = 0;
        for (DemoAccount account : ALL) {
            if (accounts.find(account.actor().userId()).isEmpty()) {
                // The demo school is registered in the demo county, so that demo-admin manages it.
                accounts.provisionDemo(account.actor(), DemoCounty.COUNTY_CODE, account.displayName(), PASSWORD,
                                       passwordEncoder, "demo");
                created++;
            }
        }
        if (created > 0) {
            log.info("演示账号已创建（仅用于演示）：demo-county, demo-town, demo-village, demo-school, demo-admin，"
                             + "密码见 deploy/DEMO.md");
        }
    }
}
