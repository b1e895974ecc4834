package cn.kcbx.query.timeline;

import cn.kcbx.query.projection.ProjectionRegistry;

import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;

import static com.mongodb.client.model.Filters.in;

/**
 * Reads a case's timeline from the active {@code case_timeline} collection. The events of a case have the sequences
 * 0, 1, 2 … without gaps, so the read is a series of {@code $in} lookups on {@code _id} ({@code caseId:sequence}),
 * which every backend serves from its unique {@code _id} index, never a collection scan.
 */
@Component
public class CaseTimelineQuery {

    private static final int WINDOW = 64;

    private final ProjectionRegistry registry;
    private final TimelinePersonalData personalData;

    CaseTimelineQuery(ProjectionRegistry registry, TimelinePersonalData personalData) {
        this.registry = registry;
        this.personalData = personalData;
    }

    /** The case's timeline documents in sequence order, personal fields opened (or erased). */
    public List<Document> entries(String caseId) {
        List<Document> entries = stored(caseId);
        personalData.open(entries);
        return entries;
    }

    /** The case's timeline documents in sequence order; empty when the case is unknown (or not projected yet). */
    private List<Document> stored(String caseId) {
        MongoCollection<Document> collection = registry.activeCollection(CaseTimelineProjection.NAME);
        List<Document> result = new ArrayList<>();
        long next = 0;
        while (true) {
            List<String> keys = LongStream.range(next, next + WINDOW)
                                          .mapToObj(sequence -> CaseTimelineProjection.key(caseId, sequence))
                                          .toList();
            List<Document> window = collection.find(in("_id", keys)).into(new ArrayList<>());
            window.sort(Comparator.comparingLong(document -> document.get("sequence", Number.class).longValue()));
            for (Document document : window) {
                if (document.get("sequence", Number.class).longValue() != next) {
                    return result; // not projected yet beyond this point
                }
                result.add(document);
                next++;
            }
            if (window.size() < WINDOW) {
                return result;
            }
        }
    }
}
