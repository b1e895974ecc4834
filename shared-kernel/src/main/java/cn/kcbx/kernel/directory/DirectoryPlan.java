package cn.kcbx.kernel.directory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which changes a directory command makes, or why it may not: the rules of the unit directory in one place.
 * Every bad entry is reported, each with its spreadsheet row, so that a clerk can correct a whole file at once.
 *
 * <ul>
 *   <li>every unit lies in the directory's county; a village's or school's town is listed (earlier in the directory
 *       or anywhere in the same file) and in use;</li>
 *   <li>a unit already listed is changed only where its details differ, so that importing the same file twice
 *       changes nothing; a retired unit is not changed any more;</li>
 *   <li>a town is retired only once none of its villages and schools is still in use;</li>
 *   <li>a code appears once per file.</li>
 * </ul>
 */
public final class DirectoryPlan {

    /** Why one entry cannot be taken. {@code row} is the spreadsheet row, 0 for a form. */
    public record Problem(int row, String field, String code, String message) {
    }

    /** The changes to record, or the problems that prevent every one of them. */
    public record Outcome(List<DirectoryEvent> changes, List<Problem> problems) {

        public Outcome {
            changes = List.copyOf(changes);
            problems = List.copyOf(problems);
        }

        public boolean accepted() {
            return problems.isEmpty();
        }
    }

    private final String county;
    private final List<DirectoryEvent> changes = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final UnitDirectory.Draft working;

    private DirectoryPlan(UnitDirectory current) {
        this.county = current.county();
        this.working = new UnitDirectory.Draft(current);
    }

    /** A whole file: added, changed or retired as each row says; rows the directory already matches change nothing. */
    public static Outcome importing(UnitDirectory current, List<DirectoryEntry> entries) {
        DirectoryPlan plan = new DirectoryPlan(current);
        Map<String, Integer> firstRow = new HashMap<>();
        List<DirectoryEntry> distinct = new ArrayList<>();
        for (DirectoryEntry entry : entries) {
            Integer earlier = firstRow.putIfAbsent(entry.unit().code(), entry.row());
            if (earlier != null) {
                plan.problem(entry, "code", "DUPLICATE_UNIT_ROW",
                             "代码“" + entry.unit().code() + "”在第 " + earlier + " 行已填写，每个单位只填一行");
            } else {
                distinct.add(entry);
            }
        }
        // Towns first, so that a village or school may come before its town in the file.
        distinct.sort(Comparator.comparing((DirectoryEntry entry) -> entry.unit().kind()));
        distinct.forEach(entry -> plan.save(entry, null));
        plan.checkRetiredTowns(distinct);
        return plan.outcome();
    }

    /** One unit from a form: added when new, changed when listed (a renaming takes effect on {@code changedOn}). */
    public static Outcome saving(UnitDirectory current, DirectoryEntry entry, LocalDate changedOn) {
        DirectoryPlan plan = new DirectoryPlan(current);
        plan.save(entry, changedOn);
        plan.checkRetiredTowns(List.of(entry));
        return plan.outcome();
    }

    public static Outcome retiring(UnitDirectory current, RetireUnit command) {
        UnitEntry listed = current.find(command.code()).orElse(null);
        if (listed == null) {
            return new Outcome(List.of(), List.of(new Problem(0, "code", "UNIT_NOT_IN_DIRECTORY",
                    "代码“" + command.code() + "”不在本县的单位目录中，无需撤销")));
        }
        DirectoryEntry entry = new DirectoryEntry(0, listed.unit(), listed.inUseFrom(), command.retiredOn(),
                                                  command.reason());
        return saving(current, entry, null);
    }

