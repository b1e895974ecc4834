package cn.kcbx.access.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A small JSON client for the access tests: any status comes back, with the parsed body. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;

    public Http(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    /** @param retryAfter the Retry-After header (seconds), or null */
    public record Answer(int status, String contentType, JsonNode body, String raw, String retryAfter) {

        public String code() {
            return body.path("code").asText(null);
        }

        public String message() {
            return body.path("message").asText("");
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Answer get(String path, String token) {
        return send("GET", path, null, token);
    }

    public Answer post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    public Answer put(String path, Object body, String token) {
        return send("PUT", path, body, token);
    }

    public Answer signIn(String username, String password) {
        return post("/api/auth/sign-in", Map.of("username", username, "password", password), null);
    }

    /** Signs in and answers the token; the sign-in must succeed. */
    public String token(String username, String password) {
        Answer answer = signIn(username, password);
        if (answer.status() != 200) {
            throw new AssertionError("sign-in of " + username + ": " + answer);
        }
        return answer.body().path("token").asText();
    }

    public Answer send(String method, String path, Object body, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isBlank() ? MissingNode.getInstance() : JSON.readTree(response.body());
            } catch (IOException e) {
                parsed = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                              parsed, response.body(), response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
