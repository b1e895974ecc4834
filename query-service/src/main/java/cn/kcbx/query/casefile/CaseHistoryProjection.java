package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;
import cn.kcbx.query.projection.StoredCaseEvents;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.regex;

/**
 * {@code case_history}: every version of every case, one document per event ({@code _id} = {@code caseId:sequence}),
 * holding the {@link CaseFile} as it stood after that event and the interval during which that was the latest
 * knowledge: from the event's {@code recordedAt} ({@code validFrom}) until the next event of the case was recorded
 * ({@code validUntil}, absent while it is the latest). What the system knew at an instant T is, for each case, the
 * version with {@code validFrom <= T < validUntil}: that is how every dashboard and report is reproduced as of a past
 * date, whatever was recorded or corrected later.
 *
 * <p>Idempotent by key: a version is a pure function of the case's events up to it, and {@code validUntil} is the next
 * event's own timestamp, so writing either again writes the same values.
 */
@Component
public class CaseHistoryProjection implements Projection {

    public static final String NAME = "case_history";
    static final String VALID_FROM = "validFrom";
    static final String VALID_UNTIL = "validUntil";

    private final CaseFileDocuments documents;
    private final StoredCaseEvents storedEvents;

    public CaseHistoryProjection(CaseFileDocuments documents, StoredCaseEvents storedEvents) {
        this.documents = documents;
        this.storedEvents = storedEvents;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY, VALID_FROM),
                               new IndexOptions().name("county_validFrom"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, VALID_FROM),
                               new IndexOptions().name("town_validFrom"));
        // The versions of the cases that changed, for the files in memory (CountyFilesInMemory).
        collection.createIndex(Indexes.ascending(CaseFileDocuments.CASE_ID), new IndexOptions().name("caseId"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    /**
     * Reads, in one query, the version before each case's first event in the batch and any versions already stored
     * for the batch's events (a redelivery keeps their {@code validUntil}); folds in memory; writes all versions and
     * closes each predecessor in one bulk write.
     */
    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        Map<String, ProjectionEvent> firstOfCase = new LinkedHashMap<>();
        for (ProjectionEvent event : events) {
            keys.add(key(event.caseId(), event.sequence()));
            if (firstOfCase.putIfAbsent(event.caseId(), event) == null && event.sequence() > 0) {
                keys.add(key(event.caseId(), event.sequence() - 1));
            }
        }
        Map<String, Document> stored = new HashMap<>();
        for (Document document : collection.find(in("_id", keys))) {
            stored.put(document.getString("_id"), document);
        }

        Map<String, CaseFile> files = new HashMap<>();
        Map<String, Document> versions = new LinkedHashMap<>();
        Map<String, Date> closes = new LinkedHashMap<>();
        for (ProjectionEvent event : events) {
            Date recordedAt = Date.from(event.recordedAt());
            CaseFile previous = files.get(event.caseId());
            if (previous == null && event.sequence() > 0) {
                Document before = stored.get(key(event.caseId(), event.sequence() - 1));
                if (before == null) {
                    throw new IllegalStateException("Case " + event.caseId() + ": event " + event.sequence()
                                                            + " arrived before event " + (event.sequence() - 1));
                }
                previous = documents.file(before);
            }
            if (previous != null && previous.sequence() != event.sequence() - 1) {
                throw new IllegalStateException("Case " + event.caseId() + ": event " + event.sequence()
                                                        + " follows event " + previous.sequence());
            }
            // A date correction changes an earlier step: the case is folded again from its events.
            CaseFile file = CaseReplay.needsHistory(event)
                    ? CaseReplay.fileAfter(storedEvents.upTo(event.caseId(), event.sequence()))
                    : CaseFile.fold(previous, event);
            files.put(event.caseId(), file);
            String key = key(event.caseId(), event.sequence());
            Document version = documents.document(key, file).append(VALID_FROM, recordedAt);
            Document existing = stored.get(key);
            if (existing != null && existing.get(VALID_UNTIL) != null) {
                version.append(VALID_UNTIL, existing.get(VALID_UNTIL));
            }
            String previousKey = key(event.caseId(), event.sequence() - 1);
            if (versions.containsKey(previousKey)) {
                versions.get(previousKey).put(VALID_UNTIL, recordedAt);
            } else if (event.sequence() > 0) {
                closes.put(previousKey, recordedAt);
            }
            versions.put(key, version);
        }

        List<WriteModel<Document>> writes = new ArrayList<>(versions.size() + closes.size());
        versions.forEach((key, version) -> writes.add(
                new ReplaceOneModel<>(eq("_id", key), version, new ReplaceOptions().upsert(true))));
        closes.forEach((key, until) -> writes.add(new UpdateOneModel<>(eq("_id", key), Updates.set(VALID_UNTIL, until))));
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        for (ProjectionEvent event : events) {
            if (event.payload() instanceof PersonalDataErased) {
                eraseEarlierVersions(event.caseId(), event.sequence(), collection);
            }
        }
    }

    /**
     * Holds each case's latest version in memory and inserts every version once, when the next event closes it (with
     * its {@code validUntil}) or at {@link Replay#flush}; a version written open is closed by an update, as live
     * processing closes it (see {@link HeldCaseReplay}).
     */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        return new HistoryReplay(collection);
    }

    /** A case's latest version, held by a rebuild. */
    private static final class Latest {
        final CaseFile file;
        final String key;
        final Date validFrom;
        boolean written;

        Latest(CaseFile file, String key, Date validFrom) {
            this.file = file;
            this.key = key;
            this.validFrom = validFrom;
        }
    }

    private final class HistoryReplay extends HeldCaseReplay<Latest> {

        HistoryReplay(MongoCollection<Document> collection) {
            super(CaseHistoryProjection.this, documents, collection);
        }

        @Override
        void fold(Map<String, List<ProjectionEvent>> byCase) {
            List<Document> inserts = new ArrayList<>();
            List<WriteModel<Document>> closes = new ArrayList<>();
            byCase.forEach((caseId, events) -> {
                Latest latest = held.get(caseId);
                for (ProjectionEvent event : events) {
                    if (latest == null ? event.sequence() != 0 : latest.file.sequence() != event.sequence() - 1) {
                        throw new IllegalStateException("Case " + caseId + ": event " + event.sequence()
                                                                + " does not follow the version held");
                    }
                    CaseFile file = CaseReplay.needsHistory(event)
                            ? CaseReplay.fileAfter(storedEvents.upTo(caseId, event.sequence()))
                            : CaseFile.fold(latest == null ? null : latest.file, event);
                    Date recordedAt = Date.from(event.recordedAt());
                    if (latest != null) {
                        if (latest.written) {
                            closes.add(new UpdateOneModel<>(eq("_id", latest.key), Updates.set(VALID_UNTIL, recordedAt)));
                        } else {
                            inserts.add(version(latest).append(VALID_UNTIL, recordedAt));
                        }
                    }
                    latest = new Latest(file, key(caseId, event.sequence()), recordedAt);
                }
                held.put(caseId, latest);
            });
            if (!inserts.isEmpty()) {
                collection.insertMany(inserts, new InsertManyOptions().ordered(false));
            }
            if (!closes.isEmpty()) {
                collection.bulkWrite(closes, new BulkWriteOptions().ordered(false));
            }
        }

        @Override
        void write(Collection<String> caseIds) {
            List<Document> inserts = new ArrayList<>();
            for (String caseId : caseIds) {
                Latest latest = held.get(caseId);
                if (latest != null && !latest.written) {
                    inserts.add(version(latest));
                    latest.written = true;
                }
            }
            if (!inserts.isEmpty()) {
                collection.insertMany(inserts, new InsertManyOptions().ordered(false));
            }
        }

        private Document version(Latest latest) {
            return documents.document(latest.key, latest.file).append(VALID_FROM, latest.validFrom);
        }
    }

    /**
     * Blanks the personal fields of every version before the erasure, as a rebuild (which reads those events without
     * their personal fields) would have written them.
     */
    private void eraseEarlierVersions(String caseId, long erasedAt, MongoCollection<Document> collection) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Document stored : collection.find(and(regex("_id", "^" + Pattern.quote(caseId) + ":"),
                                                   lt(CaseFileDocuments.SEQUENCE, erasedAt)))) {
            Document version = documents.document(stored.get("_id"), CaseFile.erased(documents.file(stored)))
                                                 .append(VALID_FROM, stored.get(VALID_FROM));
            if (stored.get(VALID_UNTIL) != null) {
                version.append(VALID_UNTIL, stored.get(VALID_UNTIL));
            }
            writes.add(new ReplaceOneModel<>(eq("_id", stored.get("_id")), version));
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    static String key(String caseId, long sequence) {
        return caseId + ":" + sequence;
    }
}
