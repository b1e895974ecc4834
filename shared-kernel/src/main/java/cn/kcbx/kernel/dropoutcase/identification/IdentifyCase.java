package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.InvalidValueException;
import cn.kcbx.kernel.dropoutcase.CaseCommand;
import cn.kcbx.kernel.dropoutcase.Checks;
import cn.kcbx.kernel.dropoutcase.school.LastSchool;
import cn.kcbx.kernel.region.HouseholdLocation;
import cn.kcbx.kernel.student.StudentIdentity;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/**
 * Opens a case for a suspected dropout (status 待核实). Checking that the student has no other open case is a
 * set-wide rule and is done before this command is sent.
 *
 * @param caseId             a new UUID chosen by the caller
 * @param sourceNote         which channel, required when {@code source} is {@link IdentificationSource#OTHER}
 * @param identifiedOn       the date the child was found; the student's age on this date must be of compulsory age
 * @param lastSchool         null when the child never enrolled (失学)
 * @param priorityCategories dated priority tags; one entry per category
 */
public record IdentifyCase(String caseId,
                           IdentificationSource source,
                           String sourceNote,
                           LocalDate identifiedOn,
                           StudentIdentity student,
                           HouseholdLocation household,
                           LastSchool lastSchool,
                           List<PriorityCategoryEntry> priorityCategories,
                           SuspectedReasons suspectedReasons) implements CaseCommand {

    public IdentifyCase {
        caseId = Checks.uuid(caseId, "caseId", "案件编号");
        Checks.required(source, "source", "发现渠道");
        sourceNote = source.requiresNote()
                ? Checks.text(sourceNote, "sourceNote", "其他发现渠道的说明", Checks.TEXT_MAX)
                : Checks.optionalText(sourceNote, "sourceNote", "发现渠道说明", Checks.TEXT_MAX);
        Checks.required(identifiedOn, "identifiedOn", "发现日期");
        Checks.required(student, "student", "学生身份信息");
        Checks.required(household, "household", "户籍所在地");
        priorityCategories = Checks.list(priorityCategories, "priorityCategories", "重点对象类别");
        EnumSet<PriorityCategory> seen = EnumSet.noneOf(PriorityCategory.class);
        for (int i = 0; i < priorityCategories.size(); i++) {
            PriorityCategory category = priorityCategories.get(i).category();
            if (!seen.add(category)) {
                throw new InvalidValueException("DUPLICATE_PRIORITY_CATEGORY", "priorityCategories[" + i + "]",
                        "重点对象类别“" + category.label() + "”填写了两次，每个类别只填一条");
            }
        }
        Checks.required(suspectedReasons, "suspectedReasons", "疑似辍学原因");
    }
}
