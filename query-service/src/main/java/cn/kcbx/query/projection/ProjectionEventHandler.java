package cn.kcbx.query.projection;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/** The live feed: every case event the {@code case-projections} processor delivers goes to every projection. */
@Component
@ProcessingGroup(ProjectionEventHandler.PROCESSING_GROUP)
public class ProjectionEventHandler {

    public static final String PROCESSING_GROUP = "case-projections";

    private final ProjectionRegistry registry;

    ProjectionEventHandler(ProjectionRegistry registry) {
        this.registry = registry;
    }

    @EventHandler
    void on(CaseEvent payload, DomainEventMessage<?> message, TrackingToken token) {
        ProjectionEvent event = ProjectionEvent.of(message, token.position().orElseThrow());
        if (event != null) {
            registry.applyLive(event);
        }
    }
}
