package cn.kcbx.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

/**
 * The one rebuild running across every query-service instance on the database: a lease document in
 * {@code projection_state} ({@code _id: "_rebuild"}), written durably. Whoever holds it rebuilds; the others answer a
 * second rebuild request with 409 {@code REBUILD_IN_PROGRESS}. While the lease says {@code pause}, every other instance
 * stops its live processor (releasing its segments) until the lease ends ({@link RebuildPauseWatcher}). The holder
 * renews it; a lease not renewed for {@code rebuild-lease-timeout} has expired, so a crashed rebuilder neither keeps
 * the others paused nor blocks the next rebuild for longer than that.
 *
 * <p>Single-document updates only: taking the lease is an insert, or an update of an ended or expired lease filtered
 * on exactly that, so of two instances asking at once one wins.
 */
@Component
class RebuildLease {

    static final String LEASE_ID = "_rebuild";

    private final MongoCollection<Document> state;
    private final String instance;
    private final Duration timeout;
    private final Clock clock = Clock.systemUTC();

    RebuildLease(ReadSideWrites writes, ProjectionSettings settings) {
        this.state = writes.durable().getCollection(ProjectionRegistry.STATE_COLLECTION);
        this.instance = settings.instanceName();
        this.timeout = settings.rebuildLeaseTimeout();
    }

    /** What an instance sees of the lease. */
    record View(String rebuildId, String owner, boolean running, boolean pause, Instant expiresAt) {

        /** A running rebuild whose holder renewed it recently. */
        boolean live(Instant now) {
            return running && expiresAt.isAfter(now);
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** Takes the lease for {@code rebuildId}; false if another rebuild holds it (on any instance). */
    boolean acquire(String rebuildId, List<String> projections) {
        Instant now = clock.instant();
        Document lease = new Document("_id", LEASE_ID).append("rebuildId", rebuildId).append("owner", instance)
                                                      .append("projections", projections).append("running", true)
                                                      .append("pause", false).append("startedAt", Date.from(now))
                                                      .append("expiresAt", Date.from(now.plus(timeout)));
        try {
            state.insertOne(lease);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Bson free = and(eq("_id", LEASE_ID), or(eq("running", false), lt("expiresAt", Date.from(now))));
        return state.replaceOne(free, lease).getMatchedCount() == 1;
    }

    /** Extends the lease; false if it is no longer this rebuild's (it expired and another took it). */
    boolean renew(String rebuildId) {
        return update(rebuildId, Updates.set("expiresAt", Date.from(clock.instant().plus(timeout))));
    }

    /** Asks every other instance to stop its live processor; false if the lease is no longer this rebuild's. */
    boolean pause(String rebuildId) {
        return update(rebuildId, Updates.combine(Updates.set("pause", true),
                                                 Updates.set("expiresAt", Date.from(clock.instant().plus(timeout)))));
    }

    /** Whether this rebuild still holds an unexpired lease: checked just before it switches anything. */
    boolean held(String rebuildId) {
        return state.countDocuments(and(eq("_id", LEASE_ID), eq("rebuildId", rebuildId), eq("running", true),
                                        gt("expiresAt", Date.from(clock.instant())))) == 1;
    }

    /** Ends the lease: the others resume, and another rebuild may start. */
    void end(String rebuildId, boolean completed) {
        update(rebuildId, Updates.combine(Updates.set("running", false), Updates.set("pause", false),
                                          Updates.set("completed", completed),
                                          Updates.set("endedAt", Date.from(clock.instant()))));
    }

    Optional<View> read() {
        Document lease = state.find(eq("_id", LEASE_ID)).first();
        if (lease == null) {
            return Optional.empty();
        }
        Date expiresAt = lease.getDate("expiresAt");
        return Optional.of(new View(lease.getString("rebuildId"), lease.getString("owner"),
                                    Boolean.TRUE.equals(lease.getBoolean("running")),
                                    Boolean.TRUE.equals(lease.getBoolean("pause")),
                                    expiresAt == null ? Instant.EPOCH : expiresAt.toInstant()));
    }

    /** Whether a rebuild holds the lease now, on any instance. */
    boolean anyRunning() {
        return read().filter(view -> view.live(clock.instant())).isPresent();
    }

    String instance() {
        return instance;
    }

    Instant now() {
        return clock.instant();
    }

    private boolean update(String rebuildId, Bson update) {
        return state.updateOne(and(eq("_id", LEASE_ID), eq("rebuildId", rebuildId)), update).getMatchedCount() == 1;
    }
}
