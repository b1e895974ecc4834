package cn.kcbx.query.projection;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.List;

/** The live feed: every case event the {@code case-projections} processor delivers goes to every projection. */
@Component
@ProcessingGroup(ProjectionEventHandler.PROCESSING_GROUP)
public class ProjectionEventHandler {

    public static final String PROCESSING_GROUP = "case-projections";

    private final ProjectionRegistry registry;
    private final List<LiveEventListener> listeners;

    ProjectionEventHandler(ProjectionRegistry registry, List<LiveEventListener> listeners) {
        this.registry = registry;
        this.listeners = List.copyOf(listeners);
    }

    @EventHandler
    void on(CaseEvent payload, DomainEventMessage<?> message, TrackingToken token) {
        ProjectionEvent event = ProjectionEvent.of(message, token.position().orElseThrow());
        if (event != null) {
            registry.applyLive(event);
            listeners.forEach(listener -> listener.applied(event));
        }
    }
}
