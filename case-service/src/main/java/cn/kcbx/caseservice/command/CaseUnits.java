package cn.kcbx.caseservice.command;

import cn.kcbx.directory.UnitDirectories;
import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.directory.UnitDirectory;
import cn.kcbx.kernel.directory.UnitKind;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.identification.IdentifyCase;
import cn.kcbx.kernel.dropoutcase.returning.RecordReturnToSchool;
import cn.kcbx.kernel.dropoutcase.transfer.TransferCase;
import cn.kcbx.kernel.region.DivisionCode;
import cn.kcbx.kernel.region.HouseholdLocation;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Case work names only units the directory lists and has in use on the day the work is dated: the household village
 * of a new or transferred case, the school a child last attended, returns to or transfers to.
 *
 * <p>A village is looked up in its own county's directory; a county that has none yet takes every well-formed code,
 * as before directories existed. A school code names no county: it is looked up in the case's county first, then in
 * every other directory of the store. One that no directory lists is refused when the case's county keeps a
 * directory (a mistyped code would point the case at a school that does not exist); a school outside the system's
 * counties is then entered by name only, where the step allows.
 */
public class CaseUnits {

    private final UnitDirectories directories;

    public CaseUnits(UnitDirectories directories) {
        this.directories = directories;
    }

    /**
     * @param caseCounty the county of the case the command is for, asked only when a school code needs it (null for
     *                   an identification, which names its own household)
     */
    public void requireListed(CaseCommand command, Supplier<String> caseCounty) {
        // Each county's directory costs a lookup of its last change in the store: once per command is enough.
        Map<String, UnitDirectory> read = new HashMap<>();
        Function<String, UnitDirectory> directoryOf = county -> read.computeIfAbsent(county, directories::of);
        if (command instanceof IdentifyCase identify) {
            village(directoryOf, identify.household(), identify.identifiedOn(), "household.village");
            if (identify.lastSchool() != null) {
                school(directoryOf, identify.lastSchool().schoolCode(), () -> county(identify.household()),
                       identify.identifiedOn(), "lastSchool.schoolCode", true);
            }
        } else if (command instanceof RecordReturnToSchool recorded) {
            school(directoryOf, recorded.schoolCode(), caseCounty, recorded.returnedOn(), "schoolCode", true);
        } else if (command instanceof TransferCase transfer) {
            village(directoryOf, transfer.household(), transfer.transferredOn(), "household.village");
            if (transfer.school() != null) {
                Supplier<String> county = transfer.household() == null ? caseCounty
                        : () -> county(transfer.household());
                school(directoryOf, transfer.school().schoolCode(), county, transfer.transferredOn(), "school.schoolCode", false);
            }
        }
    }

    private static void village(Function<String, UnitDirectory> directoryOf, HouseholdLocation household, LocalDate day, String field) {
        if (household == null) {
            return;
        }
        DivisionCode village = household.village();
        directoryOf.apply(village.county().value()).requireInUse(village.value(), UnitKind.VILLAGE, day, field);
    }

    private void school(Function<String, UnitDirectory> directoryOf, String schoolCode, Supplier<String> caseCounty, LocalDate day, String field,
                        boolean nameOnlyAllowed) {
        if (schoolCode == null) {
            return;
        }
        String county = caseCounty.get();
        Optional<UnitDirectory> listing = directories.listingSchool(schoolCode, county, directoryOf);
        if (listing.isPresent()) {
            listing.get().requireInUse(schoolCode, UnitKind.SCHOOL, day, field);
            return;
        }
        if (county != null && !directoryOf.apply(county).isEmpty()) {
            throw new RuleViolationException("UNIT_NOT_IN_DIRECTORY", field, "学校标识码“" + schoolCode
                    + "”不在单位目录中，请核对；" + (nameOnlyAllowed
                    ? "如为外县（市、区）的学校，可不填学校标识码，只填学校名称"
                    : "接收学校须是单位目录中的学校，外县（市、区）的学校请由其所在县先登记到单位目录"));
        }
    }

    private static String county(HouseholdLocation household) {
        return household.county().value();
    }
}
