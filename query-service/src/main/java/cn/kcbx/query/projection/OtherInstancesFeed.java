package cn.kcbx.query.projection;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells this instance's {@link LiveEventListener}s of the events the other instances applied, so that a live stream
 * on any instance pushes the changes of every case, not only of the segments this instance holds. While another
 * instance is seen ({@link SegmentShare}), it reads the store on from where it stood when it began, and hands on each
 * event of a segment this instance does not hold once that segment's stored token has reached it: the owner has
 * applied it and the projections show it. Events of this instance's own segments are told by its processor. Around a
 * segment's handover an event may be told twice or, rarely, not at all: live pushes are a convenience, and a page
 * gets complete figures when it connects.
 */
@Component
class OtherInstancesFeed extends BackgroundRounds {

    static final Duration INTERVAL = Duration.ofMillis(100);
    /** Events read ahead and not yet handed on, at most. */
    private static final int MAX_PENDING = 4096;

    private static final Logger log = LoggerFactory.getLogger(OtherInstancesFeed.class);

    private final EventStorageEngine engine;
    private final LiveProcessor live;
    private final SegmentShare share;
    private final List<LiveEventListener> listeners;

    // The feed thread's only.
    private TrackingToken readAfter;
    private final Deque<ProjectionEvent> pending = new ArrayDeque<>();

    OtherInstancesFeed(EventStorageEngine engine, LiveProcessor live, SegmentShare share,
                       List<LiveEventListener> listeners) {
        super("other-instances-feed", INTERVAL, INTERVAL);
        this.engine = engine;
        this.live = live;
        this.share = share;
        this.listeners = List.copyOf(listeners);
    }

    @Override
    void round() {
        try {
            if (share.liveInstances() < 2) {
                readAfter = null; // alone: nothing to tell; start at the head once another instance appears
                pending.clear();
                return;
            }
            if (readAfter == null) {
                readAfter = engine.createHeadToken();
            }
            readMore();
            handOn();
        } catch (RuntimeException e) {
            log.warn("Could not follow the events other instances applied: {}", e.toString());
        }
    }

    private void readMore() {
        while (pending.size() < MAX_PENDING) {
            List<? extends TrackedEventMessage<?>> batch;
            try (Stream<? extends TrackedEventMessage<?>> events = engine.readEvents(readAfter, false)) {
                batch = events.toList();
            }
            if (batch.isEmpty()) {
                return;
            }
            for (TrackedEventMessage<?> message : batch) {
                if (message instanceof DomainEventMessage<?> domainEvent) {
                    ProjectionEvent event = ProjectionEvent.of(domainEvent,
                                                               message.trackingToken().position().orElseThrow());
                    if (event != null) {
                        pending.add(event);
                    }
                }
            }
            readAfter = batch.get(batch.size() - 1).trackingToken();
        }
    }

    /** In store order, as far as the owners of the events' segments have applied them. */
    private void handOn() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Integer, Long> applied = live.storedPositionsBySegment();
        Segment[] segments = Segment.computeSegments(applied.keySet().stream().mapToInt(Integer::intValue).toArray());
        Set<Integer> own = new HashSet<>(live.claimedSegments());
        while (!pending.isEmpty()) {
            ProjectionEvent event = pending.peek();
            // The processor's sequencing policy: per aggregate, the case.
            int hash = Objects.hashCode(event.caseId());
            Segment segment = null;
            for (Segment candidate : segments) {
                if (candidate.matches(hash)) {
                    segment = candidate;
                    break;
                }
            }
            if (segment != null && !own.contains(segment.getSegmentId())) {
                Long position = applied.get(segment.getSegmentId());
                if (position == null || position < event.position()) {
                    return; // not applied yet by the segment's owner
                }
                listeners.forEach(listener -> listener.appliedElsewhere(event));
            }
            pending.poll();
        }
    }

    /** Last of all, as before the rounds had a common base. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
