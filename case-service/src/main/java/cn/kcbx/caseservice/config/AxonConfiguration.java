package cn.kcbx.caseservice.config;

import cn.kcbx.caseservice.casefile.CaseIdCommandTargetResolver;
import cn.kcbx.caseservice.command.CommandMetaData;
import cn.kcbx.eventstore.EventStoreSettings;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.kernel.student.CompulsoryEducationAge;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.TermCalendar;
import java.time.Clock;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/** Axon on the gap-free MongoDB event store, with Jackson for events, messages and snapshots. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaseServiceProperties.class)
public class AxonConfiguration {

    @Bean
    @Primary
    Serializer serializer() {
        return kernelSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return kernelSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return kernelSerializer();
    }

    private static Serializer kernelSerializer() {
        return JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization().build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabaseFactory databaseFactory,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          CaseServiceProperties properties) {
        Serializer snapshotSerializer = JacksonSerializer.builder()
                                                         .objectMapper(KernelJackson.newSnapshotMapper())
                                                         .lenientDeserialization().build();
        return GapFreeMongoEventStorageEngine.builder()
                                             .database(databaseFactory.getMongoDatabase())
                                             .settings(EventStoreSettings.DEFAULT.withHoleTimeout(
                                                     properties.eventStoreHoleTimeout()))
                                             .eventSerializer(eventSerializer)
                                             .snapshotSerializer(snapshotSerializer)
                                             .build();
    }

    @Bean
    SnapshotTriggerDefinition caseSnapshotTrigger(Snapshotter snapshotter, CaseServiceProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    CaseIdCommandTargetResolver caseIdCommandTargetResolver() {
        return new CaseIdCommandTargetResolver();
    }

    /** Who, where from and which request: copied from each command onto every event it produces. */
    @Bean
    CorrelationDataProvider actorCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(CommandMetaData.KEYS.toArray(String[]::new));
    }

    @Bean
    Clock clock() {
        return Clock.system(DateRules.CHINA_ZONE);
    }

    @Bean
    CasePolicy casePolicy(CaseServiceProperties properties) {
        return new CasePolicy(new CompulsoryEducationAge(properties.minAge(), properties.maxAge()),
                              new TermCalendar(properties.springTermStart(), properties.autumnTermStart(),
                                               properties.startOfTermCheckDays()),
                              DateRules.CHINA_ZONE);
    }
}
