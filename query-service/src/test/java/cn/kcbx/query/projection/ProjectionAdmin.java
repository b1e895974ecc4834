package cn.kcbx.query.projection;

import cn.kcbx.query.TestUsers;
import cn.kcbx.query.casefile.CaseLedgerProjection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The projection admin endpoints as an administrator sees them, for the read-side tests. */
final class ProjectionAdmin {

    private final TestRestTemplate http;
    private final ApplicationContext context;
    private final int port;
    private final ObjectMapper json = new ObjectMapper();
    private TestUsers users;

    ProjectionAdmin(TestRestTemplate http, ApplicationContext context, int port) {
        this.http = http;
        this.context = context;
        this.port = port;
    }

    JsonNode projections() {
        ResponseEntity<String> response = exchange(HttpMethod.GET, "/api/admin/projections");
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response);
    }

    /** The read side's state; the same on every projection. */
    JsonNode storeCheck() {
        return projections().get(0).get("storeCheck");
    }

    /** The last rebuild of the ledger (every rebuild here rebuilds it), or a JSON null. */
    JsonNode lastRebuild() {
        for (JsonNode view : projections()) {
            if (view.get("name").asText().equals(CaseLedgerProjection.NAME)) {
                return view.get("rebuild");
            }
        }
        throw new AssertionError("no " + CaseLedgerProjection.NAME);
    }

    String lastRebuildId() {
        JsonNode rebuild = lastRebuild();
        return rebuild.isNull() ? "" : rebuild.get("rebuildId").asText();
    }

    /** Waits for a rebuild other than {@code before} to finish; answers it. */
    JsonNode awaitRebuildAfter(String before) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                      .until(this::lastRebuild, rebuild -> !rebuild.isNull()
                              && !rebuild.get("rebuildId").asText().equals(before)
                              && !rebuild.get("state").asText().equals("RUNNING"));
    }

    /** Waits until the live processor has processed everything up to {@code head} and the read side is in step. */
    void awaitCaughtUpTo(long head) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode first = projections().get(0);
            return !first.get("livePosition").isNull() && first.get("livePosition").asLong() >= head
                    && first.get("storeCheck").get("state").asText().equals("IN_STEP");
        });
    }

    ResponseEntity<String> post(String path) {
        return exchange(HttpMethod.POST, path);
    }

    JsonNode read(ResponseEntity<String> response) {
        try {
            return json.readTree(response.getBody());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    ResponseEntity<String> exchange(HttpMethod method, String path) {
        if (users == null) {
            users = new TestUsers(context, port);
        }
        return http.exchange(path, method, new HttpEntity<>(users.headers("ADMIN")), String.class);
    }
}
