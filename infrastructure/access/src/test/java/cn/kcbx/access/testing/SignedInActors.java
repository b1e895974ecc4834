package cn.kcbx.access.testing;

import cn.kcbx.access.account.AccountService;
import cn.kcbx.access.account.RandomPasswords;
import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Tests act as an {@link Actor}; this signs that actor in for real. The first time an actor is used, its account is
 * created (or brought to this role and unit) through the {@link AccountService} bean with a random password, then
 * {@code POST /api/auth/sign-in} answers the token, which is kept for the next requests of the same actor.
 *
 * <pre>{@code
 * SignedInActors users = new SignedInActors(applicationContext, port);
 * http.exchange(path, GET, new HttpEntity<>(users.headers(actor)), String.class);
 * }</pre>
 */
public final class SignedInActors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccountService accounts;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Per user id: the actor it was last signed in as, and its token. */
    private final Map<String, SignedIn> signedIn = new HashMap<>();

    private record SignedIn(Actor actor, String token) {
    }

    /** For the service of {@code context} listening on {@code port} of localhost. */
    public SignedInActors(ApplicationContext context, int port) {
        this(context.getBean(AccountService.class), "http://localhost:" + port);
    }

    public SignedInActors(AccountService accounts, String baseUrl) {
        this.accounts = accounts;
        this.baseUrl = baseUrl;
    }

    /** The bearer token of the actor, signing it in (and creating its account) the first time. */
    public synchronized String token(Actor actor) {
        SignedIn known = signedIn.get(actor.userId());
        if (known != null && known.actor().equals(actor)) {
            return known.token();
        }
        String password = RandomPasswords.generate();
        accounts.provision(actor, actor.userId(), password, RandomPasswords.encoder(), "test");
        String token = signIn(actor.userId(), password).path("token").asText();
        signedIn.put(actor.userId(), new SignedIn(actor, token));
        return token;
    }

    /** {@code Bearer <token>}, the value of the Authorization header. */
    public String authorization(Actor actor) {
        return "Bearer " + token(actor);
    }

    /** Headers with the actor's Authorization (add others to the returned object as needed). */
    public HttpHeaders headers(Actor actor) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, authorization(actor));
        return headers;
    }

    /** Forgets every token (for example after a test changed or disabled accounts). */
    public synchronized void forgetTokens() {
        signedIn.clear();
    }

    /** {@code POST /api/auth/sign-in}; the parsed answer, which must be 200. */
    public JsonNode signIn(String username, String password) {
        try {
            String body = JSON.writeValueAsString(Map.of("username", username, "password", password));
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/auth/sign-in"))
                               .header("Content-Type", "application/json")
                               .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("sign-in of " + username + " → " + response.statusCode() + " "
                                                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
