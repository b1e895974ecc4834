package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.query.projection.Projection;
import cn.kcbx.query.projection.ProjectionEvent;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rebuild's replay of a projection that folds each case's events onto what it stored for the case before: the case
 * state is held in memory instead of being read back from the collection (the rebuild's own, which nothing else
 * writes), and written when it is final or at {@link #flush}, each document once where it can be.
 *
 * <p>Live processing reads that state back from the collection, and a file read back is the file written, as long as
 * the student's key lives. A case whose personal data is erased (its erasure event, or a key already destroyed when the
 * case is first seen) therefore leaves memory: what is held of it is written, and it and every later event of it are
 * applied exactly as live processing applies them ({@link Projection#applyAll}). So is a case whose first event here is
 * not its first (a store that is not replayed from its start), which live processing refuses or folds from the store.
 *
 * @param <S> what is held of one case
 */
abstract class HeldCaseReplay<S> implements Projection.Replay {

    /** The most cases whose documents {@link #flush} builds and writes at once. */
    static final int CASES_PER_WRITE = 2_000;

    /** The cases held in memory. */
    final Map<String, S> held = new HashMap<>();
    final MongoCollection<Document> collection;
    private final Projection projection;
    private final CaseFileDocuments documents;
    private final Set<String> appliedLive = new HashSet<>();

    HeldCaseReplay(Projection projection, CaseFileDocuments documents, MongoCollection<Document> collection) {
        this.projection = projection;
        this.documents = documents;
        this.collection = collection;
    }

    @Override
    public final void apply(List<ProjectionEvent> events) {
        Set<String> caseIds = new LinkedHashSet<>();
        events.forEach(event -> caseIds.add(event.caseId()));
        documents.preloadCases(caseIds);
        Map<String, List<ProjectionEvent>> byCase = new LinkedHashMap<>();
        List<ProjectionEvent> live = new ArrayList<>();
        Set<String> leaving = new LinkedHashSet<>();
        for (ProjectionEvent event : events) {
            String caseId = event.caseId();
            if (!appliedLive.contains(caseId) && leavesMemory(event, byCase)) {
                appliedLive.add(caseId);
                leaving.add(caseId);
            }
            if (appliedLive.contains(caseId)) {
                live.add(event);
            } else {
                byCase.computeIfAbsent(caseId, id -> new ArrayList<>()).add(event);
            }
        }
        if (!byCase.isEmpty()) {
            fold(byCase);
        }
        leaving.retainAll(held.keySet());
        if (!leaving.isEmpty()) {
            write(leaving);
            leaving.forEach(held::remove);
        }
        if (!live.isEmpty()) {
            projection.applyAll(live, collection);
        }
    }

    private boolean leavesMemory(ProjectionEvent event, Map<String, List<ProjectionEvent>> byCase) {
        if (event.payload() instanceof PersonalDataErased) {
            return true;
        }
        boolean firstSeen = !held.containsKey(event.caseId()) && !byCase.containsKey(event.caseId());
        return firstSeen && (event.sequence() != 0 || documents.keyDestroyed(event.caseId()));
    }

    @Override
    public final void flush() {
        // A few thousand cases' documents at a time: built all at once, 100,000 cases' ran out of an 8 GB heap.
        List<String> caseIds = new ArrayList<>(held.keySet());
        for (int from = 0; from < caseIds.size(); from += CASES_PER_WRITE) {
            List<String> chunk = caseIds.subList(from, Math.min(caseIds.size(), from + CASES_PER_WRITE));
            documents.preloadCases(chunk);
            write(chunk);
        }
    }

    /** Folds the events (each case's in order, each case held or new) into {@link #held}; may write what is final. */
    abstract void fold(Map<String, List<ProjectionEvent>> byCase);

    /** Writes what is held back of these cases. */
    abstract void write(Collection<String> caseIds);
}
