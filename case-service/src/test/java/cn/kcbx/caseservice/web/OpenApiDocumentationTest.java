package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v3/api-docs documents every command path with its body schema and the actor and request-id headers. */
class OpenApiDocumentationTest extends ApiTestBase {

    @Test
    void the_openapi_document_lists_every_command_and_the_event_history() {
        // The document itself needs no actor.
        Response response = api.send(HttpMethod.GET, "/v3/api-docs", null, null, Map.of());
        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.body();
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).contains("控辍保学");

        List<String> expected = new ArrayList<>(Arrays.stream(Endpoint.values()).map(Endpoint::documentedPath).toList());
        expected.add(CASES + "/{caseId}/events");
        expected.add(CASES + "/{caseId}/personal-data");
        expected.add(CASES + "/{caseId}/personal-data/erasure");
        List<String> documented = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(documented::add);
        assertThat(documented).filteredOn(path -> path.startsWith(CASES)).containsExactlyInAnyOrderElementsOf(expected);
        // Sign-in and account administration (module access) are documented beside the commands.
        assertThat(documented).contains("/api/auth/sign-in", "/api/auth/me", "/api/admin/accounts",
                                        IntegrityApiTest.CHECKPOINTS, IntegrityApiTest.VERIFICATION);

        for (Endpoint endpoint : Endpoint.values()) {
            JsonNode path = document.path("paths").path(endpoint.documentedPath());
            assertThat(path.properties()).as(endpoint.documentedPath()).hasSize(1);
            JsonNode post = path.path("post");
            assertThat(post.path("summary").asText()).as(endpoint + " summary").containsPattern("\\p{IsHan}");
            assertThat(post.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                           .asText()).isEqualTo("#/components/schemas/" + endpoint.command().getSimpleName());
            Map<String, Boolean> headers = headerParameters(post);
            assertThat(headers).containsEntry("X-Request-Id", false).containsEntry("X-Client-Channel", false)
                               .doesNotContainKeys("X-User-Id", "X-User-Role", "X-User-Unit");

            JsonNode schema = document.path("components").path("schemas").path(endpoint.command().getSimpleName());
            List<String> properties = new ArrayList<>();
            schema.path("properties").fieldNames().forEachRemaining(properties::add);
            assertThat(properties).as("%s properties", endpoint).containsAll(endpoint.fields());
        }
        for (String integrity : List.of(IntegrityApiTest.CHECKPOINTS, IntegrityApiTest.VERIFICATION)) {
            assertThat(document.path("paths").path(integrity).path("post").path("summary").asText())
                    .containsPattern("\\p{IsHan}");
        }
        JsonNode events = document.path("paths").path(CASES + "/{caseId}/events");
        assertThat(events.has("get")).isTrue();
        assertThat(headerParameters(events.path("get"))).doesNotContainKey("X-User-Id");
        // The acting user is the bearer token's, declared once for the whole API.
        assertThat(document.path("components").path("securitySchemes").path("signInToken").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(document.path("security").toString()).contains("signInToken");
        JsonNode reveal = document.path("paths").path(CASES + "/{caseId}/personal-data").path("get");
        assertThat(reveal.path("summary").asText()).containsPattern("\\p{IsHan}");
        assertThat(reveal.path("responses").has("410")).isTrue();
        assertThat(document.path("paths").path(CASES + "/{caseId}/personal-data/erasure").has("post")).isTrue();
        // The phone pages' offline registration: the key to seal the student for, and the sealed form of identify.
        JsonNode sealingKey = document.path("paths").path(SealedIdentificationApiTest.SEALING_KEY).path("get");
        assertThat(sealingKey.path("summary").asText()).containsPattern("\\p{IsHan}");
        assertThat(sealingKey.path("description").asText()).contains("sealedStudent", "RSA-OAEP", "AES-256-GCM");
        assertThat(document.path("paths").path(CASES).path("post").path("description").asText())
                .contains("sealedStudent", SealedIdentificationApiTest.SEALING_KEY);
    }

    @Test
    void enum_fields_are_documented_with_their_names() {
        JsonNode schemas = api.get("/v3/api-docs", Actor.TOWN).body().path("components").path("schemas");
        List<String> methods = new ArrayList<>();
        schemas.path("LogVisit").path("properties").path("method").path("enum").forEach(v -> methods.add(v.asText()));
        assertThat(methods).containsExactly("HOME_VISIT", "PHONE", "VIDEO", "SCHOOL_INTERVIEW", "OTHER");
        assertThat(schemas.path("LogVisit").path("properties").path("visitedOn").path("format").asText())
                .isEqualTo("date");
    }

    private static Map<String, Boolean> headerParameters(JsonNode operation) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        return parameters.stream().filter(p -> "header".equals(p.path("in").asText()))
                         .collect(Collectors.toMap(p -> p.path("name").asText(), p -> p.path("required").asBoolean(),
                                                   (a, b) -> a && b));
    }
}
