package cn.kcbx.directory;

import cn.kcbx.eventstore.GapFreeMongoEventStorageEngine;
import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.actor.ActorMetaData;
import cn.kcbx.kernel.directory.DirectoryEvent;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.region.DivisionCode;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every county's unit directory, folded from its changes in the event store (aggregate
 * {@link UnitDirectory#aggregateId(String)}). A county's directory is small (hundreds of units) and changes rarely, so
 * it is kept folded and read again only when the store holds a newer change: one indexed lookup per call.
 */
public class UnitDirectories {

    static final Duration COUNTIES_KEPT = Duration.ofSeconds(30);

    private record Folded(long lastSequence, UnitDirectory directory) {
    }

    private record KnownCounties(List<String> counties, long readAt) {
    }

    private final EventStorageEngine store;
    private final Map<String, Folded> folded = new ConcurrentHashMap<>();
    private volatile KnownCounties counties;

    public UnitDirectories(EventStorageEngine store) {
        this.store = store;
    }

    /** The county's directory as it now stands (empty before its first import). */
    public UnitDirectory of(String county) {
        String aggregateId = UnitDirectory.aggregateId(county);
        long last = store.lastSequenceNumberFor(aggregateId).orElse(-1L);
        if (last < 0) {
            // No directory yet; not kept, so that a county code anyone may type does not grow the map.
            return UnitDirectory.empty(county);
        }
        Folded cached = folded.get(county);
        if (cached != null && cached.lastSequence() == last) {
            return cached.directory();
        }
        List<UnitDirectory.Recorded> history =
                store.readEvents(aggregateId, 0).asStream()
                     .filter(message -> message.getPayload() instanceof DirectoryEvent)
                     .map(message -> new UnitDirectory.Recorded((DirectoryEvent) message.getPayload(),
                                                                message.getTimestamp(),
                                                                recordedBy(message.getMetaData())))
                     .toList();
        long read = store.lastSequenceNumberFor(aggregateId).orElse(-1L);
        UnitDirectory directory = UnitDirectory.of(county, history);
        if (read == last) {
            folded.put(county, new Folded(last, directory));
        }
        KnownCounties known = counties;
        if (!directory.isEmpty() && known != null && !known.counties().contains(county)) {
            counties = null;
        }
        return directory;
    }

    /**
     * Every county whose directory the store holds. Found by a scan of the store, so kept for a while: a county that
     * starts its directory is added at once when this process reads it, and seen by the other service within
     * {@link #COUNTIES_KEPT}.
     */
    public List<String> counties() {
        KnownCounties known = counties;
        long now = System.nanoTime();
        if (known != null && now - known.readAt() < COUNTIES_KEPT.toNanos()) {
            return known.counties();
        }
        List<String> found = List.of();
        if (store instanceof GapFreeMongoEventStorageEngine gapFree) {
            String prefix = UnitDirectory.aggregateId("");
            found = gapFree.aggregateIdsStartingWith(prefix).stream().map(id -> id.substring(prefix.length()))
                           .sorted().toList();
        }
        counties = new KnownCounties(found, now);
        return found;
    }

    /**
     * The directory that lists a school: the given county's when it does, else any other county's in the store (a
     * child may return to a school in another county).
     */
    public Optional<UnitDirectory> listingSchool(String schoolCode, String likelyCounty) {
        return listingSchool(schoolCode, likelyCounty, this::of);
    }

    /**
     * As {@link #listingSchool(String, String)}, with the counties' directories looked up by {@code directoryOf}: a
     * caller that checks several units of one command hands in one that remembers what it read, so that each county
     * costs one lookup per command.
     */
    public Optional<UnitDirectory> listingSchool(String schoolCode, String likelyCounty,
                                                 Function<String, UnitDirectory> directoryOf) {
        if (likelyCounty != null) {
            UnitDirectory likely = directoryOf.apply(likelyCounty);
            if (likely.find(schoolCode).isPresent()) {
                return Optional.of(likely);
            }
        }
        return counties().stream().filter(county -> !county.equals(likelyCounty)).map(directoryOf)
                         .filter(directory -> directory.find(schoolCode).isPresent()).findFirst();
    }

    /** How many counties' directories are kept folded (for the test that this stays bounded). */
    int keptDirectories() {
        return folded.size();
    }

    /** The directory of the county a division code lies in; empty for a code that is not a division code. */
    public Optional<UnitDirectory> ofRegion(String divisionCode) {
        try {
            return Optional.of(of(new DivisionCode(divisionCode).county().value()));
        } catch (InvalidValueException notADivision) {
            return Optional.empty();
        }
    }

    /** A division unit's name (a retired one's last name), or null when its county's directory does not list it. */
    public String nameOfRegion(String divisionCode) {
        return ofRegion(divisionCode).map(directory -> directory.nameOf(divisionCode)).orElse(null);
    }

    private static String recordedBy(Map<String, ?> metaData) {
        Object actorId = metaData.get(ActorMetaData.ACTOR_ID);
        return actorId instanceof String id ? id : null;
    }
}
