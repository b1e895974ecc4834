package cn.kcbx.access.signin;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessEntry;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.access.support.AccessApiTestBase;
import cn.kcbx.access.support.Http;
import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.JsonNode;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SignInApiTest extends AccessApiTestBase {

    @Autowired
    MongoDatabaseFactory mongo;

    @Autowired
    AccessLog accessLog;

    @Test
    void signing_in_answers_a_token_for_the_account_and_the_token_is_stored_only_as_its_hash() {
        Actor town = town();
        Instant now = clock.instant();

        Http.Answer answer = http.signIn(town.userId(), PASSWORD);

        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String token = answer.body().path("token").asText();
        assertThat(token).matches("[A-Za-z0-9_-]{43}"); // 256 bits, URL-safe
        assertThat(Instant.parse(answer.body().path("expiresAt").asText())).isEqualTo(now.plus(Duration.ofHours(8)));
        JsonNode user = answer.body().path("user");
        assertThat(user.path("userId").asText()).isEqualTo(town.userId());
        assertThat(user.path("displayName").asText()).isEqualTo("测试用户");
        assertThat(user.path("role").asText()).isEqualTo("TOWN");
        assertThat(user.path("roleLabel").asText()).isEqualTo("乡镇");
        assertThat(user.path("unit").asText()).isEqualTo("430181105");
        assertThat(user.path("county").asText()).isEqualTo("430181");
        assertThat(user.path("mustChangePassword").asBoolean(true)).isFalse();

        Http.Answer probe = http.get("/api/probe", token);
        assertThat(probe.status()).isEqualTo(200);
        assertThat(probe.body().path("userId").asText()).isEqualTo(town.userId());
        assertThat(probe.body().path("role").asText()).isEqualTo("TOWN");
        assertThat(probe.body().path("unitCode").asText()).isEqualTo("430181105");
        assertThat(http.get("/api/auth/me", token).body().path("userId").asText()).isEqualTo(town.userId());

        Document session = mongo.getMongoDatabase().getCollection("sign_in_sessions")
                                .find(new Document("_id", SignInSessions.hash(token))).first();
        assertThat(session).isNotNull();
        assertThat(session.toJson()).doesNotContain(token);
        assertThat(accessLog.find(town.userId(), null, null, null, 10)).extracting(AccessEntry::action)
                                                                       .contains(AccessAction.SIGNED_IN);
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        Actor town = town();
        Http.Answer wrong = http.signIn(town.userId(), "Wrong2026password");
        Http.Answer unknown = http.signIn("nobody-" + town.userId(), "Wrong2026password");

        assertError(wrong, 401, "BAD_CREDENTIALS");
        assertError(unknown, 401, "BAD_CREDENTIALS");
        assertThat(unknown.raw()).isEqualTo(wrong.raw());
        assertError(http.signIn(town.userId(), ""), 400, "CREDENTIALS_REQUIRED");
    }

    @Test
    void five_wrong_passwords_slow_this_address_down_with_a_back_off_that_doubles() {
        Actor town = town();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertError(http.signIn(town.userId(), "Wrong2026password"), 401, "BAD_CREDENTIALS");
        }
        Http.Answer sixth = http.signIn(town.userId(), PASSWORD);
        assertError(sixth, 429, "SIGN_IN_THROTTLED");
        assertThat(sixth.retryAfter()).isEqualTo("30");
        assertThat(sixth.message()).contains("30 秒");
        assertThat(sixth.body().path("retryable").asBoolean()).isTrue();

        clock.advance(Duration.ofSeconds(29));
        assertError(http.signIn(town.userId(), PASSWORD), 429, "SIGN_IN_THROTTLED");
        clock.advance(Duration.ofSeconds(1));
        assertError(http.signIn(town.userId(), "Wrong2026password"), 401, "BAD_CREDENTIALS");
        Http.Answer doubled = http.signIn(town.userId(), PASSWORD);
        assertError(doubled, 429, "SIGN_IN_THROTTLED");
        assertThat(doubled.retryAfter()).isEqualTo("60");

        clock.advance(Duration.ofSeconds(60));
        assertThat(http.signIn(town.userId(), PASSWORD).status()).isEqualTo(200);
        // The count starts again after a successful sign-in.
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertError(http.signIn(town.userId(), "Wrong2026password"), 401, "BAD_CREDENTIALS");
        }
        assertThat(http.signIn(town.userId(), PASSWORD).status()).isEqualTo(200);
        assertThat(accessLog.find(town.userId(), null, null, null, 100)).extracting(AccessEntry::action)
                                                                        .contains(AccessAction.SIGN_IN_THROTTLED)
                                                                        .doesNotContain(AccessAction.ACCOUNT_LOCKED);
    }

    @Test
    void guessing_the_current_password_with_a_signed_in_token_ends_its_sessions_and_slows_the_guesser_down() {
        Actor town = town();
        String token = signIn(town);
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertError(http.post("/api/auth/password", Map.of("currentPassword", "Guess2026no" + attempt,
                                                               "newPassword", "Willow2026bank"), token),
                        400, "WRONG_CURRENT_PASSWORD");
        }
        assertError(http.post("/api/auth/password", Map.of("currentPassword", "Guess2026no5",
                                                           "newPassword", "Willow2026bank"), token),
                    429, "SIGN_IN_THROTTLED");
        assertError(http.get("/api/probe", token), 401, "UNAUTHENTICATED");
        assertError(http.signIn(town.userId(), PASSWORD), 429, "SIGN_IN_THROTTLED");
    }

    @Test
    void an_administrator_lifts_the_back_off_of_an_account() {
        Actor town = town();
        String admin = signIn(admin());
        for (int attempt = 1; attempt <= 5; attempt++) {
            http.signIn(town.userId(), "Wrong2026password");
        }
        assertError(http.signIn(town.userId(), PASSWORD), 429, "SIGN_IN_THROTTLED");
        JsonNode slowed = http.get("/api/admin/accounts/" + town.userId(), admin).body();
        assertThat(slowed.path("slowedDown").asBoolean()).as("%s", slowed).isTrue();
        assertThat(Instant.parse(slowed.path("slowedDownUntil").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofSeconds(30)));

        Http.Answer unlocked = http.post("/api/admin/accounts/" + town.userId() + "/unlock", null, admin);

        assertThat(unlocked.status()).as("%s", unlocked).isEqualTo(200);
        assertThat(unlocked.body().path("slowedDown").asBoolean(true)).isFalse();
        assertThat(http.signIn(town.userId(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_session_ends_after_its_absolute_lifetime_even_when_used_all_along() {
        Actor town = town();
        String token = signIn(town);
        for (int step = 0; step < 23; step++) { // 23 × 20 min = 7 h 40 min
            clock.advance(Duration.ofMinutes(20));
            assertThat(http.get("/api/auth/me", token).status()).as("after %d steps", step + 1).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(19));
        assertThat(http.get("/api/auth/me", token).status()).isEqualTo(200); // 7 h 59 min
        clock.advance(Duration.ofMinutes(1));
        Http.Answer expired = http.get("/api/probe", token); // 8 h
        assertError(expired, 401, "UNAUTHENTICATED");
        assertThat(expired.message()).contains("登录已失效");
    }

    @Test
    void a_session_ends_after_30_idle_minutes() {
        String token = signIn(town());
        clock.advance(Duration.ofMinutes(29));
        assertThat(http.get("/api/probe", token).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(29));
        assertThat(http.get("/api/probe", token).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        assertError(http.get("/api/probe", token), 401, "UNAUTHENTICATED");
        // Once ended, it stays ended.
        assertError(http.get("/api/auth/me", token), 401, "UNAUTHENTICATED");
    }

    @Test
    void signing_out_ends_the_session_and_only_that_one() {
        Actor town = town();
        String first = signIn(town);
        String second = signIn(town);

        assertThat(http.post("/api/auth/sign-out", null, first).status()).isEqualTo(204);

        assertError(http.get("/api/probe", first), 401, "UNAUTHENTICATED");
        assertError(http.post("/api/auth/sign-out", null, first), 401, "UNAUTHENTICATED");
        assertThat(http.get("/api/probe", second).status()).isEqualTo(200);
    }

    @Test
    void a_disabled_account_cannot_sign_in_and_its_sessions_end() {
        Actor town = town();
        String token = signIn(town);
        String admin = signIn(admin());

        assertThat(http.post("/api/admin/accounts/" + town.userId() + "/disable", null, admin).status())
                .isEqualTo(200);

        assertError(http.get("/api/probe", token), 401, "UNAUTHENTICATED");
        assertError(http.signIn(town.userId(), PASSWORD), 401, "ACCOUNT_DISABLED");
        // A wrong password does not tell that the account exists and is disabled.
        assertError(http.signIn(town.userId(), "Wrong2026password"), 401, "BAD_CREDENTIALS");

        assertThat(http.post("/api/admin/accounts/" + town.userId() + "/enable", null, admin).status())
                .isEqualTo(200);
        assertThat(http.signIn(town.userId(), PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_new_account_must_change_its_one_time_password_before_anything_else() {
        String admin = signIn(admin());
        Http.Answer created = http.post("/api/admin/accounts", Map.of("username", "li.na-newcomer",
                "displayName", "李娜", "role", "VILLAGE", "unit", "430181105203"), admin);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String oneTime = created.body().path("oneTimePassword").asText();
        assertThat(oneTime).hasSize(16);
        assertThat(created.body().path("account").path("mustChangePassword").asBoolean()).isTrue();
        assertThat(created.raw()).doesNotContain("passwordHash", "bcrypt");

        Http.Answer signedIn = http.signIn("li.na-newcomer", oneTime);
        assertThat(signedIn.body().path("user").path("mustChangePassword").asBoolean()).isTrue();
        String token = signedIn.body().path("token").asText();

        assertError(http.get("/api/probe", token), 403, "PASSWORD_CHANGE_REQUIRED");
        assertThat(http.get("/api/auth/me", token).status()).isEqualTo(200);
        assertError(http.post("/api/auth/password", Map.of("currentPassword", oneTime, "newPassword", "short1"), token),
                    400, "WEAK_PASSWORD");
        assertError(http.post("/api/auth/password", Map.of("currentPassword", oneTime, "newPassword", "onlyletters"),
                              token), 400, "WEAK_PASSWORD");
        assertError(http.post("/api/auth/password", Map.of("currentPassword", oneTime,
                                                           "newPassword", "li.na-newcomer1"), token),
                    400, "WEAK_PASSWORD");
        assertError(http.post("/api/auth/password", Map.of("currentPassword", "Wrong2026password",
                                                           "newPassword", "Willow2026bank"), token),
                    400, "WRONG_CURRENT_PASSWORD");

        Http.Answer changed = http.post("/api/auth/password", Map.of("currentPassword", oneTime,
                                                                     "newPassword", "Willow2026bank"), token);

        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.body().path("mustChangePassword").asBoolean(true)).isFalse();
        assertThat(http.get("/api/probe", token).status()).isEqualTo(200);
        assertError(http.signIn("li.na-newcomer", oneTime), 401, "BAD_CREDENTIALS");
        assertThat(http.signIn("li.na-newcomer", "Willow2026bank").body().path("user").path("mustChangePassword")
                       .asBoolean(true)).isFalse();
    }

    @Test
    void the_account_api_is_for_administrators_only() {
        assertError(http.get("/api/admin/accounts", null), 401, "UNAUTHENTICATED");
        String town = signIn(town());
        Http.Answer forbidden = http.get("/api/admin/accounts", town);
        assertError(forbidden, 403, "FORBIDDEN");
        assertError(http.post("/api/admin/accounts", Map.of("username", "x", "role", "TOWN", "unit", "430181105"),
                              town), 403, "FORBIDDEN");
        assertError(http.get("/api/probe", null), 401, "UNAUTHENTICATED");
        assertError(http.get("/api/anything-else", null), 401, "UNAUTHENTICATED");

        Actor adminActor = admin();
        String admin = signIn(adminActor);
        Http.Answer list = http.get("/api/admin/accounts", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsText("username")).contains(adminActor.userId());
        assertThat(list.raw()).doesNotContain("passwordHash", "{bcrypt}");

        assertError(http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "TOWN",
                                                            "unit", "430181"), admin), 400, "UNIT_DOES_NOT_FIT_ROLE");
        assertError(http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "SCHOOL",
                                                            "unit", "430181105"), admin), 400, "UNIT_DOES_NOT_FIT_ROLE");
        assertError(http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "MAYOR",
                                                            "unit", "430181"), admin), 400, "INVALID_ROLE");
        assertError(http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "COUNTY",
                                                            "unit", "430181", "password", "weakpass"), admin),
                    400, "WEAK_PASSWORD");
        Http.Answer created = http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "COUNTY",
                "unit", "430181", "password", "Maple2026field"), admin);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.body().path("oneTimePassword").isNull()).isTrue();
        assertError(http.post("/api/admin/accounts", Map.of("username", "wang.qiang", "role", "COUNTY",
                                                            "unit", "430181"), admin), 409, "USERNAME_TAKEN");
        assertError(http.post("/api/admin/accounts/" + adminActor.userId() + "/disable", null, admin), 422,
                    "CANNOT_DISABLE_SELF");
        assertError(http.post("/api/admin/accounts/nobody/unlock", null, admin), 404, "ACCOUNT_NOT_FOUND");

        // A reset ends the user's sessions and requires a new password again.
        String wangToken = http.token("wang.qiang", "Maple2026field");
        Http.Answer reset = http.post("/api/admin/accounts/wang.qiang/password-reset", null, admin);
        assertThat(reset.status()).as("%s", reset).isEqualTo(200);
        assertError(http.get("/api/probe", wangToken), 401, "UNAUTHENTICATED");
        String oneTime = reset.body().path("oneTimePassword").asText();
        assertThat(http.signIn("wang.qiang", oneTime).body().path("user").path("mustChangePassword").asBoolean())
                .isTrue();

        // A changed role or unit ends the sessions too: they carry the old ones.
        Http.Answer moved = http.put("/api/admin/accounts/wang.qiang", Map.of("role", "TOWN", "unit", "430181105"),
                                     admin);
        assertThat(moved.body().path("role").asText()).as("%s", moved).isEqualTo("TOWN");

        List<AccessEntry> log = accessLog.find(null, null, null, null, 10_000).stream()
                                         .filter(entry -> entry.userId().equals(adminActor.userId())).toList();
        assertThat(log).extracting(AccessEntry::action)
                       .contains(AccessAction.ACCOUNT_CREATED, AccessAction.PASSWORD_RESET,
                                 AccessAction.ACCOUNT_CHANGED);
        assertThat(log).allSatisfy(entry -> assertThat(entry.origin()).isNotBlank());
        assertThat(log.stream().filter(e -> e.action() == AccessAction.PASSWORD_RESET).findFirst().orElseThrow()
                      .detail()).contains("account=wang.qiang").doesNotContain(oneTime);
    }

    @Test
    void a_stale_token_does_not_stand_in_the_way_of_signing_in_again() {
        Actor town = town();
        Http.Answer answer = http.send("POST", "/api/auth/sign-in",
                                       Map.of("username", town.userId(), "password", PASSWORD),
                                       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
    }
}
