package cn.kcbx.query.casefile;

import cn.kcbx.query.projection.ForwardOnlyWrites;
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
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * {@code case_ledger}: every case as it stands now, one document per case ({@code _id} = case id): the source of the
 * live 三帮一 ledger (its open cases), the 劝返销号 account (its returned cases), dashboards and reports.
 *
 * <p>Idempotent by sequence: the document records the sequence of the last event folded into it, and an event at or
 * below it is skipped, so a redelivery changes nothing. A batch is read in one query and written in one bulk write. A case's events arrive in order without gaps; an event that
 * skips one is refused (the batch fails and is retried) rather than folded into a wrong state.
 */
@Component
public class CaseLedgerProjection implements Projection {

    public static final String NAME = "case_ledger";

    private final CaseFileDocuments documents;
    private final StoredCaseEvents storedEvents;

    public CaseLedgerProjection(CaseFileDocuments documents, StoredCaseEvents storedEvents) {
        this.documents = documents;
        this.storedEvents = storedEvents;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void prepare(MongoCollection<Document> collection) {
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TOWN, CaseFileDocuments.STATUS),
                               new IndexOptions().name("town_status"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.COUNTY), new IndexOptions().name("county"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.VILLAGE), new IndexOptions().name("village"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TRANSFERRED_FROM),
                               new IndexOptions().name("transferredFrom"));
        collection.createIndex(Indexes.ascending(CaseFileDocuments.TRANSFERRED_TO),
                               new IndexOptions().name("transferredTo"));
        // A school's list: the cases of its students.
        collection.createIndex(Indexes.ascending(CaseFiles.SCHOOLS), new IndexOptions().name("schools"));
    }

    @Override
    public void apply(ProjectionEvent event, MongoCollection<Document> collection) {
        applyAll(List.of(event), collection);
    }

    /** Reads the batch's cases in one query, folds the events in memory and writes each changed case once. */
    @Override
    public void applyAll(List<ProjectionEvent> events, MongoCollection<Document> collection) {
        if (events.isEmpty()) {
            return;
        }
        Set<String> caseIds = new LinkedHashSet<>();
        events.forEach(event -> caseIds.add(event.caseId()));
        Map<String, CaseFile> files = new HashMap<>();
        for (CaseFile stored : documents.files(collection.find(in("_id", caseIds)).into(new ArrayList<>()))) {
            files.put(stored.caseId(), stored);
        }
        Set<String> changed = new LinkedHashSet<>();
        for (ProjectionEvent event : events) {
            CaseFile previous = files.get(event.caseId());
            long expected = previous == null ? 0 : previous.sequence() + 1;
            if (event.sequence() < expected) {
                continue;
            }
            if (event.sequence() > expected) {
                throw new IllegalStateException("Case " + event.caseId() + ": event " + event.sequence()
                                                        + " arrived before event " + expected);
            }
            // A date correction changes an earlier step: the case is folded again from its events.
            files.put(event.caseId(), CaseReplay.needsHistory(event)
                    ? CaseReplay.fileAfter(storedEvents.upTo(event.caseId(), event.sequence()))
                    : CaseFile.fold(previous, event));
            changed.add(event.caseId());
        }
        if (changed.isEmpty()) {
            return;
        }
        // Forward only: an instance that lost the case's segment must not write back an older file over a newer one.
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(changed.size());
        for (String caseId : changed) {
            CaseFile file = files.get(caseId);
            writes.add(ForwardOnlyWrites.replaceIfNewer(caseId, CaseFileDocuments.SEQUENCE, file.sequence(),
                                                        documents.document(caseId, file)));
        }
        ForwardOnlyWrites.write(collection, writes);
    }

    /** Holds each case's file in memory and writes each case once, at {@link Replay#flush} (see {@link HeldCaseReplay}). */
    @Override
    public Replay replay(MongoCollection<Document> collection) {
        return new LedgerReplay(collection);
    }

    /** What a rebuild holds of a case: its file, whether it changed since written, and whether it was ever written. */
    private static final class Held {
        CaseFile file;
        boolean dirty;
        boolean written;
    }

    private final class LedgerReplay extends HeldCaseReplay<Held> {

        LedgerReplay(MongoCollection<Document> collection) {
            super(CaseLedgerProjection.this, documents, collection);
        }

        @Override
        void fold(Map<String, List<ProjectionEvent>> byCase) {
            byCase.forEach((caseId, events) -> {
                Held held = this.held.computeIfAbsent(caseId, id -> new Held());
                CaseFile file = held.file;
                for (ProjectionEvent event : events) {
                    long expected = file == null ? 0 : file.sequence() + 1;
                    if (event.sequence() < expected) {
                        continue;
                    }
                    if (event.sequence() > expected) {
                        throw new IllegalStateException("Case " + caseId + ": event " + event.sequence()
                                                                + " arrived before event " + expected);
                    }
                    file = CaseReplay.needsHistory(event)
                            ? CaseReplay.fileAfter(storedEvents.upTo(caseId, event.sequence()))
                            : CaseFile.fold(file, event);
                    held.dirty = true;
                }
                held.file = file;
            });
        }

        @Override
        void write(Collection<String> caseIds) {
            List<Document> inserts = new ArrayList<>();
            List<ReplaceOneModel<Document>> replaces = new ArrayList<>();
            for (String caseId : caseIds) {
                Held held = this.held.get(caseId);
                if (held == null || !held.dirty) {
                    continue;
                }
                Document document = documents.document(caseId, held.file);
                if (held.written) {
                    replaces.add(new ReplaceOneModel<>(eq("_id", caseId), document, new ReplaceOptions().upsert(true)));
                } else {
                    inserts.add(document);
                }
                held.dirty = false;
                held.written = true;
            }
            if (!inserts.isEmpty()) {
                collection.insertMany(inserts, new InsertManyOptions().ordered(false));
            }
            if (!replaces.isEmpty()) {
                collection.bulkWrite(replaces, new BulkWriteOptions().ordered(false));
            }
        }
    }
}
