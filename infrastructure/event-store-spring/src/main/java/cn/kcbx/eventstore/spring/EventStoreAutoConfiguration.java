package cn.kcbx.eventstore.spring;

import cn.kcbx.eventstore.CommitListener;
import cn.kcbx.eventstore.EventStoreSettings;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.eventstore.spring.upcasting.KernelEventRevisions;
import cn.kcbx.eventstore.spring.upcasting.KernelEventUpcasters;
import cn.kcbx.kernel.jackson.KernelJackson;
import cn.kcbx.privacy.CaseKeyChooser;
import cn.kcbx.privacy.PersonalDataSerializer;
import cn.kcbx.privacy.PersonalPaths;
import cn.kcbx.privacy.PrivacyAutoConfiguration;
import cn.kcbx.privacy.StudentKeys;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.util.List;

/**
 * Axon on the gap-free MongoDB event store, the same in the case service (which writes) and the query service (which
 * reads): events, messages and snapshots in the kernel's JSON shape, the store on the application's MongoDB database.
 * Events are written with their current revision ({@link KernelEventRevisions}) and older shapes are upcast as they
 * are read ({@link KernelEventUpcasters}), in the one storage engine both services read through.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class, after = PrivacyAutoConfiguration.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    @Bean
    @Primary
    Serializer serializer() {
        return kernelSerializer();
    }

    /**
     * The kernel's JSON, with the students' personal fields encrypted by their data keys (crypto-shredding), and each
     * event's current revision stored beside it.
     */
    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(ObjectProvider<StudentKeys> studentKeys, List<PersonalPaths> personalPaths) {
        return withPersonalDataEncrypted(kernelEventSerializer(), studentKeys, personalPaths);
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return kernelSerializer();
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabaseFactory databaseFactory,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          EventStoreProperties properties, ObjectProvider<StudentKeys> studentKeys,
                                          List<PersonalPaths> personalPaths,
                                          org.axonframework.config.Configuration configuration,
                                          ObjectProvider<MeterRegistry> meterRegistry,
                                          ObjectProvider<CommitListener> commitListener) {
        Serializer snapshotSerializer = withPersonalDataEncrypted(
                JacksonSerializer.builder().objectMapper(KernelJackson.newSnapshotMapper())
                                 .lenientDeserialization().build(),
                studentKeys, personalPaths);
        GapFreeMongoEventStorageEngine.Builder builder =
                GapFreeMongoEventStorageEngine.builder()
                                              .database(databaseFactory.getMongoDatabase())
                                              .settings(EventStoreSettings.DEFAULT.withHoleTimeout(
                                                      properties.holeTimeout()))
                                              .eventSerializer(eventSerializer)
                                              .snapshotSerializer(snapshotSerializer)
                                              .upcasterChain(KernelEventUpcasters.chain());
        meterRegistry.ifAvailable(registry -> builder.appendObserver(new AppendTimer(registry)));
        commitListener.ifAvailable(builder::commitListener); // only tests stall writers through it
        // The aggregates' snapshot filters, as Axon's own storage engines get them: an aggregate with a @Revision
        // ignores snapshots of another revision (an older shape of its fields) and replays its events instead.
        builder.snapshotFilter(configuration.snapshotFilter());
        return builder.build();
    }

    private static JacksonSerializer kernelSerializer() {
        return JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization().build();
    }

    /** The kernel's JSON for stored events: as {@link #kernelSerializer()}, naming each event's current revision. */
    public static JacksonSerializer kernelEventSerializer() {
        return JacksonSerializer.builder().objectMapper(KernelJackson.newMapper()).lenientDeserialization()
                                .revisionResolver(new KernelEventRevisions()).build();
    }

    private static Serializer withPersonalDataEncrypted(JacksonSerializer serializer,
                                                        ObjectProvider<StudentKeys> studentKeys,
                                                        List<PersonalPaths> personalPaths) {
        StudentKeys keys = studentKeys.getIfAvailable();
        if (keys == null) {
            return serializer; // no MongoDB, so no store either
        }
        return new PersonalDataSerializer(serializer, PersonalPaths.withKernelEvents(personalPaths), keys,
                                          new CaseKeyChooser(keys));
    }
}
