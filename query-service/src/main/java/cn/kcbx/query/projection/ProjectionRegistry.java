package cn.kcbx.query.projection;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static com.mongodb.client.model.Filters.eq;

/**
 * The projections and, for each, which of its two collections is live. A projection {@code p} alternates between
 * {@code p} and {@code p_rebuild}: readers and the live processor use the active one, a rebuild fills the other and
 * then makes it active. The choice is one pointer document per projection in {@code projection_state}
 * ({@code {_id: p, active: "p_rebuild"}}), switched by a single-document update, so readers move from the old
 * collection to the new one at once and never see a half-built one. This process is the pointer's only writer and
 * keeps it in memory as well (one query-service instance per database).
 */
@Component
public class ProjectionRegistry {

    public static final String STATE_COLLECTION = "projection_state";
    static final String REBUILD_SUFFIX = "_rebuild";

    private final MongoDatabase database;
    private final MongoCollection<Document> state;
    private final Map<String, Projection> projections = new LinkedHashMap<>();
    private final Map<String, String> active = new ConcurrentHashMap<>();

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

    /** The collection readers and the live processor use now. */
    public MongoCollection<Document> activeCollection(String name) {
        projection(name);
        return database.getCollection(active.get(name));
    }

    public String activeCollectionName(String name) {
        projection(name);
        return active.get(name);
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

    /** Applies a batch of live events, in order, to the active collection of every projection. */
    void applyLive(List<ProjectionEvent> events) {
        for (Projection projection : projections.values()) {
            projection.applyAll(events, database.getCollection(active.get(projection.name())));
        }
    }
}
