package cn.kcbx.query.projection;

import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token store that stores a segment's position only once the projection writes before it are on disk
 * ({@link ReadSideWrites#confirmDurable}).
 *
 * <p>A segment's writes begin when this process claims it: the store's incarnation is noted then. Before each position
 * is stored, the barrier syncs the store and checks that it has not restarted since. If it has, storing the position
 * fails, the processor drops the segment's batch and claims the segment again, and so resumes from the position the
 * store kept, which no lost write lies behind: every stored position was confirmed this way. The events from there on
 * are applied again and change nothing that was kept (projections are idempotent).
 */
public final class DurablePositionsTokenStore implements TokenStore {

    private final TokenStore positions;
    private final ReadSideWrites writes;
    /** Per processor and segment claimed here: the store's incarnation when its current writes began. */
    private final Map<String, Optional<String>> writingSince = new ConcurrentHashMap<>();

    public DurablePositionsTokenStore(TokenStore positions, ReadSideWrites writes) {
        this.positions = positions;
        this.writes = writes;
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
        Optional<String> incarnation = writes.incarnation();
        TrackingToken token = positions.fetchToken(processorName, segment);
        writingSince.put(key(processorName, segment), incarnation);
        return token;
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment)
            throws UnableToClaimTokenException {
        Optional<String> incarnation = writes.incarnation();
        TrackingToken token = positions.fetchToken(processorName, segment);
        writingSince.put(key(processorName, segment.getSegmentId()), incarnation);
        return token;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment)
            throws UnableToClaimTokenException {
        Optional<String> since = writingSince.get(key(processorName, segment));
        if (since != null) {
            writes.confirmDurable(since);
        }
        positions.storeToken(token, processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        writingSince.remove(key(processorName, segment));
        positions.releaseClaim(processorName, segment);
    }

    @Override
    public void extendClaim(String processorName, int segment) throws UnableToClaimTokenException {
        positions.extendClaim(processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount)
            throws org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException {
        positions.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount,
                                        TrackingToken initialToken)
            throws org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException {
        positions.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment)
            throws org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException {
        positions.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) throws UnableToClaimTokenException {
        positions.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return positions.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return positions.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return positions.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return positions.retrieveStorageIdentifier();
    }

    private static String key(String processorName, int segment) {
        return processorName + "#" + segment;
    }
}
