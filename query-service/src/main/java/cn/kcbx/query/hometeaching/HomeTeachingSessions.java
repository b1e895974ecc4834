package cn.kcbx.query.hometeaching;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.jackson.MaskedIdentifiers;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.casefile.CaseFile;
import cn.kcbx.query.casefile.CaseFiles;
import cn.kcbx.query.casefile.ReadScope;
import cn.kcbx.query.casefile.ReadTime;
import cn.kcbx.query.directory.UnitNames;
import cn.kcbx.query.timeline.CaseTimelineQuery;

import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 送教上门 session log of a scope, read from the case timelines (the case files keep only the totals): for every
 * case in the scope with a home-teaching plan, each session recorded by the moment asked and delivered by its day,
 * optionally within a span of session dates. A date correction counts once it was recorded by that moment.
 */
@Component
class HomeTeachingSessions {

    static final String SESSION = "HomeTeachingSessionDelivered";
    private static final String CORRECTION = "StepDateCorrected";

    private final CaseFiles caseFiles;
    private final CaseTimelineQuery timeline;
    private final UnitDirectories directories;

    HomeTeachingSessions(CaseFiles caseFiles, CaseTimelineQuery timeline, UnitDirectories directories) {
        this.caseFiles = caseFiles;
        this.timeline = timeline;
        this.directories = directories;
    }

    List<HomeTeachingSessionRow> rows(ReadScope scope, ReadTime at, LocalDate from, LocalDate to) {
        UnitNames names = UnitNames.at(directories, at);
        List<HomeTeachingSessionRow> rows = new ArrayList<>();
        for (CaseFile file : caseFiles.in(scope, at)) {
            if (file.homeTeaching() != null) {
                sessions(file, timeline.entries(file.caseId()), at, from, to, names, rows);
            }
        }
        rows.sort(Comparator.comparing(HomeTeachingSessionRow::deliveredOn)
                            .thenComparing(HomeTeachingSessionRow::caseId)
                            .thenComparing(row -> row.sessionId() == null ? "" : row.sessionId()));
        return rows;
    }

    private static void sessions(CaseFile file, List<Document> entries, ReadTime at, LocalDate from, LocalDate to,
                                 UnitNames names, List<HomeTeachingSessionRow> rows) {
        Instant known = at.instant();
        Map<Long, LocalDate> corrected = new HashMap<>();
        for (Document entry : entries) {
            if (CORRECTION.equals(entry.getString("type")) && recordedAt(entry).compareTo(known) <= 0) {
                Document data = entry.get("data", Document.class);
                Object date = data == null ? null : data.get("correctedDate");
                Number sequence = data == null ? null : data.get("correctedSequence", Number.class);
                if (date != null && sequence != null) {
                    corrected.put(sequence.longValue(), LocalDate.parse(date.toString()));
                }
            }
        }
        for (Document entry : entries) {
            if (!SESSION.equals(entry.getString("type")) || recordedAt(entry).isAfter(known)) {
                continue;
            }
            Document data = entry.get("data", Document.class);
            long sequence = entry.get("sequence", Number.class).longValue();
            LocalDate on = corrected.getOrDefault(sequence, entry.getString("occurredOn") == null ? null
                    : LocalDate.parse(entry.getString("occurredOn")));
            if (on == null || on.isAfter(at.day()) || (from != null && on.isBefore(from))
                    || (to != null && on.isAfter(to))) {
                continue;
            }
            Document actor = entry.get("actor", Document.class);
            rows.add(new HomeTeachingSessionRow(
                    file.caseId(), file.studentName(), file.idNumber(), file.townCode(), names.name(file.townCode()),
                    file.villageCode(), names.name(file.villageCode()), file.homeTeaching().schoolOfRegistration(),
                    data == null ? null : data.getString("sessionId"), on, teachers(data),
                    data == null || data.get("periods") == null ? 0 : data.get("periods", Number.class).intValue(),
                    data == null ? null : MaskedIdentifiers.scrubText(data.getString("content")),
                    LocalDate.ofInstant(recordedAt(entry), DateRules.CHINA_ZONE),
                    actor == null ? null : actor.getString("unit")));
        }
    }

    private static List<String> teachers(Document data) {
        if (data == null || !(data.get("teachers") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static Instant recordedAt(Document entry) {
        return entry.get("recordedAt", Date.class).toInstant();
    }
}
