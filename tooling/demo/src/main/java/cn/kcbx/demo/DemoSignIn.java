package cn.kcbx.demo;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.RandomPasswords;
import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * How a demo request gets its token, the one place that knows: the demo loader acts as many people (a village cadre,
 * a school, a town, the county office). Each gets an internal account on first use, with a random password nobody
 * knows, and is signed in through {@code POST /api/auth/sign-in} like any client; the token is kept for its next
 * steps.
 */
final class DemoSignIn {

    private final AccountService accounts;
    private final RestClient client;
    private final ObjectMapper objectMapper;
    private final Map<Actor, String> authorizations = new HashMap<>();

    DemoSignIn(AccountService accounts, RestClient client, ObjectMapper objectMapper) {
        this.accounts = accounts;
        this.client = client;
        this.objectMapper = objectMapper;
    }

    /** The value of the Authorization header for requests of this actor. */
    synchronized String authorization(Actor actor) {
        return authorizations.computeIfAbsent(actor, this::signIn);
    }

    private String signIn(Actor actor) {
        String password = RandomPasswords.generate();
        accounts.provision(actor, actor.userId(), password, RandomPasswords.encoder(), "demo loader");
        byte[] body;
        try {
            body = objectMapper.writeValueAsBytes(Map.of("username", actor.userId(), "password", password));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JsonNode answer = client.post().uri("/api/auth/sign-in").contentType(MediaType.APPLICATION_JSON).body(body)
                                .exchange((request, response) -> {
                                    try (InputStream in = response.getBody()) {
                                        if (response.getStatusCode().value() != 200) {
                                            throw new IllegalStateException("Demo actor " + actor.userId()
                                                    + " could not sign in: " + response.getStatusCode());
                                        }
                                        return objectMapper.readTree(in);
                                    }
                                });
        return "Bearer " + answer.path("token").asText();
    }
}
