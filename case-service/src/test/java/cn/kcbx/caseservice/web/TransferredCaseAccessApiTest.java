package cn.kcbx.caseservice.web;

import cn.kcbx.caseservice.web.ApiClient.Actor;
import cn.kcbx.caseservice.web.ApiClient.Response;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a hand-over, who may act on and read the case follows it: every command, the event record, the reveal of
 * personal data and the erasure answer the receiving side and refuse the sending side (403
 * {@code OUT_OF_JURISDICTION}). Test cases start in village 430181105203 (town 430181105, county 430181) and last
 * school 2143000001; they move to another town of the county, to another county (430182) or to another school.
 */
class TransferredCaseAccessApiTest extends ApiTestBase {

    static final String OTHER_COUNTY_VILLAGE_CODE = "430182101201";
    static final Actor NEW_TOWN = new Actor("town-clerk-106", "TOWN", "430181106");
    static final Actor NEW_COUNTY = new Actor("county.kcb.182", "COUNTY", "430182");
    static final Actor NEW_COUNTY_TOWN = new Actor("town-clerk-182101", "TOWN", "430182101");
    static final Actor NEW_SCHOOL = new Actor("teacher.school7", "SCHOOL", "2143000007");

    private static final String REVEAL = "/personal-data?reason=入户核实需要联系监护人";
    private static final Map<String, String> ERASURE_REASON = Map.of("reason", "监护人申请删除，已办结满五年");

    @Test
    void a_sent_away_case_cannot_be_revealed_by_the_old_town() {
        String caseId = caseIn(State.PERSUADING);
        accepted(caseId, "/transfer", ApiData.transfer("2026-09-20", ApiData.OTHER_TOWN_VILLAGE_CODE));
        // The receiving town puts its own helper on the case: a phone number the sending side has no business with.
        Response replaced = api.post(path(caseId, "/trio/replacements"), ApiData.replaceTrioMember("2026-09-21", "VILLAGE_CADRE",
                ApiData.helper("韦春来", "新村村委会 村主任", "13600000606")), NEW_TOWN);
        assertThat(replaced.status()).as("%s", replaced).isEqualTo(200);

        for (Actor sender : List.of(Actor.TOWN, Actor.VILLAGE)) {
            Response reveal = api.get(path(caseId, REVEAL), sender);
            assertError(reveal, 403, "OUT_OF_JURISDICTION", null);
            assertThat(reveal.raw()).doesNotContain("13600000606", "韦春来");
        }
        Response byReceiver = api.get(path(caseId, REVEAL), NEW_TOWN);
        assertThat(byReceiver.status()).as("%s", byReceiver).isEqualTo(200);
        assertThat(byReceiver.raw()).contains("13600000606");
        // A 户籍迁移 inside the county: the county and the student's school still handle the case.
        assertThat(api.get(path(caseId, REVEAL), Actor.COUNTY).status()).isEqualTo(200);
        assertThat(api.get(path(caseId, REVEAL), Actor.SCHOOL).status()).isEqualTo(200);
    }

    @Test
    void a_case_moved_to_another_county_is_revealed_and_erased_by_the_receiving_county_only() {
        String caseId = caseMovedToAnotherCounty();
        Response closed = api.post(path(caseId, "/close"), ApiData.close("2026-09-25", "ABROAD"), NEW_COUNTY);
        assertThat(closed.status()).as("%s", closed).isEqualTo(200);

        assertError(api.get(path(caseId, REVEAL), Actor.COUNTY), 403, "OUT_OF_JURISDICTION", null);
        assertThat(api.get(path(caseId, REVEAL), NEW_COUNTY).status()).isEqualTo(200);

        String before = eventsAs(caseId, NEW_COUNTY);
        assertError(api.post(path(caseId, "/personal-data/erasure"), ERASURE_REASON, Actor.COUNTY), 403,
                    "OUT_OF_JURISDICTION", null);
        assertThat(eventsAs(caseId, NEW_COUNTY)).as("a refused erasure stores nothing").isEqualTo(before);
        assertThat(api.get(path(caseId, REVEAL), NEW_COUNTY).status()).as("the key is still there").isEqualTo(200);

        Response erased = api.post(path(caseId, "/personal-data/erasure"), ERASURE_REASON, NEW_COUNTY);
        assertThat(erased.status()).as("%s", erased).isEqualTo(200);
        assertError(api.get(path(caseId, REVEAL), NEW_COUNTY), 410, "PERSONAL_DATA_ERASED", null);
    }

