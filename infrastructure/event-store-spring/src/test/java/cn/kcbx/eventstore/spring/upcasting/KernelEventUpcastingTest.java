package cn.kcbx.eventstore.spring.upcasting;

import cn.kcbx.eventstore.EventStoreSettings;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.eventstore.spring.EventStoreAutoConfiguration;
import cn.kcbx.kernel.contact.MobileNumber;
import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityCategory;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityLevel;
import cn.kcbx.kernel.dropoutcase.disability.DisabilityRecorded;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioAssigned;
import cn.kcbx.kernel.dropoutcase.trio.TrioMemberReplaced;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;
import cn.kcbx.kernel.dropoutcase.visit.VisitLogged;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.testsupport.TestMongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events stored before the trio and disability steps had a business date are read with the China calendar day they
 * were recorded on; events stored since keep their own date. Written and read through the real storage engine, as
 * the services do (the query service's stream and an aggregate's history alike).
 */
class KernelEventUpcastingTest {

    private static final String CASE_ID = "5b0c1f9e-2d3a-4e6b-8c7d-9a0b1c2d3e4f";
    /** 17:30 UTC on 1 March is 01:30 on 2 March in Beijing: the day must be China's, not UTC's. */
    private static final Instant RECORDED_AT = Instant.parse("2025-03-01T17:30:00Z");
    private static final LocalDate RECORDED_ON_IN_CHINA = LocalDate.of(2025, 3, 2);

    private static final Helper TEACHER = new Helper("周晓梅", "青禾乡中心小学 班主任", new MobileNumber("13800000101"));
    private static final Helper CADRE = new Helper("罗长青", "青禾村村委会 村主任", new MobileNumber("13900000202"));
    private static final Helper GUARDIAN = new Helper("林大木", "父亲", new MobileNumber("13700000303"));
    private static final Helper NEW_TEACHER = new Helper("谭明远", "青禾乡中心小学 教师", new MobileNumber("13500000505"));

    private final ObjectMapper json = new ObjectMapper();
    private MongoDatabase database;

    @BeforeEach
    void newStore() {
        TestMongo mongo = TestMongo.get();
        database = mongo.client().getDatabase(mongo.newDatabaseName("upcast"));
    }

    /** An engine as the services build it: the kernel's event serializer and the upcaster chain. */
    private GapFreeMongoEventStorageEngine currentEngine() {
        return engine(EventStoreAutoConfiguration.kernelEventSerializer());
    }

    private GapFreeMongoEventStorageEngine engine(Serializer serializer) {
        return GapFreeMongoEventStorageEngine.builder().database(database).settings(EventStoreSettings.DEFAULT)
                                             .eventSerializer(serializer).snapshotSerializer(serializer)
                                             .upcasterChain(KernelEventUpcasters.chain()).build();
    }

