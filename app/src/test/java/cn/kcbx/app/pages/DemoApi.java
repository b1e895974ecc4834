package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's API as a demo user calls it, for what a browser test checks the pages against (the figures the API
 * gives the same user) or prepares through it (a case in the state a test needs).
 */
final class DemoApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DemoApi() {
    }

    /** The sign-in answer of a demo account: {@code token}, {@code expiresAt}, {@code user}. */
    static JsonNode signIn(String username) {
        JsonNode answer = send("POST", "/api/auth/sign-in", null,
                               Map.of("username", username, "password", DemoProduct.PASSWORD));
        assertThat(answer.path("token").asText()).as("sign-in of %s", username).isNotEmpty();
        return answer;
    }

    static String token(String username) {
        return signIn(username).path("token").asText();
    }

    /** GET {@code path}; the answer must be a success. */
    static JsonNode get(String token, String path) {
        return send("GET", path, token, null);
    }

    /** POST {@code body} with a new request id; the answer must be a success. */
    static JsonNode post(String token, String path, Object body) {
        return send("POST", path, token, body);
    }

    static JsonNode send(String method, String path, String token, Object body) {
        HttpResponse<String> response = exchange(method, path, token, body);
        assertThat(response.statusCode()).as("%s %s → %s", method, path, response.body()).isLessThan(300);
        return read(response.body());
    }

    /** Any answer, for a test that expects a refusal. */
    static HttpResponse<String> exchange(String method, String path, String token, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(DemoProduct.url() + path))
                                                     .header("Accept", "application/json");
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json")
                       .header("X-Request-Id", UUID.randomUUID().toString())
                       .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body),
                                                                           StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
