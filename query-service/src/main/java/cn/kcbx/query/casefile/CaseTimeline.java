package cn.kcbx.query.casefile;

import cn.kcbx.kernel.dropoutcase.privacy.PersonalDataErased;
import cn.kcbx.kernel.time.DateRules;
import cn.kcbx.query.projection.ProjectionEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A case by business date: its file on each day, from the dates on its events rather than the order they were
 * recorded in. A visit logged a week late counts on the day of the visit; a return back-entered today counts on the
 * day the child went back.
 *
 * <p>Each {@link DatedFile} holds from its day until the next one's. The events are folded in the order of their
 * business dates (recording order among events of the same day), so the file on a day holds exactly the steps dated
 * up to it. Erasure has no business date: it blanks the personal data of every day.
 */
public final class CaseTimeline {

    /** The case's file from {@code from} (inclusive) until {@code until} (exclusive; null: still so). */
    public record DatedFile(LocalDate from, LocalDate until, CaseFile file) {

        DatedFile until(LocalDate day) {
            return new DatedFile(from, day, file);
        }
    }

    private static final Comparator<ProjectionEvent> BY_BUSINESS_DATE =
            Comparator.comparing(CaseTimeline::businessDay).thenComparingLong(ProjectionEvent::sequence);

    private CaseTimeline() {
    }

    /**
     * The day an event counts on. An event without a business date of its own counts on the day it was recorded:
     * only erasure has none now (it is handled apart); trio and disability records before those steps had a date are
     * read the same way.
     */
    public static LocalDate businessDay(ProjectionEvent event) {
        LocalDate occurredOn = event.payload().occurredOn();
        return occurredOn != null ? occurredOn : LocalDate.ofInstant(event.recordedAt(), DateRules.CHINA_ZONE);
    }

    /**
     * The timeline of a case from all its events {@code 0..n} in sequence order, date corrections applied to the
     * steps they correct. The corrections themselves and an erasure have no day: they are not folded by date.
     */
    public static List<DatedFile> of(List<ProjectionEvent> events) {
        boolean erased = events.stream().anyMatch(event -> event.payload() instanceof PersonalDataErased);
        List<ProjectionEvent> dated = CaseReplay.effective(events).stream()
                                                .filter(event -> !(event.payload() instanceof PersonalDataErased)
                                                        && !CaseReplay.needsHistory(event))
                                                .sorted(BY_BUSINESS_DATE).toList();
        List<DatedFile> timeline = new ArrayList<>();
        for (ProjectionEvent event : dated) {
            timeline = appended(timeline, event);
        }
        return erased ? erased(timeline) : timeline;
    }

    /**
     * The timeline after {@code event}, when it is dated on or after the timeline's last day (the usual case: steps
     * recorded in the order they happened); null when it is dated earlier, or corrects an earlier step, and the case
     * must be folded again from its events ({@link #of}).
     */
    public static List<DatedFile> append(List<DatedFile> timeline, ProjectionEvent event) {
        if (event.payload() instanceof PersonalDataErased) {
            return erased(timeline);
        }
        if (CaseReplay.needsHistory(event)) {
            return null;
        }
        if (!timeline.isEmpty() && businessDay(event).isBefore(timeline.get(timeline.size() - 1).from())) {
            return null;
        }
        return appended(timeline, event);
    }

    private static List<DatedFile> appended(List<DatedFile> timeline, ProjectionEvent event) {
        LocalDate day = businessDay(event);
        List<DatedFile> next = new ArrayList<>(timeline);
        if (next.isEmpty()) {
            next.add(new DatedFile(day, null, CaseFile.fold(null, event)));
            return next;
        }
        DatedFile last = next.remove(next.size() - 1);
        CaseFile file = CaseFile.fold(last.file(), event);
        if (day.equals(last.from())) {
            next.add(new DatedFile(day, null, file));
        } else {
            next.add(last.until(day));
            next.add(new DatedFile(day, null, file));
        }
        return next;
    }

    private static List<DatedFile> erased(List<DatedFile> timeline) {
        return timeline.stream().map(dated -> new DatedFile(dated.from(), dated.until(), CaseFile.erased(dated.file())))
                       .toList();
    }

    /** The file on {@code day}, or null when the case did not exist yet by its dates. */
    public static CaseFile on(List<DatedFile> timeline, LocalDate day) {
        for (DatedFile dated : timeline) {
            if (!day.isBefore(dated.from()) && (dated.until() == null || day.isBefore(dated.until()))) {
                return dated.file();
            }
        }
        return null;
    }
}
