package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/case-steps: every step with its label, roles and states, in the order of a case's life. */
class CaseStepsApiTest extends ApiTestBase {

    @Test
    void every_signed_in_user_reads_the_steps_in_lifecycle_order() {
        for (Actor actor : List.of(Actor.VILLAGE, Actor.SCHOOL, Actor.TOWN, Actor.COUNTY)) {
            Response response = api.get("/api/case-steps", actor);
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            List<String> names = new ArrayList<>();
            response.body().forEach(step -> names.add(step.path("step").asText()));
            assertThat(names).startsWith("IdentifyCase", "RecordRepeatReport", "ConfirmDropout", "ScheduleRecheck", "CloseAsNotDropout")
                             .contains("RecordReturnToSchool", "LogVisit", "CrossOff", "CorrectStepDate")
                             .endsWith("ErasePersonalData").doesNotHaveDuplicates().hasSize(25);
        }
    }

    @Test
    void a_step_carries_its_label_roles_and_states() {
        JsonNode steps = api.get("/api/case-steps", Actor.TOWN).body();
        JsonNode returned = step(steps, "RecordReturnToSchool");
        assertThat(returned.path("label").asText()).isEqualTo("登记返校");
        assertThat(texts(returned.path("roles"))).containsExactly("SCHOOL", "TOWN", "COUNTY");
        assertThat(texts(returned.path("statuses"))).containsExactly("CONFIRMED_DROPOUT", "PERSUADING");

        JsonNode crossOff = step(steps, "CrossOff");
        assertThat(texts(crossOff.path("statuses"))).containsExactly("RETURNED");
        JsonNode notDropout = step(steps, "CloseAsNotDropout");
        assertThat(texts(notDropout.path("roles"))).containsExactly("TOWN", "COUNTY");
        assertThat(texts(notDropout.path("statuses"))).containsExactly("IDENTIFIED", "PENDING_RECHECK");
        assertThat(texts(step(steps, "IdentifyCase").path("statuses"))).isEmpty();

        // 再次下发 is recorded by a list import only; every other step is offered on a case page.
        List<String> notOnCasePage = new ArrayList<>();
        steps.forEach(step -> {
            if (!step.path("onCasePage").asBoolean()) {
                notOnCasePage.add(step.path("step").asText());
            }
        });
        assertThat(notOnCasePage).containsExactly("RecordRepeatReport");
    }

    @Test
    void without_sign_in_it_is_401() {
        Response response = api.send(HttpMethod.GET, "/api/case-steps", null, null, new HashMap<>());
        assertThat(response.status()).as("%s", response).isEqualTo(401);
        assertThat(response.code()).isNotBlank();
    }

    private static JsonNode step(JsonNode steps, String name) {
        for (JsonNode step : steps) {
            if (step.path("step").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + steps);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
