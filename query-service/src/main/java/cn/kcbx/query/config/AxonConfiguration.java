package cn.kcbx.query.config;

import cn.kcbx.query.projection.ProjectionEventHandler;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * Axon on the shared gap-free event store (wired by {@code event-store-spring}, the same as in the case service),
 * tracking tokens in MongoDB ({@code tracking_tokens}) and one pooled streaming processor, {@code case-projections},
 * that feeds every projection. The engine is only read here (it may write a tombstone into a hole, as every reader of that store may).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryServiceProperties.class)
public class AxonConfiguration {

    public static final String TOKENS_COLLECTION = "tracking_tokens";

    /** The event store with a short fetch delay: events come from another process, so the stream has to poll. */
    @Bean(destroyMethod = "shutDown")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, QueryServiceProperties properties) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .fetchDelay(properties.eventFetchDelay().toMillis())
                                 .timeUnit(TimeUnit.MILLISECONDS)
                                 .build();
    }

    @Bean
    TokenStore tokenStore(MongoDatabaseFactory databaseFactory, Serializer serializer) {
        DefaultMongoTemplate template = DefaultMongoTemplate.builder()
                                                            .mongoDatabase(databaseFactory.getMongoDatabase())
                                                            .trackingTokensCollectionName(TOKENS_COLLECTION)
                                                            .build();
        MongoTokenStore tokenStore = MongoTokenStore.builder().mongoTemplate(template).serializer(serializer).build();
        tokenStore.ensureIndexes();
        return tokenStore;
    }

    /**
     * {@code case-projections}: pooled, segmented, starting at the tail of the store (Axon 4.13's default would be a
     * ReplayToken at the head, which skips history). A failing handler fails the batch, which is retried, instead of
     * being logged and skipped: a projection never silently misses an event.
     */
    @Bean
    ConfigurerModule caseProjectionsProcessor(QueryServiceProperties properties) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(
                        ProjectionEventHandler.PROCESSING_GROUP, Configuration::eventStore,
                        (configuration, builder) -> builder.initialSegmentCount(properties.segments())
                                                           .batchSize(properties.batchSize())
                                                           .tokenClaimInterval(1000)
                                                           .initialToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(ProjectionEventHandler.PROCESSING_GROUP,
                                                        configuration -> PropagatingErrorHandler.instance()));
    }
}
