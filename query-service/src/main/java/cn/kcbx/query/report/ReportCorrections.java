package cn.kcbx.query.report;

import cn.kcbx.query.measure.RegionMeasures;
import cn.kcbx.query.timeline.CaseTimelineQuery;

import org.bson.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How a filed monthly report and the same month as corrected now differ: the figures that changed, and case by case
 * which figures it left or joined and the entries that made it so (recorded after the filing, dated on or before the
 * cut-off day: late entries and corrections).
 *
 * @param changed false when the month as corrected has exactly the filed figures and cases
 * @param figures the county-wide figures whose count changed
 * @param cases   every case whose place in the figures changed
 */
public record ReportCorrections(String countyCode, String month, Instant filedAt, String filedBy, String filedByUnit,
                                String sha256, boolean changed, List<FigureChange> figures, List<CaseChange> cases) {

    /** A county-wide figure with its count as filed and as corrected. */
    public record FigureChange(String figure, String label, int filed, int corrected) {
    }

    /** One case: the figures it left and joined, and the entries behind the change. */
    public record CaseChange(String caseId, List<String> leftFigures, List<String> joinedFigures,
                             List<LateEntry> entries) {
    }

    /** A step recorded after the filing that happened on or before the cut-off day. */
    public record LateEntry(long sequence, String type, String label, LocalDate occurredOn, Instant recordedAt,
                            String recordedByUnit) {
    }

    static ReportCorrections between(FiledReport filed, Map<String, List<String>> asFiled,
                                     Map<String, List<String>> corrected, LocalDate cutoffDay,
                                     CaseTimelineQuery timeline) {
        Set<String> figureNames = new LinkedHashSet<>(corrected.keySet());
        figureNames.addAll(asFiled.keySet());
        List<FigureChange> figures = new ArrayList<>();
        Map<String, Set<String>> left = new TreeMap<>();
        Map<String, Set<String>> joined = new TreeMap<>();
        for (String figure : figureNames) {
            Set<String> before = new TreeSet<>(asFiled.getOrDefault(figure, List.of()));
            Set<String> after = new TreeSet<>(corrected.getOrDefault(figure, List.of()));
            if (before.size() != after.size()) {
                figures.add(new FigureChange(figure, RegionMeasures.figureLabel(figure), before.size(), after.size()));
            }
            for (String caseId : before) {
                if (!after.contains(caseId)) {
                    left.computeIfAbsent(caseId, id -> new TreeSet<>()).add(figure);
                }
            }
            for (String caseId : after) {
                if (!before.contains(caseId)) {
                    joined.computeIfAbsent(caseId, id -> new TreeSet<>()).add(figure);
                }
            }
        }
        Set<String> caseIds = new TreeSet<>(left.keySet());
        caseIds.addAll(joined.keySet());
        List<CaseChange> cases = new ArrayList<>();
        for (String caseId : caseIds) {
            cases.add(new CaseChange(caseId, List.copyOf(left.getOrDefault(caseId, Set.of())),
                                     List.copyOf(joined.getOrDefault(caseId, Set.of())),
                                     lateEntries(timeline.entries(caseId), filed.filedAt(), cutoffDay)));
        }
        return new ReportCorrections(filed.countyCode(), filed.month(), filed.filedAt(), filed.filedBy(),
                                     filed.filedByUnit(), filed.sha256(), !cases.isEmpty(), figures, cases);
    }

    private static List<LateEntry> lateEntries(List<Document> entries, Instant filedAt, LocalDate cutoffDay) {
        List<LateEntry> late = new ArrayList<>();
        for (Document entry : entries) {
            Instant recordedAt = entry.get("recordedAt", Date.class).toInstant();
            String occurredOn = entry.getString("occurredOn");
            if (recordedAt.isAfter(filedAt) && occurredOn != null && !LocalDate.parse(occurredOn).isAfter(cutoffDay)) {
                Document actor = entry.get("actor", Document.class);
                late.add(new LateEntry(entry.get("sequence", Number.class).longValue(), entry.getString("type"),
                                       entry.getString("label"), LocalDate.parse(occurredOn), recordedAt,
                                       actor == null ? null : actor.getString("unit")));
            }
        }
        return late;
    }
}
