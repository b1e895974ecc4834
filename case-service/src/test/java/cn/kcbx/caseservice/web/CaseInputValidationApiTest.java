package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static cn.kcbx.caseservice.web.ApiTestBase.State.CLOSED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.CONFIRMED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.DISABILITY_RECORDED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.HOME_TEACHING;
import static cn.kcbx.caseservice.web.ApiTestBase.State.IDENTIFIED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.LAWSUIT_FILED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.ORDER_SERVED;
import static cn.kcbx.caseservice.web.ApiTestBase.State.PERSUADING;
import static cn.kcbx.caseservice.web.ApiTestBase.State.RETURNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input on every endpoint: each is answered with the documented status, a stable code, the field at fault and
 * a Chinese message, and a rejected command leaves the case's stored events exactly as they were.
 */
class CaseInputValidationApiTest extends ApiTestBase {

    private static final String BEFORE_IDENTIFICATION = "2026-08-20";

    /** A persuading case shared by the tests whose requests never reach the case (they are all rejected earlier). */
    private static String sharedCase;

    @BeforeEach
    void sharedCase() {
        if (sharedCase == null) {
            sharedCase = caseIn(PERSUADING);
        }
    }

    /** Sends a command to a case (or identifies) and checks that the case's events did not change. */
    private Response rejected(Endpoint endpoint, String caseId, Object body) {
        return rejected(endpoint, caseId, body, Actor.TOWN, Map.of(), ApiClient.JSON);
    }

    private Response rejected(Endpoint endpoint, String caseId, Object body, Actor actor,
                              Map<String, String> extraHeaders, String contentType) {
        Map<String, String> headers = api.headers(actor);
        headers.putAll(extraHeaders);
        return rejectedWithoutEffect(caseId,
                () -> api.send(HttpMethod.POST, endpoint.path(caseId), body, contentType, headers));
    }

    private static ObjectNode with(ObjectNode body, Consumer<ObjectNode> change) {
        change.accept(body);
        return body;
    }

