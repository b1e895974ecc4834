package cn.kcbx.query;

import cn.kcbx.access.log.AccessAction;
import cn.kcbx.access.log.AccessLog;
import cn.kcbx.kernel.actor.Actor;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.dropoutcase.privacy.PersonalFields;
import cn.kcbx.kernel.dropoutcase.verification.DropoutConfirmed;
import cn.kcbx.privacy.AccessLogReasons;
import cn.kcbx.privacy.PersonalDataSeal;
import cn.kcbx.privacy.StudentKeys;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Erasure on the read side: the county report is the same before the erasure, after it and after a rebuild of every
 * projection; the 劝返销号 account shows 已删除 in place of the name and the masked ID, now and as of any earlier date.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "spring.config.name=" + QueryServiceApplication.CONFIG_NAMES)
class PersonalDataErasureReadSideTest {

    private static final String DATABASE = TestMongo.get().newDatabaseName("erasure");
    private static final Instant START = Instant.parse("2026-03-10T02:00:00Z");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.data.mongodb.uri", () -> TestMongo.get().connectionString(DATABASE));
        registry.add("kcbx.embedded-mongo.enabled", () -> "false");
    }

    @Autowired
    EventStorageEngine engine;
    @Autowired
    StudentKeys studentKeys;
    @Autowired
    CaseFiles caseFiles;
    @Autowired
    AccessLog accessLog;
    @Autowired
    PersonalDataSeal seal;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext applicationContext;
    @LocalServerPort
    int port;

    private TestUsers users;

    private TestUsers users() {
        if (users == null) {
            users = new TestUsers(applicationContext, port);
        }
        return users;
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Long> nextSequence = new HashMap<>();

    @Test
    void reportsAreUnchangedByErasureAndRebuild_andTheAccountShowsErasedRows() throws Exception {
        String erased = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        String erasedId = CaseEvents.idNumberOf(901);
        List<CaseEvent> walk = CaseEvents.walk(erased, erasedId);
        for (int i = 0; i < walk.size(); i++) {
            record(walk.get(i), START.plus(Duration.ofDays(i)));
        }
        record(CaseEvents.identified(kept, CaseEvents.idNumberOf(902)), START);
        record(new DropoutConfirmed(kept, LocalDate.of(2026, 3, 20), null), START.plus(Duration.ofDays(10)));
        awaitSequence(erased, walk.size() - 1);
        awaitSequence(kept, 1);

        String report = "/api/reports/counties/430181?asOf=2026-10-01";
        String account = "/api/ledgers/returns?region=430181&asOf=2026-10-01";
        JsonNode reportBefore = ok(report);
        JsonNode row = row(ok(account), erased);
        assertThat(row.get("studentName").asText()).isEqualTo("林小禾");
        assertThat(row.get("idNumber").asText()).isEqualTo(erasedId.substring(0, 4) + "**********"
                                                                   + erasedId.substring(14));

        record(new PersonalDataErased(erased, "监护人申请删除"), Instant.parse("2026-10-15T02:00:00Z"));
        studentKeys.destroy(studentKeys.keyIdOfCase(erased).orElseThrow());
        awaitSequence(erased, walk.size());

        assertErasedAndReportUnchanged(erased, report, account, reportBefore);
        JsonNode timeline = ok("/api/cases/" + erased + "/timeline");
        assertThat(timeline.toString()).doesNotContain("林小禾", "周晓梅", "林大木", "父母在外务工")
                                       .contains("PersonalDataErased");
        assertThat(row(ok("/api/ledgers/returns?region=430181"), erased).get("studentName").asText())
                .isEqualTo(PersonalFields.ERASED_LABEL);

        ResponseEntity<String> rebuild = http.exchange("/api/admin/projections/rebuild", HttpMethod.POST,
                                                       new HttpEntity<>(users().headers("ADMIN")), String.class);
        assertThat(rebuild.getStatusCode().value()).as(rebuild.getBody()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::rebuildCompleted);
        awaitSequence(erased, walk.size());

        assertErasedAndReportUnchanged(erased, report, account, reportBefore);
        assertThat(ok("/api/cases/" + erased + "/timeline")).isEqualTo(timeline);
        assertThat(row(ok("/api/ledgers/returns?region=430181"), kept)).isNull();
        assertThat(caseFiles.current(kept).map(CaseFile::studentName)).contains("林小禾");
    }

    /**
     * The attack: a clerk named the child and wrote the ID number into the reason of a reveal, and the audit list
     * showed it in full, also after the erasure. Now the access log keeps it masked and sealed with the student's key:
     * the audit shows it (numbers masked) until the erasure, 已删除 after.
     */
    @Test
    void a_reveal_reason_naming_the_child_is_sealed_in_the_access_log_and_erased_with_the_student() throws Exception {
        String caseId = UUID.randomUUID().toString();
        String idNumber = CaseEvents.idNumberOf(903);
        record(CaseEvents.identified(caseId, idNumber), START);
        awaitSequence(caseId, 0);
        accessLog.record(new Actor("county-01", Actor.Role.COUNTY, "430181"), AccessAction.PERSONAL_DATA_REVEALED,
                         caseId, AccessLogReasons.stored(seal, caseId, "核对林小禾" + idNumber + "的住址"), "10.0.0.1");

        Document stored = applicationContext.getBean(MongoDatabaseFactory.class).getMongoDatabase()
                .getCollection("access_log").find(new Document("caseId", caseId)).first();
        assertThat(stored.toJson()).doesNotContain("林小禾", idNumber, idNumber.substring(0, 4) + "**");
        String audit = "/api/audit?case=" + caseId;
        assertThat(reveal(json.readTree(get(audit, "ADMIN").getBody())))
                .isEqualTo("核对林小禾" + idNumber.substring(0, 4) + "**********" + idNumber.substring(14) + "的住址");

        studentKeys.destroy(studentKeys.keyIdOfCase(caseId).orElseThrow());
        assertThat(reveal(json.readTree(get(audit, "ADMIN").getBody()))).isEqualTo(PersonalFields.ERASED_LABEL);
    }

    private static String reveal(JsonNode auditPage) {
        for (JsonNode row : auditPage.path("rows")) {
            if (row.path("actionCode").asText().equals("PERSONAL_DATA_REVEALED")) {
                return row.path("detail").asText();
            }
        }
        throw new AssertionError("no reveal in " + auditPage);
    }

    private void assertErasedAndReportUnchanged(String caseId, String report, String account, JsonNode before)
            throws Exception {
        assertThat(ok(report)).isEqualTo(before);
        JsonNode row = row(ok(account), caseId);
        assertThat(row.get("studentName").asText()).isEqualTo(PersonalFields.ERASED_LABEL);
        assertThat(row.get("idNumber").asText()).isEqualTo(PersonalFields.ERASED_LABEL);
    }

    private boolean rebuildCompleted() throws Exception {
        JsonNode projections = json.readTree(get("/api/admin/projections", "ADMIN").getBody());
        for (JsonNode projection : projections) {
            JsonNode rebuild = projection.path("rebuild");
            assertThat(rebuild.path("state").asText()).isNotEqualTo("FAILED");
            if (!rebuild.path("state").asText().equals("COMPLETED")) {
                return false;
            }
        }
        return true;
    }

    private void record(CaseEvent event, Instant recordedAt) {
        long sequence = nextSequence.merge(event.caseId(), 1L, Long::sum) - 1;
        engine.appendEvents(List.of(new GenericDomainEventMessage<>(
                CaseEvents.AGGREGATE_TYPE, event.caseId(), sequence, event,
                CaseEvents.metaData("county-01", "COUNTY", "430181", UUID.randomUUID().toString()),
                UUID.randomUUID().toString(), recordedAt)));
    }

    private void awaitSequence(String caseId, long sequence) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
               .until(() -> caseFiles.current(caseId).map(CaseFile::sequence).orElse(-1L) == sequence);
    }

    private JsonNode ok(String path) throws Exception {
        ResponseEntity<String> response = get(path, "COUNTY");
        assertThat(response.getStatusCode().value()).as(path + " " + response.getBody()).isEqualTo(200);
        return json.readTree(response.getBody());
    }

    private ResponseEntity<String> get(String path, String role) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(users().headers(role)), String.class);
    }

    private static JsonNode row(JsonNode page, String caseId) {
        for (JsonNode row : page.path("students").path("rows")) {
            if (row.get("caseId").asText().equals(caseId)) {
                return row;
            }
        }
        return null;
    }

}
