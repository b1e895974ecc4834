package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Never a 500: a battery of garbage bodies (whole-body garbage, then every field of a valid body replaced by each
 * garbage value) is posted to every endpoint, and every answer must be a 4xx with a code and a Chinese message.
 *
 * <p>So that a garbage body that happens to be acceptable still cannot change anything, the case commands go to a
 * closed case (which refuses every command but reopening), reopening goes to an open case (which refuses it), and
 * identification carries a future date unless that date is the field under test. Both cases' events must be
 * unchanged afterwards.
 */
class CaseGarbageInputApiTest extends ApiTestBase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String HUGE = "x".repeat(20_000);

    /** Garbage values, as JSON, put in place of one field at a time. */
    private static final List<String> VALUES = List.of("null", "\"\"", "\"   \"", "\"\\u0000\"", "\"中文乱码\"", "0",
            "-1", "3.5", "1e308", "123456789012345678901234567890", "true", "[]", "[null]", "{}",
            "{\"value\":null}", "\"9999-99-99\"", "\"" + HUGE + "\"");

    /** Extra nested places to put garbage in, per endpoint (dotted, numbers index arrays). */
    private static final Map<Endpoint, List<String>> NESTED = Map.of(
            Endpoint.IDENTIFY, List.of("student.name", "student.idNumber", "student.sex", "student.birthDate",
                    "student.studentNumber", "household.village", "household.address", "lastSchool.schoolName",
                    "lastSchool.schoolCode", "lastSchool.grade", "priorityCategories.0", "priorityCategories.0.category",
                    "priorityCategories.0.since", "suspectedReasons.primary", "suspectedReasons.others",
                    "suspectedReasons.note"),
            Endpoint.TRIO, List.of("teacher.name", "teacher.phone", "guardian.unitOrRelation"),
            Endpoint.TRIO_REPLACEMENT, List.of("newMember.name", "newMember.phone"),
            Endpoint.NOT_DROPOUT, List.of("evidence.0", "evidence.0.kind", "evidence.0.issuedOn"),
            Endpoint.RECHECK, List.of("evidence.0.reference", "evidence.0.issuedBy"),
            Endpoint.CLOSE, List.of("evidence.0", "evidence.0.kind", "evidence.0.issuedOn"),
            Endpoint.VISIT, List.of("trioParticipants.0", "otherParticipants.0"),
            Endpoint.HOME_TEACHING, List.of("teachers.0", "teachers.1"),
            Endpoint.HOME_TEACHING_SESSION, List.of("teachers.0"));

    private static String closedCase;
    private static String openCase;

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void every_garbage_body_is_answered_with_a_4xx_and_a_code_and_changes_nothing(Endpoint endpoint) {
        if (closedCase == null) {
            closedCase = caseIn(State.CLOSED);
            openCase = caseIn(State.PERSUADING);
        }
        String target = endpoint == Endpoint.REOPEN ? openCase : closedCase;
        String closedBefore = events(closedCase).toString();
        String openBefore = events(openCase).toString();
        SoftAssertions softly = new SoftAssertions();
        int requests = 0;

        for (String body : wholeBodies(endpoint)) {
            check(softly, endpoint, body, post(endpoint, target, body, Map.of()));
            requests++;
        }
        List<String> places = new ArrayList<>(endpoint.fields());
        places.addAll(NESTED.getOrDefault(endpoint, List.of()));
        for (String place : places) {
            for (String value : VALUES) {
                ObjectNode body = safeValidBody(endpoint, place);
                set(body, place, json(value));
                check(softly, endpoint, place + "=" + abbreviate(value), post(endpoint, target, body.toString(),
                                                                              Map.of()));
                requests++;
            }
        }
        for (Map<String, String> headers : garbageHeaders()) {
            check(softly, endpoint, "headers " + headers.keySet(),
                  post(endpoint, target, safeValidBody(endpoint, "").toString(), headers));
            requests++;
        }

        softly.assertAll();
        assertThat(requests).isGreaterThan(40);
        assertThat(events(closedCase).toString()).as("the closed case after the battery").isEqualTo(closedBefore);
        assertThat(events(openCase).toString()).as("the open case after the battery").isEqualTo(openBefore);
    }

    private Response post(Endpoint endpoint, String caseId, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = api.headers(Actor.SCHOOL);
        headers.putAll(extraHeaders);
        return api.send(HttpMethod.POST, endpoint.path(caseId), body, ApiClient.JSON, headers);
    }

    private static void check(SoftAssertions softly, Endpoint endpoint, String what, Response response) {
        String label = endpoint + " " + abbreviate(what) + " → " + abbreviate(response.raw());
        softly.assertThat(response.status()).as(label).isBetween(400, 499);
        softly.assertThat(response.code()).as(label).isNotNull().matches("[A-Z][A-Z0-9_]+");
        softly.assertThat(response.message()).as(label).isNotBlank().containsPattern("\\p{IsHan}");
        softly.assertThat(response.body().path("status").asInt()).as(label).isEqualTo(response.status());
    }

    /** A valid body that still cannot change anything: identification is dated in the future (unless under test). */
    private static ObjectNode safeValidBody(Endpoint endpoint, String place) {
        ObjectNode body = endpoint.validBody();
        if (endpoint == Endpoint.IDENTIFY && !place.equals("identifiedOn")) {
            body.put("identifiedOn", ApiData.future());
        }
        return body;
    }

    private static List<String> wholeBodies(Endpoint endpoint) {
        List<String> bodies = new ArrayList<>(List.of("", " ", "{}", "[]", "[{}]", "null", "true", "0", "-1", "1e999",
                "\"text\"", "\"" + HUGE + "\"", "{\"unknown\":1}", "{\"caseId\":null}",
                "{\"caseId\":\"" + UUID.randomUUID() + "\"}", "[" + "1,".repeat(100_000) + "1]",
                "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500), "[".repeat(1_500) + "]".repeat(1_500),
                "{\"note\":\"\\ud800\"}", "{\"note\":\"\\u00\"}"));
        for (Function<String, String> allFields : List.<Function<String, String>>of(field -> "null", field -> "0",
                field -> "-99999999999", field -> "true", field -> "[]", field -> "{}", field -> "[{}]",
                field -> "\"" + HUGE + "\"", field -> "\"" + field + "\"")) {
            ObjectNode body = MAPPER.createObjectNode();
            for (String field : endpoint.fields()) {
                body.set(field, json(allFields.apply(field)));
            }
            bodies.add(body.toString());
        }
        return bodies;
    }

    private static List<Map<String, String>> garbageHeaders() {
        Map<String, String> longRequestId = new LinkedHashMap<>();
        longRequestId.put("X-Request-Id", "r".repeat(1_000));
        Map<String, String> longUser = new LinkedHashMap<>();
        longUser.put("Authorization", "Bearer " + "u".repeat(1_000));
        Map<String, String> emptyRole = new LinkedHashMap<>();
        emptyRole.put("Authorization", " ");
        Map<String, String> channel = new LinkedHashMap<>();
        channel.put("X-Client-Channel", "c".repeat(1_000));
        return List.of(longRequestId, longUser, emptyRole, channel);
    }

    /** Sets {@code place} (dotted; numbers index arrays) in {@code body}, creating nothing that is not there. */
    private static void set(ObjectNode body, String place, JsonNode value) {
        String[] steps = place.split("\\.");
        JsonNode parent = body;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static JsonNode json(String literal) {
        try {
            return MAPPER.readTree(literal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 160 ? text.substring(0, 160) + "…(" + text.length() + ")" : text;
    }
}
