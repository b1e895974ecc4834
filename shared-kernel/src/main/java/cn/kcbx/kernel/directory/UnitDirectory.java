package cn.kcbx.kernel.directory;

import cn.kcbx.kernel.RuleViolationException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A county's unit directory, folded from its recorded changes: every town, village and school by code, with names
 * and history. Units are listed in code order, the order of the statistical division codes. The fold never checks
 * anything (changes are history); {@link DirectoryPlan} decides which changes are allowed.
 */
public final class UnitDirectory {

    /** A change with when it was written into the directory and by whom (the user id; null when not known). */
    public record Recorded(DirectoryEvent event, Instant recordedAt, String recordedBy) {

        public Recorded(DirectoryEvent event, Instant recordedAt) {
            this(event, recordedAt, null);
        }
    }

    private final String county;
    private final List<Recorded> history;
    private final Map<String, UnitEntry> units;

    private UnitDirectory(String county, List<Recorded> history) {
        this.county = county;
        this.history = List.copyOf(history);
        Map<String, UnitEntry> folded = new TreeMap<>();
        history.forEach(recorded -> apply(folded, recorded));
        this.units = folded;
    }

    /** The event store's aggregate that holds a county's directory changes. */
    public static String aggregateId(String county) {
        return "unit-directory-" + county;
    }

    public static UnitDirectory empty(String county) {
        return new UnitDirectory(county, List.of());
    }

    public static UnitDirectory of(String county, List<Recorded> history) {
        return new UnitDirectory(county, history);
    }

    /** The directory as it had been recorded by this moment: what a report as of then showed. */
    public UnitDirectory knownAt(Instant moment) {
        return new UnitDirectory(county, history.stream().filter(r -> !r.recordedAt().isAfter(moment)).toList());
    }

    public String county() {
        return county;
    }

    /** True before the county's directory was first imported: codes are then taken as given. */
    public boolean isEmpty() {
        return units.isEmpty();
    }

    public List<Recorded> history() {
        return history;
    }

    public Optional<UnitEntry> find(String code) {
        return Optional.ofNullable(code == null ? null : units.get(code));
    }

    /** The unit's name (a retired unit's last name), or null when the directory does not list it. */
    public String nameOf(String code) {
        return find(code).map(UnitEntry::name).orElse(null);
    }

    /** The county's own name, when the directory lists the county. */
    public Optional<String> countyName() {
        return find(county).map(UnitEntry::name);
    }

    /** Every unit of a kind, in code order, retired ones included. */
    public List<UnitEntry> units(UnitKind kind) {
        return units.values().stream().filter(entry -> entry.unit().kind() == kind).toList();
    }

    /** Every unit, in kind then code order. */
    public List<UnitEntry> all() {
        return units.values().stream()
                    .sorted(Comparator.comparing((UnitEntry entry) -> entry.unit().kind()).thenComparing(UnitEntry::code))
                    .toList();
    }

    /** The towns in use at some time in the period (a report's rows), in code order. */
    public List<UnitEntry> towns(LocalDate periodStart, LocalDate periodEnd) {
        return units(UnitKind.TOWN).stream().filter(town -> inUseDuring(town, periodStart, periodEnd)).toList();
    }

    /** The villages of a town in use at some time in the period, in code order. */
    public List<UnitEntry> villages(String townCode, LocalDate periodStart, LocalDate periodEnd) {
        return units(UnitKind.VILLAGE).stream()
                                      .filter(village -> village.unit().townCode().equals(townCode))
                                      .filter(village -> inUseDuring(village, periodStart, periodEnd))
                                      .toList();
    }

    /** The schools standing in a town, retired ones included, in code order. */
    public List<UnitEntry> schools(String townCode) {
        return units(UnitKind.SCHOOL).stream().filter(school -> school.unit().townCode().equals(townCode)).toList();
    }

