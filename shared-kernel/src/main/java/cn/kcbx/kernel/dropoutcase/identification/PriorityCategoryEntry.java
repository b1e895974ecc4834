package cn.kcbx.kernel.dropoutcase.identification;

import cn.kcbx.kernel.dropoutcase.Checks;

import java.time.LocalDate;

/**
 * One dated priority tag: people enter and leave monitoring, so each tag records since when and from which register
 * (民政、乡村振兴、残联 list ...) it comes.
 *
 * @param sourceRegister the list the tag was taken from; optional, except for {@link PriorityCategory#OTHER}, where it
 *                       says what the category is
 */
public record PriorityCategoryEntry(PriorityCategory category, LocalDate since, String sourceRegister) {

    public PriorityCategoryEntry {
        Checks.required(category, "category", "重点对象类别");
        Checks.required(since, "since", "纳入该类别的日期");
        sourceRegister = category == PriorityCategory.OTHER
                ? Checks.text(sourceRegister, "sourceRegister", "其他重点对象类别的名称及来源名单", Checks.TEXT_MAX)
                : Checks.optionalText(sourceRegister, "sourceRegister", "来源名单", Checks.TEXT_MAX);
    }
}