    private static List<DomainEventMessage<?>> messages(Object... payloads) {
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            messages.add(new GenericDomainEventMessage<>("DropoutCase", CASE_ID, i, payloads[i], Map.of(),
                                                         UUID.randomUUID().toString(), RECORDED_AT));
        }
        return messages;
    }

    private List<Document> storedEvents() {
        List<Document> events = new ArrayList<>();
        database.getCollection("events").find().sort(new Document("_id", 1))
                .forEach(commit -> events.addAll(commit.getList("events", Document.class)));
        return events;
    }

    private JsonNode payload(Document event) throws Exception {
        return json.readTree(event.getString("payload"));
    }

    @Test
    void anEventStoredWithoutItsDate_isReadWithTheChinaDayItWasRecordedOn() throws Exception {
        // Written as before issue 14: the kernel's JSON, no revision, and no date (a null field is left out).
        JacksonSerializer before = JacksonSerializer.builder().objectMapper(KernelJackson.newMapper())
                                                    .lenientDeserialization().build();
        engine(before).appendEvents(messages(
                new TrioAssigned(CASE_ID, null, TEACHER, CADRE, GUARDIAN),
                new DisabilityRecorded(CASE_ID, null, DisabilityCategory.PHYSICAL, DisabilityLevel.LEVEL_1, "残证 1 号"),
                new TrioMemberReplaced(CASE_ID, null, TrioRole.TEACHER, TEACHER, NEW_TEACHER, "原班主任调离")));
        List<Document> stored = storedEvents();
        assertThat(stored).extracting(e -> e.getString("payloadRevision")).containsOnlyNulls();
        assertThat(payload(stored.get(0)).has("assignedOn")).isFalse();
        assertThat(payload(stored.get(1)).has("verifiedOn")).isFalse();
        assertThat(payload(stored.get(2)).has("replacedOn")).isFalse();

        GapFreeMongoEventStorageEngine engine = currentEngine();
        List<Object> history = engine.readEvents(CASE_ID).asStream().map(EventMessage::getPayload).map(Object.class::cast)
                                     .toList();
        List<Object> stream = engine.readEvents(null, false).map(EventMessage::getPayload)
                                    .map(Object.class::cast).toList();
        for (List<Object> read : List.of(history, stream)) {
            assertThat(read).hasSize(3);
            assertThat(((TrioAssigned) read.get(0)).assignedOn()).isEqualTo(RECORDED_ON_IN_CHINA);
            assertThat(((TrioAssigned) read.get(0)).teacher()).isEqualTo(TEACHER);
            assertThat(((DisabilityRecorded) read.get(1)).verifiedOn()).isEqualTo(RECORDED_ON_IN_CHINA);
            assertThat(((DisabilityRecorded) read.get(1)).certificateReference()).isEqualTo("残证 1 号");
            assertThat(((TrioMemberReplaced) read.get(2)).replacedOn()).isEqualTo(RECORDED_ON_IN_CHINA);
            assertThat(((TrioMemberReplaced) read.get(2)).newMember()).isEqualTo(NEW_TEACHER);
            assertThat(read).allSatisfy(e -> assertThat(((CaseEvent) e).occurredOn()).isEqualTo(RECORDED_ON_IN_CHINA));
        }
    }

    @Test
    void anEventStoredWithItsDate_keepsIt_andNamesItsRevision() throws Exception {
        LocalDate assignedOn = LocalDate.of(2024, 11, 5);
        LocalDate verifiedOn = LocalDate.of(2024, 12, 1);
        LocalDate replacedOn = LocalDate.of(2025, 1, 10);
        GapFreeMongoEventStorageEngine engine = currentEngine();
        engine.appendEvents(messages(
                new TrioAssigned(CASE_ID, assignedOn, TEACHER, CADRE, GUARDIAN),
                new DisabilityRecorded(CASE_ID, verifiedOn, DisabilityCategory.PHYSICAL, DisabilityLevel.LEVEL_1,
                                       "残证 1 号"),
                new TrioMemberReplaced(CASE_ID, replacedOn, TrioRole.TEACHER, TEACHER, NEW_TEACHER, "原班主任调离")));

        List<Document> stored = storedEvents();
        assertThat(stored).extracting(e -> e.getString("payloadType")).containsExactly(
                TrioAssigned.class.getName(), DisabilityRecorded.class.getName(), TrioMemberReplaced.class.getName());
        assertThat(stored).extracting(e -> e.getString("payloadRevision")).containsExactly("2", "2", "2");
        assertThat(payload(stored.get(0)).path("assignedOn").asText()).isEqualTo("2024-11-05");
        assertThat(payload(stored.get(1)).path("verifiedOn").asText()).isEqualTo("2024-12-01");
        assertThat(payload(stored.get(2)).path("replacedOn").asText()).isEqualTo("2025-01-10");

        List<Object> read = engine.readEvents(CASE_ID).asStream().map(EventMessage::getPayload)
                                  .map(Object.class::cast).toList();
        assertThat(((TrioAssigned) read.get(0)).assignedOn()).isEqualTo(assignedOn);
        assertThat(((DisabilityRecorded) read.get(1)).verifiedOn()).isEqualTo(verifiedOn);
        assertThat(((TrioMemberReplaced) read.get(2)).replacedOn()).isEqualTo(replacedOn);
    }

    @Test
    void eachUpcasterEndsAtTheRevisionTheSerializerWrites() {
        KernelEventRevisions revisions = new KernelEventRevisions();
        assertThat(KernelEventUpcasters.upcasters()).hasSize(KernelEventRevisions.CURRENT.size())
                .allSatisfy(upcaster -> assertThat(upcaster.to().getRevision()).isEqualTo(
                        KernelEventRevisions.CURRENT.entrySet().stream()
                                .filter(e -> e.getKey().getName().equals(upcaster.to().getName()))
                                .map(Map.Entry::getValue).findFirst().orElseThrow()));
        // Events whose shape never changed keep the revision they always had.
        assertThat(revisions.revisionOf(VisitLogged.class)).isNull();
        assertThat(revisions.revisionOf(TrioAssigned.class)).isEqualTo("2");
    }
}
