package cn.kcbx.benchmark;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.RandomPasswords;
import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.ApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Gives a benchmark's HTTP client a bearer token: an account provisioned with a fresh password, signed in. */
final class ApiSignIn {

    private ApiSignIn() {
    }

    static String token(ApplicationContext context, HttpClient http, ObjectMapper json, String baseUrl, Actor actor,
                        String displayName) throws Exception {
        String password = RandomPasswords.generate();
        context.getBean(AccountService.class).provision(actor, displayName, password, RandomPasswords.encoder(),
                                                        "benchmark");
        String body = json.writeValueAsString(Map.of("username", actor.userId(), "password", password));
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/sign-in"))
                           .header("Content-Type", "application/json")
                           .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in → " + response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).path("token").asText();
    }
}