    private void save(DirectoryEntry entry, LocalDate changedOn) {
        DirectoryUnit unit = entry.unit();
        if (!unit.countyCode().equals(county)) {
            problem(entry, unit.kind() == UnitKind.SCHOOL ? "townCode" : "code", "UNIT_OUTSIDE_COUNTY",
                    (unit.kind() == UnitKind.SCHOOL ? "学校所在乡镇代码“" + unit.townCode() + "”"
                            : unit.kind().label() + "代码“" + unit.code() + "”") + "不属于本县（" + county + "）");
            return;
        }
        if (unit.kind() == UnitKind.VILLAGE || unit.kind() == UnitKind.SCHOOL) {
            UnitEntry town = working.find(unit.townCode()).orElse(null);
            if (town == null) {
                problem(entry, unit.kind() == UnitKind.SCHOOL ? "townCode" : "code", "TOWN_NOT_IN_DIRECTORY",
                        "所属乡镇（街道）“" + unit.townCode() + "”不在单位目录中，请先添加该乡镇（可写在同一文件中）");
                return;
            }
            if (town.retired() && entry.retiredOn() == null) {
                problem(entry, unit.kind() == UnitKind.SCHOOL ? "townCode" : "code", "TOWN_RETIRED",
                        "所属乡镇（街道）“" + town.name() + "”已于 " + town.retiredOn() + " 撤销，不能再在其下添加或保留在用的"
                                + unit.kind().label());
                return;
            }
        }
        UnitEntry listed = working.find(unit.code()).orElse(null);
        List<DirectoryEvent> made = new ArrayList<>();
        if (listed == null) {
            made.add(new UnitAdded(county, unit, entry.inUseFrom()));
            if (entry.retiredOn() != null) {
                made.add(new UnitRetired(county, unit.code(), entry.retiredOn(), entry.retireReason()));
            }
        } else if (listed.retired()) {
            boolean same = listed.unit().equals(unit) && Objects.equals(listed.inUseFrom(), entry.inUseFrom())
                    && listed.retiredOn().equals(entry.retiredOn());
            if (!same) {
                problem(entry, "code", "UNIT_RETIRED", unit.kind().label() + "“" + listed.name() + "”（" + unit.code()
                        + "）已于 " + listed.retiredOn() + " 撤销，撤销后不能再修改；如需重新启用，请使用新的代码");
                return;
            }
        } else {
            if (!listed.unit().equals(unit) || !Objects.equals(listed.inUseFrom(), entry.inUseFrom())) {
                if (changedOn != null && listed.inUseFrom() != null && changedOn.isBefore(listed.inUseFrom())) {
                    problem(entry, "changedOn", "CHANGE_BEFORE_IN_USE",
                            "变更生效日期 " + changedOn + " 早于该单位的启用日期 " + listed.inUseFrom());
                    return;
                }
                made.add(new UnitChanged(county, unit, entry.inUseFrom(), changedOn));
            }
            if (entry.retiredOn() != null) {
                if (entry.inUseFrom() != null && !entry.retiredOn().isAfter(entry.inUseFrom())) {
                    problem(entry, "retiredOn", "RETIRED_BEFORE_IN_USE",
                            "撤销日期 " + entry.retiredOn() + " 应晚于启用日期 " + entry.inUseFrom());
                    return;
                }
                made.add(new UnitRetired(county, unit.code(), entry.retiredOn(), entry.retireReason()));
            }
        }
        changes.addAll(made);
        made.forEach(working::apply);
    }

    /** A town retired by these entries must not keep villages or schools in use. */
    private void checkRetiredTowns(List<DirectoryEntry> entries) {
        for (DirectoryEntry entry : entries) {
            if (entry.unit().kind() != UnitKind.TOWN || entry.retiredOn() == null) {
                continue;
            }
            String town = entry.unit().code();
            long stillInUse = working.all().stream()
                                     .filter(unit -> unit.unit().kind() == UnitKind.VILLAGE
                                             || unit.unit().kind() == UnitKind.SCHOOL)
                                     .filter(unit -> unit.unit().townCode().equals(town) && !unit.retired())
                                     .count();
            if (stillInUse > 0) {
                problem(entry, "retiredOn", "TOWN_HAS_UNITS_IN_USE", "乡镇（街道）“" + entry.unit().name() + "”下还有 "
                        + stillInUse + " 个在用的村（社区）或学校，请先将它们撤销或改到其他乡镇，再撤销该乡镇");
            }
        }
    }

    private void problem(DirectoryEntry entry, String field, String code, String message) {
        problems.add(new Problem(entry.row(), field, code, message));
    }

    private Outcome outcome() {
        problems.sort(Comparator.comparingInt(Problem::row));
        return problems.isEmpty() ? new Outcome(changes, List.of()) : new Outcome(List.of(), problems);
    }
}
