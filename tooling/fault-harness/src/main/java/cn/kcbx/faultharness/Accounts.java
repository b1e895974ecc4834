package cn.kcbx.faultharness;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The accounts the simulated users act as, made through the real API: the first administrator (started with
 * {@code --kcbx.security.initial-admin.*}) signs in, changes its one-time password, and creates one account per
 * village, town and school of the county plus a county account; each of those changes its password at its first
 * sign-in too. Tokens are kept per account and renewed on 401 (a session may be gone after a crash).
 */
final class Accounts {

    record Account(String username, String role, String unit, String password) {
    }

    static final String ADMIN = "fh-admin";
    static final String FIRST_PASSWORD = "Harness2026first";
    static final String PASSWORD = "Harness2026kcbx";

    private final Api api;
    private final Supplier<String> signInBase;
    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    Accounts(Api api, Supplier<String> signInBase) {
        this.api = api;
        this.signInBase = signInBase;
    }

    Account admin() {
        return accounts.get(ADMIN);
    }

    Account county() {
        return accounts.get("fh-county");
    }

    Account town(FictionalCounty.Town town) {
        return accounts.get("fh-town-" + town.code());
    }

    Account village(String villageCode) {
        return accounts.get("fh-village-" + villageCode);
    }

    Account school(FictionalCounty.Town town) {
        return accounts.get("fh-school-" + town.schoolCode());
    }

    /** Signs the administrator in and creates every other account; throws if any step is refused. */
    void create(FictionalCounty county) {
        Account admin = new Account(ADMIN, "ADMIN", FictionalCounty.COUNTY, FIRST_PASSWORD);
        accounts.put(ADMIN, admin);
        firstSignIn(admin);
        List<Account> wanted = new java.util.ArrayList<>();
        wanted.add(new Account("fh-county", "COUNTY", FictionalCounty.COUNTY, FIRST_PASSWORD));
        for (FictionalCounty.Town town : county.towns()) {
            wanted.add(new Account("fh-town-" + town.code(), "TOWN", town.code(), FIRST_PASSWORD));
            wanted.add(new Account("fh-school-" + town.schoolCode(), "SCHOOL", town.schoolCode(), FIRST_PASSWORD));
            for (String village : town.villages()) {
                wanted.add(new Account("fh-village-" + village, "VILLAGE", village, FIRST_PASSWORD));
            }
        }
        for (Account account : wanted) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("username", account.username());
            body.put("displayName", "压测账号 " + account.unit());
            body.put("role", account.role());
            body.put("unit", account.unit());
            body.put("password", account.password());
            Api.Answer answer = retrying(() -> api.post(signInBase.get() + "/api/admin/accounts", token(admin), null,
                                                        Api.json(body)));
            if (answer.status() != 201) {
                throw new IllegalStateException("creating account " + account.username() + " answered "
                        + answer.status() + " " + answer.body());
            }
            accounts.put(account.username(), account);
            firstSignIn(account);
        }
    }

    /** Sign in with the one-time password, change it (403 PASSWORD_CHANGE_REQUIRED until then), sign in again. */
    private void firstSignIn(Account account) {
        String token = signIn(account.username(), account.password());
        Api.Answer change = retrying(() -> api.post(signInBase.get() + "/api/auth/password", token, null,
                Api.json(Map.of("currentPassword", account.password(), "newPassword", PASSWORD))));
        if (!change.ok()) {
            throw new IllegalStateException("password change of " + account.username() + " answered " + change.status()
                    + " " + change.body());
        }
        Account changed = new Account(account.username(), account.role(), account.unit(), PASSWORD);
        accounts.put(account.username(), changed);
        tokens.put(account.username(), signIn(changed.username(), PASSWORD));
    }

    private String signIn(String username, String password) {
        Api.Answer answer = retrying(() -> api.post(signInBase.get() + "/api/auth/sign-in", null, null,
                Api.json(Map.of("username", username, "password", password))));
        if (!answer.ok()) {
            throw new IllegalStateException("sign-in of " + username + " answered " + answer.status() + " "
                    + answer.body());
        }
        return answer.json().path("token").asText();
    }

    /** The account's current token (signing in if it has none). */
    String token(Account account) {
        return tokens.computeIfAbsent(account.username(), u -> signIn(u, account.password()));
    }

    /** A 401 came back with {@code stale}: sign in anew, unless another thread already did. */
    String renew(Account account, String stale) {
        synchronized (tokens) {
            String current = tokens.get(account.username());
            if (current != null && !current.equals(stale)) {
                return current;
            }
            String fresh = signIn(account.username(), account.password());
            tokens.put(account.username(), fresh);
            return fresh;
        }
    }

    /** Repeats a call while no answer comes or the service answers 5xx (restarting) or 429 (busy), for up to 3 minutes. */
    static Api.Answer retrying(Supplier<Api.Answer> call) {
        long deadline = System.nanoTime() + 180_000_000_000L;
        Api.Answer answer = call.get();
        // 429: the sign-in throttle allows only a few sign-ins in progress per address, and the harness is one address.
        while ((!answer.answered() || answer.status() >= 500 || answer.status() == 429) && System.nanoTime() < deadline) {
            sleep(300);
            answer = call.get();
        }
        return answer;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
