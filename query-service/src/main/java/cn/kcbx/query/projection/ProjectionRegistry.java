package cn.kcbx.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * The projections and, for each, which of its two collections is live. A projection {@code p} alternates between
 * {@code p} and {@code p_rebuild}: readers and the live processor use the active one, a rebuild fills the other and
 * then makes it active. The choice is one pointer document per projection in {@code projection_state}
 * ({@code {_id: p, active: "p_rebuild"}}), switched by a single-document update, so readers move from the old
 * collection to the new one at once and never see a half-built one.
 *
 * <p>Several instances may share the database and any one of them may switch a pointer. So readers re-read the
 * pointers when the copy in memory is older than {@link #POINTER_CACHE} (a reader a little late still finds the old
 * collection: it is dropped a minute after the switch), and live processing reads them afresh for every batch: it
 * must never write into a collection switched away from. (A switch happens only while every instance's live
 * processing is paused, see {@link RebuildLease}.)
 */
@Component
public class ProjectionRegistry {

    public static final String STATE_COLLECTION = "projection_state";
    static final String REBUILD_SUFFIX = "_rebuild";
    /** How long readers may use the pointers in memory before reading them again. */
    static final Duration POINTER_CACHE = Duration.ofMillis(500);

    private final MongoDatabase database;
    private final MongoCollection<Document> state;
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final Map<String, String> active = new ConcurrentHashMap<>();
    private volatile long pointersReadAt = System.nanoTime();

    ProjectionRegistry(ReadSideWrites writes, List<Projection> projections) {
        this.database = writes.database();
        // A pointer cannot be rebuilt: a lost switch would point at a collection that is dropped a minute later.
        this.state = writes.durable().getCollection(STATE_COLLECTION);
        for (Projection projection : projections) {
            this.projections.put(projection.name(), projection);
            String activeName = loadOrCreatePointer(projection.name());
            active.put(projection.name(), activeName);
            projection.prepare(database.getCollection(activeName));
        }
    }

    private String loadOrCreatePointer(String name) {
        Document pointer = state.find(eq("_id", name)).first();
        if (pointer != null) {
            return pointer.getString("active");
        }
        try {
            state.insertOne(new Document("_id", name).append("active", name));
            return name;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return state.find(eq("_id", name)).first().getString("active");
        }
    }

    public List<String> names() {
        return List.copyOf(projections.keySet());
    }

    public Projection projection(String name) {
        Projection projection = projections.get(name);
        if (projection == null) {
            throw new UnknownProjectionException(name, names());
        }
        return projection;
    }

    /** The collection readers use now (as of at most {@link #POINTER_CACHE} ago). */
    public MongoCollection<Document> activeCollection(String name) {
        return database.getCollection(activeCollectionName(name));
    }

    public String activeCollectionName(String name) {
        projection(name);
        if (System.nanoTime() - pointersReadAt > POINTER_CACHE.toNanos()) {
            refresh();
        }
        return active.get(name);
    }

    /** Reads every pointer from the database (another instance may have switched one). */
    void refresh() {
        long readAt = System.nanoTime();
        for (Document pointer : state.find(in("_id", projections.keySet()))) {
            String activeName = pointer.getString("active");
            if (activeName != null) {
                active.put(pointer.getString("_id"), activeName);
            }
        }
        pointersReadAt = readAt;
    }

    /** The other collection of the projection: the one a rebuild fills. */
    String standbyCollectionName(String name) {
        String current = activeCollectionName(name);
        return current.equals(name) ? name + REBUILD_SUFFIX : name;
    }

    MongoCollection<Document> collection(String physicalName) {
        return database.getCollection(physicalName);
    }

    /** Drops a collection if it exists (the embedded server logs an error for a missing one). */
    void drop(String physicalName) {
        for (String existing : database.listCollectionNames()) {
            if (existing.equals(physicalName)) {
                database.getCollection(physicalName).drop();
                return;
            }
        }
    }

    /** Makes {@code physicalName} the projection's live collection, for readers and the live processor. */
    void activate(String name, String physicalName) {
        state.updateOne(eq("_id", name), Updates.set("active", physicalName));
        active.put(name, physicalName);
    }

    /** Applies a batch of live events, in order, to the active collection of every projection (pointers read afresh). */
    void applyLive(List<ProjectionEvent> events) {
        refresh();
        for (Projection projection : projections.values()) {
            projection.applyAll(events, database.getCollection(active.get(projection.name())));
        }
    }
}
