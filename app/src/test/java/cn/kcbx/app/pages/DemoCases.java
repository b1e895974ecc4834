package cn.kcbx.app.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.support.ui.FluentWait;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cases in the state a browser test needs, made through the API as the demo accounts would (fictional students of
 * the demo village 金山村), and the read side's view of them once it has caught up.
 */
final class DemoCases {

    static final String VILLAGE = "439921100201";
    static final String SCHOOL = "2199211000";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final AtomicInteger ISSUED_ID_NUMBERS = new AtomicInteger();

    private DemoCases() {
    }

    static String today() {
        return LocalDate.now(CHINA).toString();
    }

    /**
     * A fictional ID number no other test of this JVM gets (the product's store is shared and refuses a second open
     * case of a student), with a correct check character: a child 11 years old or a few months more, of a region code
     * no demo student uses.
     */
    static String fictionalIdNumber() {
        int n = ISSUED_ID_NUMBERS.getAndIncrement();
        LocalDate birthDate = LocalDate.now(CHINA).minusYears(11).minusDays(n % 300);
        String first17 = "439928" + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
                + String.format("%03d", 100 + (n / 300) % 900);
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * weights[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static String identify(String token) {
        return identify(token, "林小禾");
    }

    /**
     * Opens a new case (待核实), found today, in the demo village, for a fictional student. While the demo county is
     * still loading, the case rules' "today" lies in the past and refuses today's date: this waits for the load to
     * reach today.
     */
    static String identify(String token, String studentName) {
        return identify(token, studentName, today());
    }

    /** As {@link #identify(String, String)}, found on {@code identifiedOn} (today or earlier). */
    static String identify(String token, String studentName, String identifiedOn) {
        Map<String, Object> body = Map.of(
                "source", "VILLAGE_SURVEY",
                "identifiedOn", identifiedOn,
                "student", Map.of("name", studentName, "idNumber", fictionalIdNumber()),
                "household", Map.of("village", VILLAGE, "address", "清溪镇一组 8 号"),
                "lastSchool", Map.of("schoolName", "清溪镇中心小学", "schoolCode", SCHOOL, "grade", "GRADE_6"),
                "suspectedReasons", Map.of("primary", "LEARNING_DIFFICULTY", "others", List.of()));
        String opened = whenDue("/api/cases", token, body).path("caseId").asText();
        awaitStatus(token, opened, "IDENTIFIED");
        return opened;
    }

    static String confirm(String token, String caseId) {
        return confirm(token, caseId, today());
    }

    static String confirm(String token, String caseId, String confirmedOn) {
        whenDue("/api/cases/" + caseId + "/verification/confirm", token,
                Map.of("confirmedOn", confirmedOn, "note", "入户核实属实"));
        awaitStatus(token, caseId, "CONFIRMED_DROPOUT");
        return caseId;
    }

    /**
     * POSTs a command once its date has come for the case service: while the demo county is still loading, the case
     * rules' "today" lies in the past and refuses a recent date, so this waits for the load to reach it.
     */
    private static JsonNode whenDue(String path, String token, Map<String, Object> body) {
        return new FluentWait<>(body).withTimeout(Duration.ofMinutes(4)).pollingEvery(Duration.ofSeconds(2))
                .until(b -> {
                    HttpResponse<String> answer = DemoApi.exchange("POST", path, token, b);
                    if (answer.statusCode() == 400 && answer.body().contains("DATE_IN_FUTURE")) {
                        return null; // the demo county is still loading
                    }
                    assertThat(answer.statusCode()).as("POST %s → %s", path, answer.body()).isLessThan(300);
                    return DemoApi.read(answer.body());
                });
    }

    /** The town puts the 三帮一 helpers in place: the case is 劝返中. */
    static String assignTrio(String townToken, String caseId) {
        DemoApi.send("POST", "/api/cases/" + caseId + "/trio", townToken, Map.of(
                "assignedOn", today(),
                "teacher", helper("周晓梅", "清溪镇中心小学 班主任", "13800000101"),
                "villageCadre", helper("罗长青", "金山村村委会 村主任", "13900000202"),
                "guardian", helper("林大木", "父亲", "13700000303")));
        awaitStatus(townToken, caseId, "PERSUADING");
        return caseId;
    }

    /** The town closes the case as a special situation (gone abroad, with the exit record as evidence). */
    static void close(String townToken, String caseId) {
        DemoApi.send("POST", "/api/cases/" + caseId + "/close", townToken, Map.of(
                "closedOn", today(), "category", "ABROAD",
                "evidence", List.of(Map.of("kind", "EXIT_ENTRY_RECORD", "reference", "清溪出入境〔2026〕12号",
                                           "issuedBy", "清溪县公安局", "issuedOn", today()))));
        awaitStatus(townToken, caseId, "CLOSED");
    }

    private static Map<String, String> helper(String name, String unitOrRelation, String phone) {
        return Map.of("name", name, "unitOrRelation", unitOrRelation, "phone", phone);
    }

    /** The case's ledger row once the read side shows it in {@code status}. */
    static JsonNode awaitStatus(String token, String caseId, String status) {
        return awaitRow(token, caseId, "status=" + status, row -> true);
    }

    /** The case's 三帮一 ledger row (any status) once it satisfies {@code until}. */
    static JsonNode awaitRow(String token, String caseId, String query, Predicate<JsonNode> until) {
        return new FluentWait<>(token).withTimeout(WAIT).pollingEvery(Browser.POLL)
                .until(t -> firstRow(t, query, r -> r.path("caseId").asText().equals(caseId) && until.test(r))
                        .orElse(null));
    }

    /** Every 三帮一 ledger row of the user's unit (with {@code query}) that {@code keep} accepts. */
    static List<JsonNode> rows(String token, String query, Predicate<JsonNode> keep) {
        List<JsonNode> kept = new java.util.ArrayList<>();
        DemoApi.send("GET", "/api/ledgers/sanbang?size=500&" + query, token, null).path("rows").forEach(row -> {
            if (keep.test(row)) {
                kept.add(row);
            }
        });
        return kept;
    }

    static Optional<JsonNode> firstRow(String token, String query, Predicate<JsonNode> keep) {
        JsonNode page = DemoApi.send("GET", "/api/ledgers/sanbang?size=500&" + query, token, null);
        for (JsonNode row : page.path("rows")) {
            if (keep.test(row)) {
                return Optional.of(row);
            }
        }
        return Optional.empty();
    }
}
