package cn.kcbx.query.projection;

import com.mongodb.client.MongoCollection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.mongodb.client.model.Filters.eq;

/**
 * The live processor {@code case-projections} and its stored tracking tokens, for the rebuilder and the read-side
 * guard: stop, start, where it stands, and putting its tokens back.
 */
@Component
class LiveProcessor {

    private static final String NAME = ProjectionEventHandler.PROCESSING_GROUP;
    private static final Duration CLAIM_RETRY = Duration.ofMillis(100);

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final TokenStore tokenStore;
    private final MongoCollection<Document> tokens;
    private final Serializer serializer;

    LiveProcessor(ObjectProvider<EventProcessingConfiguration> processing, TokenStore tokenStore,
                  ReadSideWrites writes, Serializer serializer) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.tokens = writes.database().getCollection(ProjectionSettings.TOKENS_COLLECTION);
        this.serializer = serializer;
    }

    /** Stops it; its in-flight batches complete, their tokens are stored and its claims released. */
    void stop() {
        processor().shutDown();
    }

    void start() {
        processor().start();
    }

    boolean isRunning() {
        return processor().isRunning();
    }

    /** How many segments the processor has in the token store (0 before its first start). */
    int segmentCount() {
        return tokenStore.fetchSegments(NAME).length;
    }

    /** The segments this instance's processor holds now, in ascending order. */
    List<Integer> claimedSegments() {
        return processor().processingStatus().keySet().stream().sorted().toList();
    }

    /**
     * Claims every segment for this instance, waiting (up to {@code timeout}) for the other instances to release theirs
     * and for the claims of a killed one to expire. While this instance holds them no processor anywhere can process
     * an event; they are released by {@link #tokensNotBeyond}. Only while this instance's processor is stopped.
     *
     * @throws UnableToClaimTokenException if some segment is still claimed by another instance after the timeout
     */
    void claimAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int segment : tokenStore.fetchSegments(NAME)) {
            while (true) {
                try {
                    tokenStore.fetchToken(NAME, segment);
                    break;
                } catch (UnableToClaimTokenException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(CLAIM_RETRY.toMillis()); // another instance is stopping, or its claim has to expire
                }
            }
        }
    }

    /** Releases whatever claims {@link #claimAll} left with this instance (a rebuild that failed after it). */
    void releaseAll() {
        for (int segment : tokenStore.fetchSegments(NAME)) {
            tokenStore.releaseClaim(NAME, segment);
        }
    }

    /** The lowest position of its running segments; empty while it is stopped. */
    Optional<Long> position() {
        Map<Integer, EventTrackerStatus> status = processor().processingStatus();
        if (status.isEmpty()) {
            return Optional.empty();
        }
        return status.values().stream()
                     .map(s -> s.getCurrentPosition().isPresent() ? s.getCurrentPosition().getAsLong() : 0L)
                     .min(Long::compare);
    }

    /**
     * The positions of the stored tokens, read without claiming them (the processor may hold the claims). A token at
     * the tail of the store has no position and is left out.
     */
    List<Long> storedPositions() {
        return storedPositions(NAME);
    }

    /** The stored position of each segment (a token at the tail of the store, or none yet, counts as 0). */
    Map<Integer, Long> storedPositionsBySegment() {
        Map<Integer, Long> positions = new java.util.HashMap<>();
        for (Document entry : tokens.find(eq("processorName", NAME))) {
            Number segment = entry.get("segment", Number.class);
            if (segment != null) {
                positions.put(segment.intValue(), position(entry).orElse(0L));
            }
        }
        return positions;
    }

    /** As {@link #storedPositions()}, for any processor whose tokens this service stores (the metrics' fallback). */
    List<Long> storedPositions(String processorName) {
        List<Long> positions = new ArrayList<>();
        for (Document entry : tokens.find(eq("processorName", processorName))) {
            position(entry).ifPresent(positions::add);
        }
        return positions;
    }

    private Optional<Long> position(Document entry) {
        Object data = entry.get("token");
        String type = entry.getString("tokenType");
        if (data == null || type == null) {
            return Optional.empty();
        }
        byte[] bytes = data instanceof Binary binary ? binary.getData() : data.toString().getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        OptionalLong position = token == null ? OptionalLong.empty() : token.position();
        return position.isPresent() ? Optional.of(position.getAsLong()) : Optional.empty();
    }

    /**
     * Puts every segment's stored token back to {@code end} where it lies beyond it, so that the processor resumes no
     * later than where a rebuild ended. Tokens at or before it stay: the events between are delivered again and change
     * nothing, and a rebuild of a single projection must not make the other projections skip them. Only while the
     * processor is stopped and after {@link #claimAll}: if another instance took a segment meanwhile, this fails.
     */
    void tokensNotBeyond(long end) {
        for (int segment : tokenStore.fetchSegments(NAME)) {
            TrackingToken stored = tokenStore.fetchToken(NAME, segment);
            try {
                OptionalLong position = stored == null ? OptionalLong.empty() : stored.position();
                if (position.isPresent() && position.getAsLong() > end) {
                    tokenStore.storeToken(new GlobalSequenceTrackingToken(end), NAME, segment);
                }
            } finally {
                tokenStore.releaseClaim(NAME, segment);
            }
        }
    }

    private PooledStreamingEventProcessor processor() {
        return processing.getObject()
                         .eventProcessor(NAME, PooledStreamingEventProcessor.class)
                         .orElseThrow(() -> new IllegalStateException("no pooled processor " + NAME));
    }
}
