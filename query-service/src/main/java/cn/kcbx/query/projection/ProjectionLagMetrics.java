package cn.kcbx.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code kcbx.projection.lag}: per streaming processor, how many positions of the event store it is behind the head
 * (the last stored event), by its slowest segment; while it runs no segment (stopped for a rebuild, or waiting for
 * an administrator), from its stored tokens, so that a stopped processor shows as falling behind. Each read asks the
 * store for its head once (one {@code _id} lookup).
 */
@Component
class ProjectionLagMetrics {

    static final String NAME = "kcbx.projection.lag";

    private final MeterRegistry registry;
    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storageEngine;
    private final LiveProcessor live;

    ProjectionLagMetrics(MeterRegistry registry, EventProcessingConfiguration processing,
                         EventStorageEngine storageEngine, LiveProcessor live) {
        this.registry = registry;
        this.processing = processing;
        this.storageEngine = storageEngine;
        this.live = live;
    }

    /** Once the processors exist (Axon builds them with the context). */
    @EventListener(ApplicationStartedEvent.class)
    void registerGauges() {
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder(NAME, streaming, running -> lag(name, running))
                     .description("Event store positions the processor is behind the head, by its slowest segment")
                     .tag("processor", name)
                     .strongReference(true)
                     .register(registry);
            }
        });
    }

    private double lag(String name, StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        // A segment (or a stored token) at the tail of the store has no position yet: everything is ahead of it.
        long slowest = status.isEmpty()
                ? live.storedPositions(name).stream().mapToLong(Long::longValue).min().orElse(0)
                : status.values().stream()
                        .mapToLong(s -> s.getCurrentPosition().isPresent() ? s.getCurrentPosition().getAsLong() : 0)
                        .min().orElse(0);
        TrackingToken head = storageEngine.createHeadToken();
        long headPosition = head == null ? 0 : head.position().orElse(0);
        return Math.max(0, headPosition - slowest);
    }
}
