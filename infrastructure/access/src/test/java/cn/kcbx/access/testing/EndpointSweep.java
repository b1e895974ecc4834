package cn.kcbx.access.testing;

import cn.kcbx.kernel.actor.Actor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint a service maps, called without a token: a sweep over all request mappings, so that a new endpoint is
 * covered the day it is added. Path variables get a placeholder value; bodies are an empty JSON object, since the
 * answer must come before the body is read.
 */
public final class EndpointSweep {

    /** An endpoint and what it answered without a token: status and the ApiError code (or null). */
    public record Answer(String method, String path, int status, String code, String contentType) {

        public String endpoint() {
            return method + " " + path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointSweep() {
    }

    /**
     * Sweeps the service and asserts that every endpoint but the public ones answers 401 {@code UNAUTHENTICATED} as
     * JSON, and that the service maps at least the endpoints named.
     */
    public static void assertEveryEndpointNeedsSignIn(ApplicationContext context, int port, Set<String> publicEndpoints,
                                                      String... mustInclude) {
        List<Answer> answers = withoutToken(context, port);
        assertThat(answers).extracting(Answer::endpoint).contains(mustInclude);
        for (Answer answer : answers) {
            if (publicEndpoints.contains(answer.endpoint())) {
                assertThat(answer.status()).as(answer.toString()).isNotIn(401, 403);
            } else {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
                assertThat(answer.code()).as(answer.toString()).isEqualTo("UNAUTHENTICATED");
                assertThat(answer.contentType()).as(answer.toString()).startsWith("application/json");
            }
        }
    }

    /** The access module's sign-in rejections keep their own status and code in the service, ahead of its handler. */
    public static void assertSignInRejectionsKeepTheirStatus(ApplicationContext context, int port) {
        new SignedInActors(context, port).token(new Actor("sweep-town", Actor.Role.TOWN, "430181105"));
        Answer wrong = call(port, "POST", "/api/auth/sign-in",
                            "{\"username\": \"sweep-town\", \"password\": \"Wrong2026pass\"}");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(wrong.code()).isEqualTo("BAD_CREDENTIALS");
        Answer empty = call(port, "POST", "/api/auth/sign-in", "{}");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.code()).isEqualTo("CREDENTIALS_REQUIRED");
    }

    /**
     * A sign-in or password change whose body cannot be read (not JSON, not an object, a field of the wrong type, the
     * wrong content type) is a 4xx with a stable code in the service, never a 500.
     */
    public static void assertUnreadableAccessRequestsAre4xx(ApplicationContext context, int port) {
        assertAnswer(call(port, "POST", "/api/auth/sign-in", "not json"), 400, "MALFORMED_JSON");
        assertAnswer(call(port, "POST", "/api/auth/sign-in", "[]"), 400, "INVALID_FORMAT");
        assertAnswer(call(port, "POST", "/api/auth/sign-in", "\"sweep-town\""), 400, "INVALID_FORMAT");
        Answer wrongType = call(port, "POST", "/api/auth/sign-in", "{\"username\": \"sweep-town\", \"password\": []}");
        assertAnswer(wrongType, 400, "INVALID_FORMAT");
        assertAnswer(call(HttpClient.newHttpClient(), port, "POST", "/api/auth/sign-in", "/api/auth/sign-in",
                          "username=sweep-town", "application/x-www-form-urlencoded", null),
                     415, "UNSUPPORTED_MEDIA_TYPE");
        String token = new SignedInActors(context, port).token(new Actor("sweep-town", Actor.Role.TOWN, "430181105"));
        assertAnswer(call(HttpClient.newHttpClient(), port, "POST", "/api/auth/password", "/api/auth/password", "[]",
                          "application/json", token),
                     400, "INVALID_FORMAT");
    }

    private static void assertAnswer(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
    }

    /** Calls every mapped method and path of the service without an Authorization header. */
    public static List<Answer> withoutToken(ApplicationContext context, int port) {
        RequestMappingHandlerMapping mapping =
                context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Answer> answers = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    answers.add(call(http, port, method.name(), pattern));
                }
            }
        }
        return answers;
    }

    /** One request without a token: {@code body} is sent as JSON (null: none). */
    public static Answer call(int port, String method, String path, String body) {
        return call(HttpClient.newHttpClient(), port, method, path, path, body);
    }

    private static Answer call(HttpClient http, int port, String method, String pattern) {
        String path = pattern.replaceAll("\\{[^}]*}", "00000000-0000-4000-8000-000000000000")
                             .replace("/**", "/x").replace("*", "x");
        boolean bodyless = method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")
                || method.equals("OPTIONS");
        return call(http, port, method, pattern, path, bodyless ? null : "{}");
    }

    private static Answer call(HttpClient http, int port, String method, String pattern, String path,
                               String json) {
        return call(http, port, method, pattern, path, json, "application/json", null);
    }

    private static Answer call(HttpClient http, int port, String method, String pattern, String path,
                               String content, String contentType, String token) {
        HttpRequest.BodyPublisher body = content == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(content);
        // Generous: only a hang should fail here, not a slow first call on a busy build machine.
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                                 .timeout(Duration.ofSeconds(60)).header("Content-Type", contentType)
                                                 .method(method, body);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String code = null;
            try {
                JsonNode parsed = JSON.readTree(response.body());
                code = parsed == null ? null : parsed.path("code").asText(null);
            } catch (IOException notJson) {
                // not an ApiError
            }
            return new Answer(method, pattern, response.statusCode(), code,
                              response.headers().firstValue("Content-Type").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