    /**
     * Refuses new work that names a unit the directory does not list, or one not in use on the day the work is dated.
     * A county without a directory yet accepts every well-formed code.
     *
     * @param field the input field that named the unit, for the error
     */
    public void requireInUse(String code, UnitKind kind, LocalDate day, String field) {
        if (isEmpty() || code == null) {
            return;
        }
        UnitEntry entry = find(code).filter(found -> found.unit().kind() == kind).orElseThrow(
                () -> new RuleViolationException("UNIT_NOT_IN_DIRECTORY", field, kind.label() + "代码“" + code
                        + "”不在" + countyLabel() + "的单位目录中，请核对代码；如确为新设立的" + kind.label()
                        + "，请县教育局先在单位目录中添加"));
        if (entry.retired() && !day.isBefore(entry.retiredOn())) {
            throw new RuleViolationException("UNIT_RETIRED", field, kind.label() + "“" + entry.name() + "”（" + code
                    + "）已于 " + entry.retiredOn() + " 撤销" + (entry.retireReason() == null ? "" : "（"
                    + entry.retireReason() + "）") + "，" + day + " 的记录不能再填写该单位");
        }
        if (entry.inUseFrom() != null && day.isBefore(entry.inUseFrom())) {
            throw new RuleViolationException("UNIT_NOT_YET_IN_USE", field, kind.label() + "“" + entry.name() + "”（"
                    + code + "）自 " + entry.inUseFrom() + " 起启用，" + day + " 的记录不能填写该单位");
        }
    }

    /**
     * The directory being changed one change at a time, for deciding a whole file: each change is applied to one
     * working copy instead of folding the history again per row.
     */
    static final class Draft {

        private final Map<String, UnitEntry> units;

        Draft(UnitDirectory from) {
            this.units = new TreeMap<>(from.units);
        }

        void apply(DirectoryEvent change) {
            UnitDirectory.apply(units, new Recorded(change, Instant.EPOCH));
        }

        Optional<UnitEntry> find(String code) {
            return Optional.ofNullable(units.get(code));
        }

        Collection<UnitEntry> all() {
            return units.values();
        }
    }

    private String countyLabel() {
        return countyName().map(name -> name + "（" + county + "）").orElse(county);
    }

    private static boolean inUseDuring(UnitEntry unit, LocalDate periodStart, LocalDate periodEnd) {
        boolean startedBy = unit.inUseFrom() == null || !unit.inUseFrom().isAfter(periodEnd);
        boolean notRetiredBefore = unit.retiredOn() == null || periodStart == null
                || unit.retiredOn().isAfter(periodStart);
        return startedBy && notRetiredBefore;
    }

    private static void apply(Map<String, UnitEntry> units, Recorded recorded) {
        DirectoryEvent event = recorded.event();
        UnitEntry current = units.get(event.code());
        if (event instanceof UnitAdded added) {
            units.put(added.code(), new UnitEntry(added.unit(), added.inUseFrom(), null, null,
                    List.of(new UnitEntry.Version(added.unit(), null, recorded.recordedAt()))));
        } else if (event instanceof UnitChanged changed && current != null) {
            List<UnitEntry.Version> versions = new ArrayList<>(current.versions());
            if (changed.changedOn() == null) {
                UnitEntry.Version last = versions.remove(versions.size() - 1);
                versions.add(new UnitEntry.Version(changed.unit(), last.from(), recorded.recordedAt()));
            } else {
                versions.add(new UnitEntry.Version(changed.unit(), changed.changedOn(), recorded.recordedAt()));
            }
            units.put(changed.code(), new UnitEntry(changed.unit(), changed.inUseFrom(), current.retiredOn(),
                                                    current.retireReason(), versions));
        } else if (event instanceof UnitRetired retired && current != null) {
            units.put(retired.code(), new UnitEntry(current.unit(), current.inUseFrom(), retired.retiredOn(),
                                                    retired.reason(), current.versions()));
        }
    }
}
