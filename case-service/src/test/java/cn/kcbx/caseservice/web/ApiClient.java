package cn.kcbx.caseservice.web;

import cn.kcbx.access.testing.SignedInActors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real HTTP client for the running service: signs each actor in (its account is created on first use, see
 * {@link SignedInActors}), sends raw bodies with the actor's bearer token and returns the status, the response
 * headers and the parsed JSON body, whatever the status (it never throws on 4xx/5xx).
 */
final class ApiClient {

    static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The answer of one request. {@code body} is a MissingNode when the response had no JSON body. */
    record Response(int status, HttpHeaders headers, String raw, JsonNode body) {

        String code() {
            return body.path("code").asText(null);
        }

        String field() {
            return body.path("field").isNull() ? null : body.path("field").asText(null);
        }

        String message() {
            return body.path("message").asText(null);
        }

        String caseId() {
            return body.path("caseId").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    /** Who is acting; the client signs this user in (role and unit must fit, as for any account). */
    record Actor(String userId, String role, String unit) {

        cn.kcbx.kernel.actor.Actor kernel() {
            return new cn.kcbx.kernel.actor.Actor(userId, cn.kcbx.kernel.actor.Actor.Role.valueOf(role), unit);
        }

        static final Actor SCHOOL = new Actor("zhou.xiaomei", "SCHOOL", "2143000001");
        static final Actor TOWN = new Actor("town-clerk-07", "TOWN", "430181105");
        static final Actor VILLAGE = new Actor("luo.changqing", "VILLAGE", "430181105203");
        static final Actor COUNTY = new Actor("county.kcb@jyj", "COUNTY", "430181");
    }

    private final RestClient client;
    private final SignedInActors users;
    private final java.util.concurrent.atomic.AtomicLong requestsSent = new java.util.concurrent.atomic.AtomicLong();
    /** Runs before each request is sent (the test's pending "nothing changed" check, see ApiTestBase). */
    private volatile Runnable beforeEachRequest = () -> { };

    ApiClient(int port, SignedInActors users) {
        this.users = users;
        HttpClient httpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(httpClient);
        factory.setReadTimeout(Duration.ofSeconds(60));
        this.client = RestClient.builder().baseUrl("http://localhost:" + port).requestFactory(factory).build();
    }

    /** POSTs a JSON body as the given actor. */
    Response post(String path, Object body, Actor actor) {
        return send(HttpMethod.POST, path, body, JSON, headers(actor));
    }

    /** POSTs a JSON body as the given actor, with extra headers (X-Request-Id, X-Client-Channel ...). */
    Response post(String path, Object body, Actor actor, Map<String, String> extraHeaders) {
        Map<String, String> headers = headers(actor);
        headers.putAll(extraHeaders);
        return send(HttpMethod.POST, path, body, JSON, headers);
    }

    Response get(String path, Actor actor) {
        return send(HttpMethod.GET, path, null, null, headers(actor));
    }

    /**
     * Any request: {@code body} is sent as is when it is a String (so malformed JSON can be sent), else as its
     * JSON; null sends no body. {@code contentType} null sends none.
     */
    Response send(HttpMethod method, String path, Object body, String contentType, Map<String, String> headers) {
        beforeEachRequest.run();
        requestsSent.incrementAndGet();
        RestClient.RequestBodySpec request = client.method(method).uri(path);
        headers.forEach(request::header);
        if (contentType != null) {
            request.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        if (body != null) {
            request.body(body instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                                 : body instanceof byte[] bytes ? bytes : toJson(body));
        }
        return request.exchange((req, response) -> {
            String raw;
            try (InputStream in = response.getBody()) {
                raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return new Response(response.getStatusCode().value(), response.getHeaders(), raw, parse(raw));
        });
    }

    /** GETs a file (a spreadsheet) as the given actor; 200 expected. */
    byte[] download(String path, Actor actor) {
        beforeEachRequest.run();
        requestsSent.incrementAndGet();
        RestClient.RequestHeadersSpec<?> request = client.get().uri(path);
        headers(actor).forEach(request::header);
        return request.exchange((req, response) -> {
            try (InputStream in = response.getBody()) {
                byte[] content = in.readAllBytes();
                if (response.getStatusCode().value() != 200) {
                    throw new IllegalStateException(path + " → " + response.getStatusCode() + " "
                                                            + new String(content, StandardCharsets.UTF_8));
                }
                return content;
            }
        });
    }

    void beforeEachRequest(Runnable hook) {
        this.beforeEachRequest = hook;
    }

    /** How many requests this client has sent (sign-ins not counted: they change no case). */
    long requestsSent() {
        return requestsSent.get();
    }

    /** The actor's Authorization header (none for a null actor), in a map the caller may add to. */
    Map<String, String> headers(Actor actor) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (actor != null) {
            headers.put(HttpHeaders.AUTHORIZATION, users.authorization(actor.kernel()));
        }
        return headers;
    }

    private static byte[] toJson(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return MAPPER.readTree(raw);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }
}
