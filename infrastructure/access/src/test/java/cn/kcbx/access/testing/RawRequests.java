package cn.kcbx.access.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests as an attacker types them, byte for byte: over a plain socket, since HTTP clients encode {@code [ ] |}
 * for you or refuse to send them. For both services: whatever the web server refuses before the application sees it,
 * and the error page called directly, are answered in the {@code ApiError} JSON shape, never a 500 or an HTML page.
 */
public final class RawRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A raw HTTP answer: status line, headers and body as text. */
    public record Answer(String head, String body) {

        public int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        /** The body's JSON object (Tomcat may send it in chunks: the object is what lies between the braces). */
        public JsonNode json() {
            int start = body.indexOf('{');
            int end = body.lastIndexOf('}');
            assertThat(start).as("a JSON object in %s", this).isNotNegative().isLessThan(end);
            try {
                return JSON.readTree(body.substring(start, end + 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private RawRequests() {
    }

    /** Sends {@code GET <target> HTTP/1.1} exactly as given, with an optional Authorization header value. */
    public static Answer get(int port, String target, String authorization) {
        String request = "GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAccept: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int blank = answer.indexOf("\r\n\r\n");
            return blank < 0 ? new Answer(answer, "") : new Answer(answer.substring(0, blank), answer.substring(blank + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unencoded {@code [ ] |} in the query and in the path, signed in or not: each a 400 {@code REQUEST_REJECTED} in
     * JSON with a Chinese message.
     */
    public static void assertUnencodedCharactersAreAJson400(int port, String path, String authorization) {
        String[] targets = {path + "?region=[439921]", path + "?region=439921|439922", path + "?a[]=1",
                            path + "/[x]", path + "|x"};
        for (String auth : new String[] {null, authorization}) {
            for (String target : targets) {
                Answer answer = get(port, target, auth);
                String what = target + (auth == null ? " (no token)" : " (signed in)") + " -> " + answer;
                assertThat(answer.status()).as(what).isEqualTo(400);
                assertThat(answer.head().toLowerCase()).as(what).contains("content-type: application/json");
                assertThat(answer.body()).as(what).doesNotContainIgnoringCase("<html");
                JsonNode error = answer.json();
                assertThat(error.path("status").asInt()).as(what).isEqualTo(400);
                assertThat(error.path("code").asText()).as(what).isEqualTo("REQUEST_REJECTED");
                assertThat(error.path("message").asText()).as(what).contains("请求被拒绝", "URL 编码");
            }
        }
    }

    /** {@code GET /error} called directly (no error to report): a 404 {@code NOT_FOUND} in JSON, not a 500. */
    public static void assertTheErrorPageCalledDirectlyIsA404(int port, String authorization) {
        for (String auth : new String[] {null, authorization}) {
            try {
                HttpURLConnection connection =
                        (HttpURLConnection) URI.create("http://localhost:" + port + "/error").toURL().openConnection();
                if (auth != null) {
                    connection.setRequestProperty("Authorization", auth);
                }
                int status = connection.getResponseCode();
                String contentType = connection.getContentType();
                String body;
                try (InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                String what = "GET /error" + (auth == null ? " (no token)" : " (signed in)") + " -> " + status + " "
                        + body;
                assertThat(status).as(what).isEqualTo(404);
                assertThat(contentType).as(what).startsWith("application/json");
                JsonNode error = JSON.readTree(body);
                assertThat(error.path("code").asText()).as(what).isEqualTo("NOT_FOUND");
                assertThat(error.path("message").asText()).as(what).isEqualTo("请求的地址不存在");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