    @Test
    void after_an_enrolment_transfer_the_old_school_can_no_longer_reveal_or_read_the_case() {
        String caseId = caseIn(State.PERSUADING);
        accepted(caseId, "/transfer", ApiData.enrolmentTransfer("2026-09-20", "白沙镇中学", NEW_SCHOOL.unit()));

        assertError(api.get(path(caseId, REVEAL), Actor.SCHOOL), 403, "OUT_OF_JURISDICTION", null);
        assertError(api.get(path(caseId, "/events"), Actor.SCHOOL), 403, "OUT_OF_JURISDICTION", null);
        assertThat(api.get(path(caseId, REVEAL), NEW_SCHOOL).status()).isEqualTo(200);
        assertThat(api.get(path(caseId, "/events"), NEW_SCHOOL).status()).isEqualTo(200);
    }

    /**
     * The sweep: on a case moved to another county, every case endpoint refuses the old county (which takes every
     * step, so only jurisdiction can refuse it) and stores nothing, and none refuses the receiving county.
     */
    @Test
    void after_a_move_to_another_county_every_case_endpoint_refuses_the_old_county_and_admits_the_new_one() {
        List<String> refusedNewOwner = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint == Endpoint.IDENTIFY) {
                continue; // no case yet: checked against the new case's own village and school
            }
            String caseId = caseMovedToAnotherCounty();
            String before = eventsAs(caseId, NEW_COUNTY);
            Response byOldCounty = api.post(endpoint.path(caseId), endpoint.validBody(), Actor.COUNTY);
            assertThat(byOldCounty.status()).as("%s by the old county: %s", endpoint, byOldCounty).isEqualTo(403);
            assertThat(byOldCounty.code()).as("%s", endpoint).isEqualTo("OUT_OF_JURISDICTION");
            assertThat(eventsAs(caseId, NEW_COUNTY)).as("%s stored nothing", endpoint).isEqualTo(before);

            Response byNewCounty = api.post(endpoint.path(caseId), endpoint.validBody(), NEW_COUNTY);
            // The step may still be refused by the case's state (422), never by who is asking.
            if (byNewCounty.status() == 401 || byNewCounty.status() == 403) {
                refusedNewOwner.add(endpoint + " → " + byNewCounty);
            }
        }
        assertThat(refusedNewOwner).isEmpty();

        String caseId = caseMovedToAnotherCounty();
        for (String read : List.of("/events", REVEAL)) {
            assertError(api.get(path(caseId, read), Actor.COUNTY), 403, "OUT_OF_JURISDICTION", null);
            assertError(api.get(path(caseId, read), Actor.TOWN), 403, "OUT_OF_JURISDICTION", null);
            assertThat(api.get(path(caseId, read), NEW_COUNTY).status()).as(read).isEqualTo(200);
            assertThat(api.get(path(caseId, read), NEW_COUNTY_TOWN).status()).as(read).isEqualTo(200);
            assertThat(api.get(path(caseId, read), null).status()).as(read).isEqualTo(401);
        }
        assertError(api.post(path(caseId, "/personal-data/erasure"), ERASURE_REASON, Actor.COUNTY), 403,
                    "OUT_OF_JURISDICTION", null);
        // The receiving county may erase; this case is still open, so the case's state refuses it, not the rule.
        assertError(api.post(path(caseId, "/personal-data/erasure"), ERASURE_REASON, NEW_COUNTY), 422,
                    "CASE_NOT_CLOSED", null);
    }

    /** A case in 劝返中, handed by the county to a village of county 430182 (the school stays the same). */
    private String caseMovedToAnotherCounty() {
        String caseId = caseIn(State.PERSUADING);
        Response moved = api.post(path(caseId, "/transfer"), ApiData.transfer("2026-09-20", OTHER_COUNTY_VILLAGE_CODE),
                                  Actor.COUNTY);
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        return caseId;
    }

    private String eventsAs(String caseId, Actor actor) {
        Response events = api.get(path(caseId, "/events"), actor);
        assertThat(events.status()).as("%s", events).isEqualTo(200);
        return events.raw();
    }
}
