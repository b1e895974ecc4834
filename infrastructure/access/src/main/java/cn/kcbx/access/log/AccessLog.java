package cn.kcbx.access.log;

import cn.kcbx.kernel.actor.Actor;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The append-only {@code access_log} collection: sign-ins, account changes, reveals of personal data, erasures and
 * integrity checks. Entries are only ever inserted; nothing updates or deletes them.
 */
public class AccessLog {

    /** Longest user id, role, unit, case id and address kept. */
    static final int MAX_NAME = 100;
    /** Longest detail kept (a reveal's reason, for one). */
    static final int MAX_DETAIL = 1000;

    private final MongoCollection<Document> entries;
    private final Clock clock;

    public AccessLog(MongoCollection<Document> entries, Clock clock) {
        this.entries = entries;
        this.clock = clock;
        entries.createIndex(Indexes.ascending("userId", "at"));
        entries.createIndex(Indexes.ascending("caseId", "at"));
        entries.createIndex(Indexes.ascending("at"));
    }

    /** Records an action of a signed-in user. */
    public AccessEntry record(Actor actor, AccessAction action, String caseId, String detail, String origin) {
        return record(actor.userId(), actor.role().name(), actor.unitCode(), action, caseId, detail, origin);
    }

    /**
     * Records an action of a user who may not be signed in (a failed sign-in names only the user id tried). Every
     * field is cut to a bounded length: the log keeps what happened, never whatever size of input came with it.
     */
    public AccessEntry record(String userId, String role, String unit, AccessAction action, String caseId,
                              String detail, String origin) {
        AccessEntry entry = new AccessEntry(UUID.randomUUID().toString(), clock.instant(), bounded(userId, MAX_NAME),
                                            bounded(role, MAX_NAME), bounded(unit, MAX_NAME), action,
                                            bounded(caseId, MAX_NAME), bounded(detail, MAX_DETAIL),
                                            bounded(origin, MAX_NAME));
        entries.insertOne(new Document("_id", entry.id())
                                  .append("at", Date.from(entry.at()))
                                  .append("userId", entry.userId())
                                  .append("role", entry.role())
                                  .append("unit", entry.unit())
                                  .append("action", entry.action().name())
                                  .append("caseId", entry.caseId())
                                  .append("detail", entry.detail())
                                  .append("origin", entry.origin()));
        return entry;
    }

    /** Entries matching every given criterion (null means any), oldest first, at most {@code limit}. */
    public List<AccessEntry> find(String userId, String caseId, Instant from, Instant to, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (userId != null) {
            filters.add(Filters.eq("userId", userId));
        }
        if (caseId != null) {
            filters.add(Filters.eq("caseId", caseId));
        }
        if (from != null) {
            filters.add(Filters.gte("at", Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt("at", Date.from(to)));
        }
        List<AccessEntry> result = new ArrayList<>();
        for (Document document : entries.find(filters.isEmpty() ? new Document() : Filters.and(filters))
                                        .sort(Sorts.ascending("at", "_id"))
                                        .limit(limit)) {
            result.add(entry(document));
        }
        return result;
    }

    /**
     * Entries matching a filter over the stored fields ({@code at} a date; {@code userId}, {@code role}, {@code unit},
     * {@code action}, {@code caseId} strings), newest first, at most {@code limit}: for the audit query.
     */
    public List<AccessEntry> findNewestFirst(Bson filter, int limit) {
        List<AccessEntry> result = new ArrayList<>();
        for (Document document : entries.find(filter).sort(Sorts.descending("at", "_id")).limit(limit)) {
            result.add(entry(document));
        }
        return result;
    }

    /** How many entries match a filter as in {@link #findNewestFirst}. */
    public long count(Bson filter) {
        return entries.countDocuments(filter);
    }

    private static String bounded(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "…";
    }

    private static AccessEntry entry(Document document) {
        return new AccessEntry(document.getString("_id"), document.getDate("at").toInstant(),
                               document.getString("userId"), document.getString("role"),
                               document.getString("unit"), AccessAction.valueOf(document.getString("action")),
                               document.getString("caseId"), document.getString("detail"),
                               document.getString("origin"));
    }
}
