package cn.kcbx.query.measure;

import cn.kcbx.query.casefile.CaseFile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The measures shared by a town dashboard, a county report row and the county total: the 劝返销号 account, overdue
 * items on the day asked, and what happened in the period (new cases, returns and cross-offs by their business date).
 * Each measure also knows the cases behind it, for drill-down.
 */
public record RegionMeasures(AccountSummary account, int overdueCases, List<CountRow> overdueByKind,
                             int identifiedInPeriod, int returnedInPeriod, int crossedOffInPeriod,
                             HomeTeachingProgress homeTeaching) {

    /** The figures {@link #casesBehind} lists besides the account's buckets and the overdue kinds, with their labels. */
    public static final Map<String, String> PERIOD_FIGURES = Map.of("IDENTIFIED_IN_PERIOD", "本期新增",
                                                                    "RETURNED_IN_PERIOD", "本期返校",
                                                                    "CROSSED_OFF_IN_PERIOD", "本期销号");

    /** The label of a figure {@link #casesBehind} names. */
    public static String figureLabel(String figure) {
        for (CaseBucket bucket : CaseBucket.values()) {
            if (bucket.name().equals(figure)) {
                return bucket.label();
            }
        }
        for (Overdue.Kind kind : Overdue.Kind.values()) {
            if (kind.name().equals(figure)) {
                return kind.label();
            }
        }
        return PERIOD_FIGURES.getOrDefault(figure, figure);
    }

    /** Figure name → the ids of the cases behind it. */
    public static Map<String, List<String>> casesBehind(Collection<CaseFile> files, LocalDate day, Period period,
                                                         Function<CaseFile, OverdueRules> rules) {
        Map<String, List<String>> behind = new LinkedHashMap<>();
        for (CaseBucket bucket : CaseBucket.values()) {
            behind.put(bucket.name(), new ArrayList<>());
        }
        for (Overdue.Kind kind : Overdue.Kind.values()) {
            behind.put(kind.name(), new ArrayList<>());
        }
        behind.put("IDENTIFIED_IN_PERIOD", new ArrayList<>());
        behind.put("RETURNED_IN_PERIOD", new ArrayList<>());
        behind.put("CROSSED_OFF_IN_PERIOD", new ArrayList<>());
        for (CaseFile file : files) {
            behind.get(CaseBucket.of(file).name()).add(file.caseId());
            for (Overdue.Kind kind : Overdue.of(file, day, rules.apply(file)).kinds()) {
                behind.get(kind.name()).add(file.caseId());
            }
            if (period.contains(file.identifiedOn())) {
                behind.get("IDENTIFIED_IN_PERIOD").add(file.caseId());
            }
            if (returnedIn(file, period)) {
                behind.get("RETURNED_IN_PERIOD").add(file.caseId());
            }
            if (crossedOffIn(file, period)) {
                behind.get("CROSSED_OFF_IN_PERIOD").add(file.caseId());
            }
        }
        behind.values().forEach(ids -> ids.sort(null));
        return behind;
    }

    public static RegionMeasures of(Collection<CaseFile> files, LocalDate day, Period period,
                                    Function<CaseFile, OverdueRules> rules) {
        Map<Overdue.Kind, Integer> byKind = new EnumMap<>(Overdue.Kind.class);
        for (Overdue.Kind kind : Overdue.Kind.values()) {
            byKind.put(kind, 0);
        }
        int overdueCases = 0;
        int identified = 0;
        int returned = 0;
        int crossedOff = 0;
        for (CaseFile file : files) {
            Overdue overdue = Overdue.of(file, day, rules.apply(file));
            if (overdue.any()) {
                overdueCases++;
                overdue.kinds().forEach(kind -> byKind.merge(kind, 1, Integer::sum));
            }
            identified += period.contains(file.identifiedOn()) ? 1 : 0;
            returned += returnedIn(file, period) ? 1 : 0;
            crossedOff += crossedOffIn(file, period) ? 1 : 0;
        }
        List<CountRow> overdueByKind = new ArrayList<>();
        byKind.forEach((kind, count) -> overdueByKind.add(new CountRow(kind.name(), kind.label(), count)));
        return new RegionMeasures(AccountSummary.of(files), overdueCases, overdueByKind, identified, returned,
                                  crossedOff, HomeTeachingProgress.of(files, day));
    }

    private static boolean returnedIn(CaseFile file, Period period) {
        return file.returns().stream().anyMatch(r -> period.contains(r.returnedOn()));
    }

    private static boolean crossedOffIn(CaseFile file, Period period) {
        return file.returns().stream().anyMatch(r -> period.contains(r.crossedOffOn()));
    }
}
