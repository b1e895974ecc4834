package cn.kcbx.caseservice.config;

import cn.kcbx.caseservice.casefile.CaseIdCommandTargetResolver;
import cn.kcbx.caseservice.casefile.DropoutCase;
import cn.kcbx.caseservice.command.CommandMetaData;
import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.dropoutcase.CasePolicy;
import cn.kcbx.kernel.student.CompulsoryEducationAge;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.kernel.time.TermCalendar;
import cn.kcbx.privacy.PersonalPaths;

import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;

/**
 * The case service's Axon setup on top of the shared event store wiring ({@code event-store-spring}): snapshots,
 * command routing by case id, actor metadata on every event, and the clock and county policy the case decides by.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CaseServiceProperties.class)
public class AxonConfiguration {

    @Bean
    SnapshotTriggerDefinition caseSnapshotTrigger(Snapshotter snapshotter, CaseServiceProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    /**
     * Axon's event store (as its auto-configuration builds it), except that a case this process last saw with fewer
     * events than the snapshot threshold is loaded without looking for a snapshot: a read fewer per command. Safe
     * whatever another process did meanwhile: the events alone give the same state, a snapshot only shortens the read.
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  CaseServiceProperties properties) {
        GapFreeMongoEventStorageEngine engine = (GapFreeMongoEventStorageEngine) storageEngine;
        int snapshotThreshold = properties.snapshotThreshold();
        EmbeddedEventStore.Builder builder =
                EmbeddedEventStore.builder()
                                  .storageEngine(storageEngine)
                                  .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                  .spanFactory(configuration.getComponent(EventBusSpanFactory.class));
        return new EmbeddedEventStore(builder) {
            @Override
            public DomainEventStream readEvents(String aggregateIdentifier) {
                return engine.lastSeenShorterThan(aggregateIdentifier, snapshotThreshold)
                        ? readEvents(aggregateIdentifier, 0)
                        : super.readEvents(aggregateIdentifier);
            }
        };
    }

    /**
     * The aggregate keeps the 三帮一 helpers (for its same-person checks) and the disability (送教上门 needs one):
     * encrypted in snapshots like in events.
     */
    @Bean
    PersonalPaths dropoutCaseSnapshotPersonalPaths() {
        return new PersonalPaths(DropoutCase.class.getName(),
                                 List.of("trio.teacher", "trio.villageCadre", "trio.guardian", "disability"));
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

    /** The real clock (the all-in-one app's demo county puts a simulated one in front of it: deploy/DEMO.md). */
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
