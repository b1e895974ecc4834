package cn.kcbx.faultharness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * Plain HTTP against one of the services. Every call returns an {@link Answer}, never throws for a transport
 * failure: a refused connection, a reset or a timeout is an answer with status 0 (no answer), which is what a client
 * on a bad network sees and what the caller retries with the same request id.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One HTTP exchange.
     *
     * @param status    the HTTP status, or 0 when no answer came (connection refused, reset, timed out)
     * @param body      the body, or the transport error's description
     * @param sentNanos System.nanoTime() when the request went out
     * @param doneNanos System.nanoTime() when the answer (or the failure) came
     */
    record Answer(int status, String body, long sentNanos, long doneNanos) {

        boolean answered() {
            return status != 0;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        double latencyMillis() {
            return (doneNanos - sentNanos) / 1e6;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.createObjectNode().put("unparsable", body);
            }
        }

        /** The error code of an error answer ({@code {"code": …}}), or "". */
        String code() {
            if (!answered() || ok()) {
                return "";
            }
            return json().path("code").asText("");
        }
    }

    private final HttpClient http;
    private final Duration timeout;

    Api(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                              .version(HttpClient.Version.HTTP_1_1)
                              .connectTimeout(Duration.ofSeconds(2))
                              .executor(Executors.newCachedThreadPool(r -> {
                                  Thread t = new Thread(r, "http-client");
                                  t.setDaemon(true);
                                  return t;
                              }))
                              .build();
    }

    Answer post(String url, String token, String requestId, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                                       : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return send(request.build());
    }

    Answer get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Answer send(HttpRequest request) {
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), sent, System.nanoTime());
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName() + ": " + e.getMessage(), sent, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted", sent, System.nanoTime());
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
