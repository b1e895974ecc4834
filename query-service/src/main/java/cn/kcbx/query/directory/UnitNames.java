package cn.kcbx.query.directory;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitEntry;
import cn.kcbx.kernel.directory.UnitKind;
import cn.kcbx.query.casefile.ReadTime;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The names of the towns, villages and schools a page shows, looked up in the counties' unit directories when the page
 * is read (names are never stored in a projection). Made for one request or one live round: each county's directory is
 * read once, however many rows name its units.
 *
 * <p>A name is the one in effect on the day asked ({@link UnitEntry#nameOn}): a retired unit keeps the name it had, a
 * renamed one shows its earlier name on pages of days before the renaming. Null when no directory lists the code (a
 * county that has no directory yet, or a code its directory does not list).
 *
 * <p>An as-of read ({@link #at(UnitDirectories, ReadTime)}) uses each directory as it had been recorded by the as-of
 * moment, as it uses each case as the system knew it then: a report as of June neither grows a row nor gains a name
 * for a town added to the directory in November.
 */
public final class UnitNames {

    private final Function<String, UnitDirectory> countyDirectory;
    private final Function<String, Optional<UnitDirectory>> schoolDirectory;
    private final LocalDate day;
    private final Map<String, UnitDirectory> read = new LinkedHashMap<>();
    private final Map<String, Optional<UnitDirectory>> schoolsSought = new HashMap<>();

    private UnitNames(Function<String, UnitDirectory> countyDirectory,
                      Function<String, Optional<UnitDirectory>> schoolDirectory, LocalDate day) {
        this.countyDirectory = countyDirectory;
        this.schoolDirectory = schoolDirectory;
        this.day = day;
    }

    /** Names from the directories as they now stand, in effect on {@code day}. */
    public static UnitNames current(UnitDirectories directories, LocalDate day) {
        return new UnitNames(directories::of, school -> directories.listingSchool(school, null), day);
    }

    /**
     * Names for a page as of a moment: a live page reads the directories as they now stand, an as-of page reads them
     * as they had been recorded by then; names in effect on the as-of day.
     */
    public static UnitNames at(UnitDirectories directories, ReadTime asOf) {
        if (asOf.live()) {
            return current(directories, asOf.day());
        }
        Instant moment = asOf.instant();
        return new UnitNames(county -> directories.of(county).knownAt(moment),
                             school -> directories.listingSchool(school, null)
                                                  .map(directory -> directory.knownAt(moment))
                                                  .filter(directory -> directory.find(school).isPresent()),
                             asOf.day());
    }

    /** Names from these directories only (any other county has none), in effect on {@code day}. */
    public static UnitNames of(LocalDate day, UnitDirectory... directories) {
        Map<String, UnitDirectory> given = new HashMap<>();
        for (UnitDirectory directory : directories) {
            given.put(directory.county(), directory);
        }
        return new UnitNames(county -> given.getOrDefault(county, UnitDirectory.empty(county)),
                             school -> given.values().stream().filter(d -> d.find(school).isPresent()).findFirst(),
                             day);
    }

    /** The day names are taken for when none is given. */
    public LocalDate day() {
        return day;
    }

    /** The county's directory (empty when it has none). */
    public UnitDirectory directory(String county) {
        return read.computeIfAbsent(county, countyDirectory);
    }

    /** The name of a county, town, village or school on the page's day; null when no directory lists it. */
    public String name(String code) {
        return name(code, day);
    }

    /** The name a county, town, village or school had on {@code on} (the page's day when null). */
    public String name(String code, LocalDate on) {
        return find(code).map(entry -> entry.nameOn(on == null ? day : on)).orElse(null);
    }

    /** A unit as an export's heading names it: 白沙镇（430182101）, or the code alone when no directory lists it. */
    public String label(String code) {
        String name = name(code);
        return name == null ? code : name + "（" + code + "）";
    }

    /** The directory entry of a county, town, village (by its county's directory) or school (any directory). */
    public Optional<UnitEntry> find(String code) {
        if (code == null || code.isEmpty() || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return switch (code.length()) {
            case 6, 9, 12 -> directory(code.substring(0, 6)).find(code);
            case 10 -> school(code);
            default -> Optional.empty();
        };
    }

    /**
     * A school is looked up in the directories this page already read (its students' counties), then in any county's:
     * once per code.
     */
    private Optional<UnitEntry> school(String code) {
        for (UnitDirectory directory : read.values()) {
            Optional<UnitEntry> entry = directory.find(code).filter(found -> found.unit().kind() == UnitKind.SCHOOL);
            if (entry.isPresent()) {
                return entry;
            }
        }
        return schoolsSought.computeIfAbsent(code, schoolDirectory)
                            .flatMap(directory -> directory.find(code))
                            .filter(found -> found.unit().kind() == UnitKind.SCHOOL);
    }

    /**
     * The rows of a breakdown by town or village: every unit the directory lists for it (in use in the period, zeros
     * included) and every listed unit with cases, in code order; then the codes with cases the directory does not
     * list, in code order.
     */
    public static List<String> rows(Collection<UnitEntry> listed, UnitDirectory directory,
                                    Collection<String> withCases) {
        TreeSet<String> known = new TreeSet<>();
        listed.forEach(entry -> known.add(entry.code()));
        TreeSet<String> unknown = new TreeSet<>();
        for (String code : withCases) {
            (directory.find(code).isPresent() ? known : unknown).add(code);
        }
        List<String> rows = new ArrayList<>(known);
        rows.addAll(unknown);
        return rows;
    }
}
