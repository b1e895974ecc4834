package cn.kcbx.query.projection;

import cn.kcbx.kernel.dropoutcase.CaseEvent;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The live feed: every case event the {@code case-projections} processor delivers goes to every projection.
 *
 * <p>The processor hands events over in batches, each in one unit of work; the handler collects a batch's events and
 * applies them together while handling the batch's last message, so that each projection reads and writes a batch in
 * a few round trips instead of a few per event. Applying must happen inside message handling, not in a prepare-commit
 * callback: the processor stores the batch's token in a prepare-commit callback registered before ours, so a failure
 * there would come after the token had moved on. A failure during handling rolls the unit of work back, the token is
 * not stored and the batch is delivered again (projections are idempotent).
 */
@Component
@ProcessingGroup(ProjectionEventHandler.PROCESSING_GROUP)
public class ProjectionEventHandler {

    public static final String PROCESSING_GROUP = "case-projections";
    private static final String BATCH = ProjectionEventHandler.class.getName() + ".batch";

    private final ProjectionRegistry registry;
    private final List<LiveEventListener> listeners;

    ProjectionEventHandler(ProjectionRegistry registry, List<LiveEventListener> listeners) {
        this.registry = registry;
        this.listeners = List.copyOf(listeners);
    }

    @EventHandler
    void on(CaseEvent payload, DomainEventMessage<?> message, TrackingToken token) {
        ProjectionEvent event = ProjectionEvent.of(message, token.position().orElseThrow());
        if (event == null) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            apply(List.of(event));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<ProjectionEvent> events = unitOfWork.root().getOrComputeResource(BATCH, key -> {
            List<ProjectionEvent> collected = new ArrayList<>();
            // Only if the batch's last message was not a case event (none such is stored today): apply what is left.
            unitOfWork.root().onPrepareCommit(committing -> {
                if (!collected.isEmpty()) {
                    apply(List.copyOf(collected));
                }
            });
            return collected;
        });
        events.add(event);
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            List<ProjectionEvent> toApply = List.copyOf(events);
            events.clear();
            apply(toApply);
        }
    }

    private void apply(List<ProjectionEvent> events) {
        registry.applyLive(events);
        events.forEach(event -> listeners.forEach(listener -> listener.applied(event)));
    }
}
