package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.dropoutcase.CaseEvent;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.StudentIdentity;

import java.time.LocalDate;
import java.util.List;

/** A suspected dropout was registered; the case is 待核实. See {@link IdentifyCase} for the fields. */
public record CaseIdentified(String caseId,
                             IdentificationSource source,
                             String sourceNote,
                             LocalDate identifiedOn,
                             StudentIdentity student,
                             HouseholdLocation household,
                             LastSchool lastSchool,
                             List<PriorityCategoryEntry> priorityCategories,
                             SuspectedReasons suspectedReasons) implements CaseEvent {

    public CaseIdentified {
        priorityCategories = Checks.copy(priorityCategories);
    }

    @Override
    public LocalDate occurredOn() {
        return identifiedOn;
    }
}