    // ================================================================== every endpoint

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void malformed_json_is_400_MALFORMED_JSON(Endpoint endpoint) {
        String valid = endpoint.validBody().toString();
        for (String body : new String[] {"{\"note\": ", "{note: 1}", "{'a':1}", "{\"a\":tru}", valid + "}",
                valid.substring(0, valid.length() - 1), valid + " trailing", "{\"a\":1,}"}) {
            assertError(rejected(endpoint, sharedCase, body), 400, "MALFORMED_JSON", null);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_request_without_a_valid_sign_in_is_401_UNAUTHENTICATED(Endpoint endpoint) {
        Object body = endpoint.validBody();
        assertError(rejected(endpoint, sharedCase, body, null, Map.of(), ApiClient.JSON), 401, "UNAUTHENTICATED",
                    null);
        for (String authorization : new String[] {"Bearer not-a-token", "Bearer " + "A".repeat(43), "Basic YTpi",
                "Bearer ", "X-User-Id clerk-1"}) {
            assertError(rejected(endpoint, sharedCase, body, null, Map.of("Authorization", authorization),
                                 ApiClient.JSON), 401, "UNAUTHENTICATED", null);
        }
        // The old acting-user headers name nobody any more.
        assertError(rejected(endpoint, sharedCase, body, null,
                             Map.of("X-User-Id", "clerk-1", "X-User-Role", "TOWN", "X-User-Unit", "430181105"),
                             ApiClient.JSON), 401, "UNAUTHENTICATED", null);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_body_that_is_not_json_is_415(Endpoint endpoint) {
        String body = endpoint.validBody().toString();
        for (String contentType : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            assertError(rejected(endpoint, sharedCase, body, Actor.SCHOOL, Map.of(), contentType), 415,
                        "UNSUPPORTED_MEDIA_TYPE", null);
        }
        assertError(rejected(endpoint, sharedCase, body, Actor.SCHOOL, Map.of(), null), 415,
                    "UNSUPPORTED_MEDIA_TYPE", null);
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void other_methods_on_a_command_path_are_405(Endpoint endpoint) {
        for (HttpMethod method : new HttpMethod[] {HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE}) {
            Response response = rejectedWithoutEffect(sharedCase,
                    () -> api.send(method, endpoint.path(sharedCase), null, null, api.headers(Actor.SCHOOL)));
            assertError(response, 405, "METHOD_NOT_ALLOWED", null);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Endpoint.class, names = "IDENTIFY", mode = EnumSource.Mode.EXCLUDE)
    void an_invalid_case_id_in_the_path_is_400_and_an_unknown_case_404(Endpoint endpoint) {
        for (String caseId : new String[] {"not-a-uuid", "12345", "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4", "x".repeat(40)}) {
            Response response = api.post(endpoint.path(caseId), endpoint.validBody(), Actor.SCHOOL);
            assertThat(response.status()).as("%s", response).isEqualTo(400);
            assertThat(response.code()).isIn("INVALID_IDENTIFIER", "TEXT_TOO_LONG");
            assertThat(response.field()).isEqualTo("caseId");
            assertChineseMessage(response);
        }
        String unknown = UUID.randomUUID().toString();
        assertError(api.post(endpoint.path(unknown), endpoint.validBody(), Actor.SCHOOL), 404, "CASE_NOT_FOUND",
                    "caseId");
        assertError(api.get(path(unknown, "/events"), Actor.SCHOOL), 404, "CASE_NOT_FOUND", "caseId");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_wrong_enum_value_is_400_INVALID_FORMAT_naming_the_field_and_the_allowed_values(Endpoint endpoint) {
        RecordComponent[] components = componentsOf(endpoint);
        for (RecordComponent component : components) {
            if (component.getType().isEnum()) {
                for (Object wrong : new Object[] {"NOT_A_VALUE", component.getType().getEnumConstants()[0]
                        .toString().toLowerCase(), 1}) {
                    ObjectNode body = endpoint.validBody();
                    body.putPOJO(component.getName(), wrong);
                    Response response = rejected(endpoint, sharedCase, body);
                    assertError(response, 400, "INVALID_FORMAT", component.getName());
                    assertThat(response.message()).contains(
                            ((Enum<?>) component.getType().getEnumConstants()[0]).name());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void a_malformed_date_is_400_INVALID_FORMAT_naming_the_field(Endpoint endpoint) {
        for (RecordComponent component : componentsOf(endpoint)) {
            if (component.getType() == LocalDate.class) {
                for (Object wrong : new Object[] {"2026-02-30", "2026/09/10", "10.09.2026", "yesterday", 20000,
                        99999999999999L, true}) {
                    ObjectNode body = endpoint.validBody();
                    body.putPOJO(component.getName(), wrong);
                    assertError(rejected(endpoint, sharedCase, body), 400, "INVALID_FORMAT", component.getName());
                }
            }
        }
    }

    private static RecordComponent[] componentsOf(Endpoint endpoint) {
        return endpoint.command().getRecordComponents();
    }

    // ================================================================== required fields

    static Stream<Arguments> requiredFields() {
        return Stream.of(
                arguments(Endpoint.IDENTIFY, "source", "VALUE_REQUIRED"),
                arguments(Endpoint.IDENTIFY, "identifiedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.IDENTIFY, "student", "VALUE_REQUIRED"),
                arguments(Endpoint.IDENTIFY, "household", "VALUE_REQUIRED"),
                arguments(Endpoint.IDENTIFY, "suspectedReasons", "VALUE_REQUIRED"),
                arguments(Endpoint.CONFIRM, "confirmedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.NOT_DROPOUT, "verifiedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.NOT_DROPOUT, "category", "VALUE_REQUIRED"),
                arguments(Endpoint.RECHECK, "checkedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.RECHECK, "reason", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO, "assignedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO, "teacher", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO, "villageCadre", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO, "guardian", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO_REPLACEMENT, "replacedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO_REPLACEMENT, "role", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO_REPLACEMENT, "newMember", "VALUE_REQUIRED"),
                arguments(Endpoint.TRIO_REPLACEMENT, "reason", "VALUE_REQUIRED"),
                arguments(Endpoint.VISIT, "visitId", "VALUE_REQUIRED"),
                arguments(Endpoint.VISIT, "visitedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.VISIT, "trioParticipants", "TRIO_PARTICIPANT_REQUIRED"),
                arguments(Endpoint.VISIT, "method", "VALUE_REQUIRED"),
                arguments(Endpoint.VISIT, "outcome", "VALUE_REQUIRED"),
                arguments(Endpoint.VISIT, "notes", "VALUE_REQUIRED"),
                arguments(Endpoint.CRITICISM, "criticisedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.CRITICISM, "issuedBy", "VALUE_REQUIRED"),
                arguments(Endpoint.CORRECTION_ORDER, "orderNumber", "VALUE_REQUIRED"),
                arguments(Endpoint.CORRECTION_ORDER, "issuedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.CORRECTION_ORDER, "issuedBy", "VALUE_REQUIRED"),
                arguments(Endpoint.CORRECTION_ORDER, "deadline", "VALUE_REQUIRED"),
                arguments(Endpoint.DOCUMENT_SERVED, "documentReference", "VALUE_REQUIRED"),
                arguments(Endpoint.DOCUMENT_SERVED, "servedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.DOCUMENT_SERVED, "servedTo", "VALUE_REQUIRED"),
                arguments(Endpoint.DOCUMENT_SERVED, "serviceMethod", "VALUE_REQUIRED"),
                arguments(Endpoint.JUDICIAL_INTERVENTION, "intervenedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.JUDICIAL_INTERVENTION, "authority", "VALUE_REQUIRED"),
                arguments(Endpoint.JUDICIAL_INTERVENTION, "authorityName", "VALUE_REQUIRED"),
                arguments(Endpoint.LAWSUIT, "filedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.LAWSUIT, "court", "VALUE_REQUIRED"),
                arguments(Endpoint.LAWSUIT, "caseNumber", "VALUE_REQUIRED"),
                arguments(Endpoint.LAWSUIT_OUTCOME, "decidedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.LAWSUIT_OUTCOME, "outcome", "VALUE_REQUIRED"),
                arguments(Endpoint.RETURN, "returnedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.RETURN, "schoolName", "VALUE_REQUIRED"),
                arguments(Endpoint.RETURN, "grade", "VALUE_REQUIRED"),
                arguments(Endpoint.RETURN, "placement", "VALUE_REQUIRED"),
                arguments(Endpoint.RELAPSE, "droppedOutAgainOn", "VALUE_REQUIRED"),
                arguments(Endpoint.CROSS_OFF, "crossedOffOn", "VALUE_REQUIRED"),
                arguments(Endpoint.DISABILITY, "verifiedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.DISABILITY, "category", "VALUE_REQUIRED"),
                arguments(Endpoint.DISABILITY, "level", "VALUE_REQUIRED"),
                arguments(Endpoint.DISABILITY, "certificateReference", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING, "teachers", "HOME_TEACHERS_TOO_FEW"),
                arguments(Endpoint.HOME_TEACHING, "schoolOfRegistration", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING, "requiredSessionsPerWeek", "NUMBER_OUT_OF_RANGE"),
                arguments(Endpoint.HOME_TEACHING, "periodsPerSession", "NUMBER_OUT_OF_RANGE"),
                arguments(Endpoint.HOME_TEACHING, "startsOn", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING_SESSION, "sessionId", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING_SESSION, "deliveredOn", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING_SESSION, "teachers", "VALUE_REQUIRED"),
                arguments(Endpoint.HOME_TEACHING_SESSION, "periods", "NUMBER_OUT_OF_RANGE"),
                arguments(Endpoint.HOME_TEACHING_SESSION, "content", "VALUE_REQUIRED"),
                arguments(Endpoint.CLOSE, "closedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.CLOSE, "category", "VALUE_REQUIRED"),
                arguments(Endpoint.REOPEN, "reopenedOn", "VALUE_REQUIRED"),
                arguments(Endpoint.REOPEN, "reason", "VALUE_REQUIRED"));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFields")
    void a_missing_required_field_is_400_naming_the_field(Endpoint endpoint, String field, String code) {
        ObjectNode missing = endpoint.validBody();
        missing.remove(field);
        assertError(rejected(endpoint, sharedCase, missing), 400, code, field);
        ObjectNode explicitNull = endpoint.validBody();
        explicitNull.putNull(field);
        assertError(rejected(endpoint, sharedCase, explicitNull), 400, code, field);
        if (Arrays.stream(componentsOf(endpoint)).anyMatch(c -> c.getName().equals(field) && c.getType() == String.class)) {
            ObjectNode blank = endpoint.validBody();
            blank.put(field, " \t ");
            assertError(rejected(endpoint, sharedCase, blank), 400, code, field);
        }
    }

    // ================================================================== dates: future, before identification

    static Stream<Arguments> datedCommands() {
        return Stream.of(
                arguments(Endpoint.CONFIRM, IDENTIFIED, "confirmedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.NOT_DROPOUT, IDENTIFIED, "verifiedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.RECHECK, IDENTIFIED, "checkedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.TRIO, CONFIRMED, "assignedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.TRIO_REPLACEMENT, PERSUADING, "replacedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.DISABILITY, IDENTIFIED, "verifiedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.VISIT, PERSUADING, "visitedOn", "VISIT_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.CRITICISM, PERSUADING, "criticisedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.CORRECTION_ORDER, PERSUADING, "issuedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.DOCUMENT_SERVED, ORDER_SERVED, "servedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.JUDICIAL_INTERVENTION, ORDER_SERVED, "intervenedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.LAWSUIT, ORDER_SERVED, "filedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.LAWSUIT_OUTCOME, LAWSUIT_FILED, "decidedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.RETURN, PERSUADING, "returnedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.RELAPSE, RETURNED, "droppedOutAgainOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.CROSS_OFF, RETURNED, "crossedOffOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.HOME_TEACHING_SESSION, HOME_TEACHING, "deliveredOn",
                          "SESSION_BEFORE_HOME_TEACHING_START"),
                arguments(Endpoint.CLOSE, PERSUADING, "closedOn", "DATE_BEFORE_IDENTIFICATION"),
                arguments(Endpoint.REOPEN, CLOSED, "reopenedOn", "REOPEN_BEFORE_CLOSURE"));
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @MethodSource("datedCommands")
    void a_date_in_the_future_is_400_and_one_before_the_case_began_422(Endpoint endpoint, ApiTestBase.State state,
                                                                       String field, String beforeCode) {
        String caseId = caseIn(state);
        ObjectNode future = endpoint.validBody().put(field, ApiData.future());
        if (endpoint == Endpoint.CORRECTION_ORDER) {
            future.put("deadline", LocalDate.parse(ApiData.future()).plusDays(10).toString());
        }
        assertError(rejected(endpoint, caseId, future), 400, "DATE_IN_FUTURE", field);

        String before = switch (endpoint) {
            case HOME_TEACHING_SESSION -> "2026-09-02"; // after identification, before the teaching started
            case REOPEN -> "2026-09-05";                // after identification, before the closure
            default -> BEFORE_IDENTIFICATION;
        };
        ObjectNode early = endpoint.validBody().put(field, before);
        if (endpoint == Endpoint.CORRECTION_ORDER) {
            early.put("deadline", "2026-08-30");
        }
        assertError(rejected(endpoint, caseId, early), 422, beforeCode, field);
    }

    @Test
    void future_dates_inside_the_body_are_400_with_their_path() {
        String identified = caseIn(IDENTIFIED);
        ObjectNode identify = Endpoint.IDENTIFY.validBody().put("identifiedOn", ApiData.future());
        assertError(rejected(Endpoint.IDENTIFY, identified, identify), 400, "DATE_IN_FUTURE", "identifiedOn");
        ObjectNode since = Endpoint.IDENTIFY.validBody();
        ((ObjectNode) since.withArray("priorityCategories").get(0)).put("since", ApiData.future());
        assertError(rejected(Endpoint.IDENTIFY, identified, since), 400, "DATE_IN_FUTURE",
                    "priorityCategories[0].since");
        ObjectNode evidence = ApiData.notDropout("2026-09-20", "DECEASED");
        ((ObjectNode) evidence.withArray("evidence").get(0)).put("issuedOn", ApiData.future());
        assertError(rejected(Endpoint.NOT_DROPOUT, identified, evidence), 400, "DATE_IN_FUTURE",
                    "evidence[0].issuedOn");
        ObjectNode closeEvidence = ApiData.close("2026-09-20", "ABROAD");
        ((ObjectNode) closeEvidence.withArray("evidence").get(0)).put("issuedOn", ApiData.future());
        assertError(rejected(Endpoint.CLOSE, sharedCase, closeEvidence), 400, "DATE_IN_FUTURE",
                    "evidence[0].issuedOn");
        String disabled = caseIn(DISABILITY_RECORDED);
        assertError(rejected(Endpoint.HOME_TEACHING, disabled, ApiData.homeTeaching(BEFORE_IDENTIFICATION)), 422,
                    "DATE_BEFORE_IDENTIFICATION", "startsOn");
    }

    // ================================================================== identification

    private Response identifyWith(Consumer<ObjectNode> change) {
        return api.post(CASES, with(Endpoint.IDENTIFY.validBody(), change), Actor.VILLAGE);
    }

    private Response identifyWithStudent(Consumer<ObjectNode> change) {
        return identifyWith(body -> change.accept((ObjectNode) body.get("student")));
    }

    @Test
    void identification_rejects_id_numbers_that_fail_gb_11643() {
        ApiData.Student student = ApiData.newStudent(true);
        String id = student.idNumber();
        Response checkDigit = identifyWithStudent(s -> s.put("idNumber", ApiData.withWrongCheckCharacter(id)));
        assertError(checkDigit, 400, "ID_NUMBER_CHECK_CHARACTER", "student.idNumber");
        assertThat(checkDigit.message()).contains("校验位").doesNotContain(id.substring(6, 14));

        assertError(identifyWithStudent(s -> s.put("idNumber", id.substring(0, 17))), 400, "ID_NUMBER_LENGTH",
                    "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("idNumber", "430181130615003")), 400, "ID_NUMBER_OLD_FORMAT",
                    "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("idNumber", "4301811306150O3712")), 400,
                    "ID_NUMBER_CHARACTERS", "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("idNumber", ApiData.idNumber("990181", LocalDate.of(2013, 6, 15), 37))),
                    400, "ID_NUMBER_REGION_UNKNOWN", "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("idNumber", "430181201302300371")), 400, "ID_NUMBER_DATE_INVALID",
                    "student.idNumber");
        String unborn = ApiData.idNumber("430181", ApiData.today().plusYears(1), 37);
        assertError(identifyWithStudent(s -> s.put("idNumber", unborn)), 400, "ID_NUMBER_DATE_IN_FUTURE",
                    "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("idNumber", "")), 400, "ID_NUMBER_REQUIRED", "student.idNumber");
        assertError(identifyWithStudent(s -> s.putArray("idNumber")), 400, "INVALID_FORMAT", "student.idNumber");
    }

    @Test
    void identification_rejects_a_student_whose_details_contradict_the_id_number() {
        ApiData.Student boy = ApiData.newStudent(true);
        Response sex = identifyWithStudent(s -> s.put("idNumber", boy.idNumber()).put("sex", "FEMALE"));
        assertError(sex, 400, "SEX_MISMATCH", "student.sex");
        assertThat(sex.message()).contains("男").contains("女");

        Response birth = identifyWithStudent(
                s -> s.put("idNumber", boy.idNumber()).put("birthDate", boy.birthDate().plusDays(1).toString()));
        assertError(birth, 400, "BIRTH_DATE_MISMATCH", "student.birthDate");

        assertError(identifyWithStudent(s -> s.put("sex", "BOY")), 400, "INVALID_FORMAT", "student.sex");
        assertError(identifyWithStudent(s -> s.remove("idNumber")), 400, "STUDENT_IDENTIFIER_REQUIRED", "student.idNumber");
        assertError(identifyWithStudent(s -> s.put("name", "林小禾2")), 400, "NAME_CONTAINS_DIGITS", "student.name");
        assertError(identifyWithStudent(s -> s.remove("name")), 400, "NAME_REQUIRED", "student.name");
        assertError(identifyWithStudent(s -> s.put("studentNumber", "G123")), 400, "STUDENT_NUMBER_LENGTH",
                    "student.studentNumber");
    }

    @Test
    void identification_rejects_a_child_outside_compulsory_school_age() {
        ApiData.Student student = ApiData.newStudent();
        Response tooYoung = api.post(CASES, ApiData.identify(student, student.birthDate().plusYears(5).toString()),
                                     Actor.VILLAGE);
        assertError(tooYoung, 400, "AGE_OUT_OF_COMPULSORY_RANGE", "student.birthDate");
        Response tooOld = api.post(CASES, ApiData.identify(student, student.birthDate().plusYears(17).toString()),
                                   Actor.VILLAGE);
        assertThat(tooOld.status()).isEqualTo(400); // 17 years after birth lies in the future
        Response beforeBirth = api.post(CASES, ApiData.identify(student, "2012-09-10"), Actor.VILLAGE);
        assertError(beforeBirth, 400, "DATE_BEFORE_ALLOWED", "student.birthDate");
        // None of those opened a case: the student can still be identified.
        identify(student, "2026-09-10");
    }

    @Test
    void identification_rejects_bad_places_schools_categories_and_reasons() {
        assertError(identifyWith(b -> ((ObjectNode) b.get("household")).put("village", "430181")), 400,
                    "LOCATION_NOT_VILLAGE", "household.village");
        assertError(identifyWith(b -> ((ObjectNode) b.get("household")).put("village", "43018110520A")), 400,
                    "DIVISION_CODE_CHARACTERS", "household.village");
        assertError(identifyWith(b -> ((ObjectNode) b.get("household")).put("village", "4301811052")), 400,
                    "DIVISION_CODE_LENGTH", "household.village");
        assertError(identifyWith(b -> ((ObjectNode) b.get("lastSchool")).put("schoolCode", "21430001")), 400,
                    "SCHOOL_CODE_INVALID", "lastSchool.schoolCode");
        assertError(identifyWith(b -> ((ObjectNode) b.get("lastSchool")).put("grade", "GRADE_10")), 400,
                    "INVALID_FORMAT", "lastSchool.grade");
        assertError(identifyWith(b -> b.withArray("priorityCategories").add(
                ApiData.object().put("category", "LEFT_BEHIND_CHILD").put("since", "2025-03-01"))), 400,
                    "DUPLICATE_PRIORITY_CATEGORY", "priorityCategories[1]");
        assertError(identifyWith(b -> ((ObjectNode) b.withArray("priorityCategories").get(0)).put("category", "VIP")),
                    400, "INVALID_FORMAT", "priorityCategories[0].category");
        assertError(identifyWith(b -> b.put("source", "OTHER")), 400, "VALUE_REQUIRED", "sourceNote");
        assertError(identifyWith(b -> ((ObjectNode) b.get("suspectedReasons")).put("primary", "OTHER").remove("note")),
                    400, "REASON_NOTE_REQUIRED", "suspectedReasons.note");
        assertError(identifyWith(b -> ((ObjectNode) b.get("suspectedReasons")).putArray("others").add("BOREDOM")),
                    400, "INVALID_FORMAT", "suspectedReasons.others[0]");
        assertError(identifyWith(b -> b.put("student", "林小禾")), 400, "INVALID_FORMAT", "student");
        assertError(identifyWith(b -> b.put("sourceNote", "说".repeat(201))), 400, "TEXT_TOO_LONG", "sourceNote");
    }

    // ================================================================== shape rules of the other commands

    @Test
    void commands_reject_values_of_the_wrong_shape_with_their_field() {
        String confirmed = caseIn(CONFIRMED);
        assertError(rejected(Endpoint.TRIO, confirmed, with(ApiData.trio(TRIO_ASSIGNED_ON),
                b -> ((ObjectNode) b.get("teacher")).put("phone", "1380000"))), 400, "MOBILE_NUMBER_LENGTH",
                    "teacher.phone");
        assertError(rejected(Endpoint.TRIO, confirmed, with(ApiData.trio(TRIO_ASSIGNED_ON),
                b -> ((ObjectNode) b.get("guardian")).put("phone", "0731-8888888"))), 400, "MOBILE_NUMBER_PREFIX",
                    "guardian.phone");
        assertError(rejected(Endpoint.TRIO, confirmed, with(ApiData.trio(TRIO_ASSIGNED_ON),
                b -> ((ObjectNode) b.get("villageCadre")).remove("name"))), 400, "VALUE_REQUIRED", "villageCadre.name");

        assertError(rejected(Endpoint.VISIT, sharedCase, ApiData.visit("123", "2026-09-20")), 400,
                    "INVALID_IDENTIFIER", "visitId");
        assertError(rejected(Endpoint.VISIT, sharedCase, with(ApiData.visit("2026-09-20"),
                b -> b.put("nextVisitPlannedOn", "2026-09-19"))), 400, "NEXT_VISIT_BEFORE_VISIT", "nextVisitPlannedOn");
        assertError(rejected(Endpoint.VISIT, sharedCase, with(ApiData.visit("2026-09-20"),
                b -> b.putArray("trioParticipants"))), 400, "TRIO_PARTICIPANT_REQUIRED", "trioParticipants");
        assertError(rejected(Endpoint.VISIT, sharedCase, with(ApiData.visit("2026-09-20"),
                b -> b.putArray("trioParticipants").add("PRINCIPAL"))), 400, "INVALID_FORMAT", "trioParticipants[0]");
        assertError(rejected(Endpoint.VISIT, sharedCase, with(ApiData.visit("2026-09-20"),
                b -> b.put("notes", "记".repeat(2001)))), 400, "TEXT_TOO_LONG", "notes");

        assertError(rejected(Endpoint.CORRECTION_ORDER, sharedCase,
                             ApiData.correctionOrder("青禾乡政责〔2026〕10号", "2026-09-21", "2026-09-21")), 400,
                    "DEADLINE_NOT_AFTER_ISSUE", "deadline");

        assertError(rejected(Endpoint.RETURN, sharedCase, with(ApiData.returnToSchool("2026-09-20"),
                b -> b.put("schoolCode", "12345"))), 400, "SCHOOL_CODE_INVALID", "schoolCode");

        assertError(rejected(Endpoint.HOME_TEACHING, sharedCase, with(ApiData.homeTeaching("2026-09-14"),
                b -> b.putArray("teachers").add("周晓梅"))), 400, "HOME_TEACHERS_TOO_FEW", "teachers");
        assertError(rejected(Endpoint.HOME_TEACHING, sharedCase, with(ApiData.homeTeaching("2026-09-14"),
                b -> b.putArray("teachers").add("周晓梅").add("周晓梅"))), 400, "HOME_TEACHERS_NOT_DISTINCT", "teachers[1]");
        assertError(rejected(Endpoint.HOME_TEACHING, sharedCase, with(ApiData.homeTeaching("2026-09-14"),
                b -> b.put("requiredSessionsPerWeek", 8))), 400, "NUMBER_OUT_OF_RANGE", "requiredSessionsPerWeek");
        assertError(rejected(Endpoint.HOME_TEACHING, sharedCase, with(ApiData.homeTeaching("2026-09-14"),
                b -> b.put("periodsPerSession", 2_147_483_648L))), 400, "INVALID_FORMAT", "periodsPerSession");

        assertError(rejected(Endpoint.HOME_TEACHING_SESSION, sharedCase,
                             ApiData.homeTeachingSession("session-1", "2026-09-16")), 400, "INVALID_IDENTIFIER",
                    "sessionId");
        assertError(rejected(Endpoint.HOME_TEACHING_SESSION, sharedCase, with(
                ApiData.homeTeachingSession(UUID.randomUUID().toString(), "2026-09-16"), b -> b.put("periods", 0))),
                    400, "NUMBER_OUT_OF_RANGE", "periods");

        assertError(rejected(Endpoint.CLOSE, sharedCase, with(ApiData.close("2026-09-20", "OTHER"),
                b -> b.remove("note"))), 400, "CLOSING_NOTE_REQUIRED", "note");
        assertError(rejected(Endpoint.CLOSE, sharedCase, with(ApiData.close("2026-09-20", "ABROAD"),
                b -> b.putArray("evidence").addNull())), 400, "VALUE_REQUIRED", "evidence[0]");
        assertError(rejected(Endpoint.CLOSE, sharedCase, with(ApiData.close("2026-09-20", "ABROAD"),
                b -> ((ObjectNode) b.withArray("evidence").get(0)).put("reference", " "))), 400, "VALUE_REQUIRED",
                    "evidence[0].reference");
        assertError(rejected(Endpoint.CLOSE, sharedCase, with(ApiData.close("2026-09-20", "ABROAD"),
                b -> ((ObjectNode) b.withArray("evidence").get(0)).put("kind", "RUMOUR"))), 400, "INVALID_FORMAT",
                    "evidence[0].kind");
        assertError(rejected(Endpoint.DISABILITY, sharedCase, with(ApiData.disability(DISABILITY_VERIFIED_ON),
                b -> b.put("level", "LEVEL_9"))), 400, "INVALID_FORMAT", "level");
        assertError(rejected(Endpoint.TRIO_REPLACEMENT, sharedCase, ApiData.replaceTrioMember("2026-09-21", "GUARDIAN",
                ApiData.helper("林小芳", "母亲", "12700000304"))), 400, "MOBILE_NUMBER_PREFIX", "newMember.phone");
    }

    // ================================================================== rules of the case (422)

    @Test
    void verification_rules() {
        String identified = caseIn(IDENTIFIED);
        assertError(rejected(Endpoint.TRIO, identified, ApiData.trio(TRIO_ASSIGNED_ON)), 422, "CASE_NOT_VERIFIED",
                    null);
        assertError(rejected(Endpoint.NOT_DROPOUT, identified, ApiData.notDropout("2026-09-20",
                "RETURNED_AND_CROSSED_OFF")), 422, "CATEGORY_NOT_ALLOWED_AT_VERIFICATION", "category");
        assertError(rejected(Endpoint.NOT_DROPOUT, identified, ApiData.notDropout("2026-09-20",
                "MOVED_TO_SPECIAL_SCHOOL")), 422, "CATEGORY_NOT_ALLOWED_AT_VERIFICATION", "category");
        assertError(rejected(Endpoint.NOT_DROPOUT, identified, with(ApiData.notDropout("2026-09-20", "ABROAD"),
                b -> b.putArray("evidence"))), 422, "EVIDENCE_REQUIRED", "evidence");
        assertError(rejected(Endpoint.RECHECK, identified, with(ApiData.recheck("2026-09-20"),
                b -> b.remove("evidence"))), 422, "EVIDENCE_REQUIRED", "evidence");
        assertError(rejected(Endpoint.CONFIRM, sharedCase, ApiData.confirm("2026-09-20")), 422,
                    "CASE_ALREADY_VERIFIED", null);
    }

    @Test
    void trio_and_visit_rules() {
        String confirmed = caseIn(CONFIRMED);
        assertError(rejected(Endpoint.VISIT, confirmed, ApiData.visit("2026-09-20")), 422, "TRIO_NOT_ASSIGNED", null);
        assertError(rejected(Endpoint.TRIO_REPLACEMENT, confirmed, Endpoint.TRIO_REPLACEMENT.validBody()), 422,
                    "TRIO_NOT_ASSIGNED", null);
        assertError(rejected(Endpoint.CRITICISM, confirmed, ApiData.criticism("2026-09-20")), 422,
                    "TRIO_NOT_ASSIGNED", null);
        assertError(rejected(Endpoint.TRIO, confirmed, with(ApiData.trio(TRIO_ASSIGNED_ON),
                b -> ((ObjectNode) b.get("guardian")).put("phone", "13800000101"))), 422, "TRIO_MEMBERS_NOT_DISTINCT",
                    "guardian");
        assertError(rejected(Endpoint.TRIO, sharedCase, ApiData.trio(TRIO_ASSIGNED_ON)), 422, "TRIO_ALREADY_ASSIGNED",
                    null);
        assertError(rejected(Endpoint.TRIO_REPLACEMENT, sharedCase, ApiData.replaceTrioMember("2026-09-21", "TEACHER",
                ApiData.helper("周晓梅", "青禾乡中心小学 班主任", "13800000101"))), 422, "TRIO_MEMBER_UNCHANGED", "newMember");
        assertError(rejected(Endpoint.TRIO_REPLACEMENT, sharedCase, ApiData.replaceTrioMember("2026-09-21", "TEACHER",
                ApiData.helper("罗长青", "青禾村村委会 村主任", "13900000202"))), 422, "TRIO_MEMBERS_NOT_DISTINCT",
                    "newMember");

        String persuading = caseIn(PERSUADING);
        String visitId = UUID.randomUUID().toString();
        accepted(persuading, "/visits", ApiData.visit(visitId, "2026-09-20"));
        assertError(rejected(Endpoint.VISIT, persuading, ApiData.visit(visitId, "2026-09-21")), 422,
                    "VISIT_ALREADY_LOGGED", "visitId");
    }

    @Test
    void business_dates_follow_the_case_s_history() {
        // Confirmed on 2026-09-05: the trio cannot have been put in place the day before.
        String confirmed = caseIn(CONFIRMED);
        Response early = rejected(Endpoint.TRIO, confirmed, ApiData.trio("2026-09-04"));
        assertError(early, 422, "DATE_BEFORE_CURRENT_STATUS", "assignedOn");
        assertThat(early.message()).isEqualTo("落实日期（2026-09-04）不能早于案件进入“已确认辍学”的日期（2026-09-05）");
        // The trio of a persuading case was assigned on TRIO_ASSIGNED_ON (2026-09-06).
        assertError(rejected(Endpoint.TRIO_REPLACEMENT, sharedCase, ApiData.replaceTrioMember("2026-09-05", "GUARDIAN",
                ApiData.helper("林小芳", "母亲", "13700000304"))), 422, "REPLACED_BEFORE_ASSIGNED", "replacedOn");

        // Returned on 2026-09-20: a visit logged late but dated while the case was 劝返中 still counts ...
        String returned = caseIn(RETURNED);
        accepted(returned, "/visits", ApiData.visit("2026-09-15"));
        assertThat(lastEvent(returned).path("type").asText()).isEqualTo("VisitLogged");
        // ... one dated before the helpers were in place does not.
        Response beforeTrio = rejected(Endpoint.VISIT, returned, ApiData.visit("2026-09-05"));
        assertError(beforeTrio, 422, "STATUS_NOT_ALLOWED_ON_DATE", "visitedOn");
        assertThat(beforeTrio.message()).contains("2026-09-05", "已确认辍学", "劝返中");
    }

    @Test
    void legal_ladder_rules() {
        assertError(rejected(Endpoint.CORRECTION_ORDER, sharedCase, Endpoint.CORRECTION_ORDER.validBody()), 422,
                    "CRITICISM_NOT_RECORDED", null);
        assertError(rejected(Endpoint.DOCUMENT_SERVED, sharedCase, Endpoint.DOCUMENT_SERVED.validBody()), 422,
                    "ORDER_NOT_ISSUED", "documentReference");
        assertError(rejected(Endpoint.JUDICIAL_INTERVENTION, sharedCase, Endpoint.JUDICIAL_INTERVENTION.validBody()),
                    422, "ORDER_NOT_ISSUED", null);
        assertError(rejected(Endpoint.LAWSUIT, sharedCase, Endpoint.LAWSUIT.validBody()), 422, "ORDER_NOT_ISSUED",
                    null);
        assertError(rejected(Endpoint.LAWSUIT_OUTCOME, sharedCase, Endpoint.LAWSUIT_OUTCOME.validBody()), 422,
                    "LAWSUIT_NOT_FILED", null);

        String served = caseIn(ORDER_SERVED);
        assertError(rejected(Endpoint.JUDICIAL_INTERVENTION, served, ApiData.judicialIntervention(ORDER_DEADLINE)),
                    422, "DEADLINE_NOT_PASSED", "intervenedOn");
        assertError(rejected(Endpoint.LAWSUIT, served, ApiData.lawsuit("2026-09-25")), 422, "DEADLINE_NOT_PASSED",
                    "filedOn");
        assertError(rejected(Endpoint.DOCUMENT_SERVED, served, ApiData.documentServed(ORDER_NUMBER, "2026-09-13")),
                    422, "DOCUMENT_ALREADY_SERVED", "documentReference");
        assertError(rejected(Endpoint.CORRECTION_ORDER, served,
                             ApiData.correctionOrder(ORDER_NUMBER, "2026-09-15", "2026-09-30")), 422,
                    "ORDER_ALREADY_ISSUED", "orderNumber");
        assertError(rejected(Endpoint.CORRECTION_ORDER, served,
                             ApiData.correctionOrder("青禾乡政责〔2026〕11号", "2026-09-09", "2026-09-30")), 422,
                    "ORDER_BEFORE_CRITICISM", "issuedOn");

        String sued = caseIn(LAWSUIT_FILED);
        assertError(rejected(Endpoint.LAWSUIT, sued, ApiData.lawsuit("2026-10-09")), 422, "LAWSUIT_PENDING", null);
        assertError(rejected(Endpoint.LAWSUIT_OUTCOME, sued, ApiData.lawsuitOutcome("2026-10-07")), 422,
                    "DECIDED_BEFORE_FILING", "decidedOn");
    }

    @Test
    void return_cross_off_and_relapse_rules() {
        assertError(rejected(Endpoint.CROSS_OFF, sharedCase, ApiData.crossOff("2026-11-02")), 422, "NOT_RETURNED",
                    null);
        assertError(rejected(Endpoint.RELAPSE, sharedCase, ApiData.relapse("2026-10-30")), 422, "NOT_RETURNED", null);

        String returned = caseIn(RETURNED);
        assertError(rejected(Endpoint.CROSS_OFF, returned, ApiData.crossOff("2026-11-02")), 422,
                    "WATCH_PERIOD_NOT_OVER", "crossedOffOn");
        assertError(rejected(Endpoint.RELAPSE, returned, ApiData.relapse("2026-09-19")), 422,
                    "RELAPSE_BEFORE_RETURN", "droppedOutAgainOn");
        assertError(rejected(Endpoint.VISIT, returned, ApiData.visit("2026-09-25")), 422, "STUDENT_RETURNED", null);
        assertError(rejected(Endpoint.RETURN, returned, ApiData.returnToSchool("2026-09-25")), 422,
                    "STUDENT_RETURNED", null);

        String closed = caseIn(CLOSED);
        assertError(rejected(Endpoint.RETURN, closed, ApiData.returnToSchool("2026-09-20")), 422, "CASE_CLOSED",
                    null);
        assertError(rejected(Endpoint.CROSS_OFF, closed, ApiData.crossOff("2026-11-02")), 422, "CASE_CLOSED", null);
        assertError(rejected(Endpoint.VISIT, closed, ApiData.visit("2026-09-20")), 422, "CASE_CLOSED", null);
        assertError(rejected(Endpoint.DISABILITY, closed, ApiData.disability(CLOSED_ON)), 422, "CASE_CLOSED", null);
    }

    @Test
    void home_teaching_rules() {
        String identified = caseIn(IDENTIFIED);
        assertError(rejected(Endpoint.HOME_TEACHING, identified, ApiData.homeTeaching("2026-09-14")), 422,
                    "DISABILITY_NOT_RECORDED", null);
        assertError(rejected(Endpoint.HOME_TEACHING_SESSION, sharedCase, Endpoint.HOME_TEACHING_SESSION.validBody()),
                    422, "NOT_IN_HOME_TEACHING", null);
        String teaching = caseIn(HOME_TEACHING);
        assertError(rejected(Endpoint.HOME_TEACHING, teaching, ApiData.homeTeaching("2026-09-14")), 422,
                    "HOME_TEACHING_ALREADY_ARRANGED", null);
        assertError(rejected(Endpoint.VISIT, teaching, ApiData.visit("2026-09-20")), 422, "IN_HOME_TEACHING", null);
        String session = UUID.randomUUID().toString();
        accepted(teaching, "/home-teaching/sessions", ApiData.homeTeachingSession(session, "2026-09-16"));
        assertError(rejected(Endpoint.HOME_TEACHING_SESSION, teaching, ApiData.homeTeachingSession(session,
                "2026-09-17")), 422, "SESSION_ALREADY_RECORDED", "sessionId");
    }

    @Test
    void closing_and_reopening_rules() {
        assertError(rejected(Endpoint.CLOSE, sharedCase, ApiData.close("2026-09-20", "RETURNED_AND_CROSSED_OFF")), 422,
                    "CATEGORY_REQUIRES_CROSS_OFF", "category");
        assertError(rejected(Endpoint.CLOSE, sharedCase, ApiData.close("2026-09-20", "MOVED_TO_REGULAR_CLASS")), 422,
                    "CATEGORY_REQUIRES_HOME_TEACHING", "category");
        assertError(rejected(Endpoint.CLOSE, sharedCase, with(ApiData.close("2026-09-20", "ABROAD"),
                b -> b.remove("evidence"))), 422, "EVIDENCE_REQUIRED", "evidence");
        assertError(rejected(Endpoint.REOPEN, sharedCase, ApiData.reopen("2026-09-20")), 422, "CASE_NOT_CLOSED", null);

        String closed = caseIn(CLOSED);
        assertError(rejected(Endpoint.CLOSE, closed, ApiData.close("2026-09-20", "DECEASED")), 422,
                    "CASE_ALREADY_CLOSED", null);
        assertError(rejected(Endpoint.NOT_DROPOUT, closed, Endpoint.NOT_DROPOUT.validBody()), 422, "CASE_CLOSED",
                    null);
    }

    // ================================================================== HTTP level

    @Test
    void unknown_paths_are_404_and_a_client_that_refuses_json_406() {
        for (String path : new String[] {"/api/nothing", "/api/cases/" + sharedCase + "/nonsense", "/api/cases/",
                "/api/cases/" + sharedCase}) {
            assertError(rejectedWithoutEffect(sharedCase,
                    () -> api.send(HttpMethod.POST, path, "{}", ApiClient.JSON, api.headers(Actor.SCHOOL))),
                        404, "NOT_FOUND", null);
            assertError(api.get(path, Actor.SCHOOL), 404, "NOT_FOUND", null);
        }
        Map<String, String> headers = api.headers(Actor.SCHOOL);
        headers.put("Accept", "text/plain");
        Response notAcceptable = rejectedWithoutEffect(sharedCase, () -> api.send(HttpMethod.POST,
                path(sharedCase, "/visits"), ApiData.visit("2026-09-20"), ApiClient.JSON, headers));
        assertError(notAcceptable, 406, "NOT_ACCEPTABLE", null);
        assertThat(notAcceptable.headers().getContentType()).hasToString("application/json");
    }

    @Test
    void the_event_history_needs_an_actor_and_an_existing_case() {
        assertError(api.send(HttpMethod.GET, path(sharedCase, "/events"), null, null, Map.of()), 401,
                    "UNAUTHENTICATED", null);
        assertError(api.get(path(UUID.randomUUID().toString(), "/events"), Actor.COUNTY), 404, "CASE_NOT_FOUND",
                    "caseId");
        assertError(api.send(HttpMethod.POST, path(sharedCase, "/events"), "{}", ApiClient.JSON,
                             api.headers(Actor.SCHOOL)), 405, "METHOD_NOT_ALLOWED", null);
    }
}
