package cn.kcbx.query.config;

import cn.kcbx.query.projection.DurablePositionsTokenStore;
import cn.kcbx.query.projection.ProjectionEventHandler;
import cn.kcbx.query.projection.ProjectionSettings;
import cn.kcbx.query.projection.ReadSideWrites;
import cn.kcbx.query.projection.SegmentShare;
import cn.kcbx.query.projection.StoreEventSource;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Axon on the shared gap-free event store (wired by {@code event-store-spring}, the same as in the case service),
 * tracking tokens in MongoDB ({@code tracking_tokens}) and one pooled streaming processor, {@code case-projections},
 * whose segments the instances on one database share ({@link SegmentShare}), that feeds every projection from {@link StoreEventSource} (the store read directly, every batch checked by the
 * read-side guard). The engine is only read here (it may write a tombstone into a hole, as every reader of that store
 * may).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryServiceProperties.class)
public class AxonConfiguration {


    /**
     * Axon's event store, for Axon's own wiring only: no processor streams from it (its shared producer and cache
     * would outlive a store that lost its tail; see {@link StoreEventSource}), so its producer thread never starts.
     */
    @Bean(destroyMethod = "shutDown")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine) {
        return EmbeddedEventStore.builder().storageEngine(storageEngine).optimizeEventConsumption(false).build();
    }

    /** Positions in {@code tracking_tokens}, each stored only once the projection writes before it are on disk. */
    @Bean
    TokenStore tokenStore(ReadSideWrites writes, Serializer serializer, ProjectionSettings settings) {
        DefaultMongoTemplate template = DefaultMongoTemplate.builder()
                                                            .mongoDatabase(writes.database())
                                                            .trackingTokensCollectionName(ProjectionSettings.TOKENS_COLLECTION)
                                                            .build();
        // Claims name this instance (two in one JVM must differ) and expire after the claim timeout, so that another
        // instance takes over the segments of one that was killed.
        MongoTokenStore tokenStore = MongoTokenStore.builder().mongoTemplate(template).serializer(serializer)
                                                    .nodeId(settings.instanceName())
                                                    .claimTimeout(settings.claimTimeout())
                                                    .build();
        tokenStore.ensureIndexes();
        return new DurablePositionsTokenStore(tokenStore, writes);
    }

    /**
     * {@code case-projections}: pooled, segmented, starting at the tail of the store (Axon 4.13's default would be a
     * ReplayToken at the head, which skips history). A failing handler fails the batch, which is retried, instead of
     * being logged and skipped: a projection never silently misses an event.
     */
    @Bean
    ConfigurerModule caseProjectionsProcessor(QueryServiceProperties properties,
                                              ObjectProvider<StoreEventSource> source,
                                              ObjectProvider<SegmentShare> share) {
        long claimTimeout = properties.claimTimeout().toMillis();
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerPooledStreamingEventProcessor(
                        ProjectionEventHandler.PROCESSING_GROUP, configuration -> source.getObject(),
                        (configuration, builder) -> builder.initialSegmentCount(properties.segments())
                                                           .batchSize(properties.batchSize())
                                                           // several looks, and claim extensions, per claim timeout
                                                           .tokenClaimInterval(Math.min(1000, claimTimeout / 4))
                                                           .claimExtensionThreshold(claimTimeout / 3)
                                                           .maxSegmentProvider(name -> share.getObject().maxSegments())
                                                           .initialToken(StreamableMessageSource::createTailToken))
                .registerListenerInvocationErrorHandler(ProjectionEventHandler.PROCESSING_GROUP,
                                                        configuration -> PropagatingErrorHandler.instance()));
    }
}
