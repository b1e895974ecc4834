package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;

import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The case's current 三帮一 helpers. They must be three different people: no two with the same name and
 * unit/relation, and no two with the same mobile number. A replacement is dated on or after the assignment and after
 * the role's previous replacement, so the helpers in place on any day are those of the replacements dated up to it.
 *
 * @param assignedOn the trio's 落实日期
 * @param replacedOn by role, the date of its latest replacement (absent: the assigned helper is still in place)
 */
record Trio(Helper teacher, Helper villageCadre, Helper guardian, LocalDate assignedOn,
            Map<TrioRole, LocalDate> replacedOn) {

    Trio {
        replacedOn = replacedOn == null || replacedOn.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(replacedOn));
    }

    /** The helpers of an assignment, checked to be three different people. */
    static Trio assign(Helper teacher, Helper villageCadre, Helper guardian, LocalDate assignedOn) {
        requireDifferent(teacher, TrioRole.TEACHER, villageCadre, TrioRole.VILLAGE_CADRE, "villageCadre");
        requireDifferent(teacher, TrioRole.TEACHER, guardian, TrioRole.GUARDIAN, "guardian");
        requireDifferent(villageCadre, TrioRole.VILLAGE_CADRE, guardian, TrioRole.GUARDIAN, "guardian");
        return new Trio(teacher, villageCadre, guardian, assignedOn, Map.of());
    }

    /**
     * Checks that {@code newMember} may take over {@code role} on {@code on}: someone new, not one of the other two
     * helpers, and not dated before the assignment or the role's previous replacement.
     */
    void requireReplaceable(TrioRole role, Helper newMember, LocalDate on) {
        if (assignedOn != null && on.isBefore(assignedOn)) {
            throw new RuleViolationException("REPLACED_BEFORE_ASSIGNED", "replacedOn",
                    "更换日期（" + on + "）不能早于“三帮一”帮扶人的落实日期（" + assignedOn + "）");
        }
        LocalDate previous = replacedOn.get(role);
        if (previous != null && on.isBefore(previous)) {
            throw new RuleViolationException("REPLACED_BEFORE_PREVIOUS_REPLACEMENT", "replacedOn",
                    "更换日期（" + on + "）不能早于上一次更换" + role.label() + "的日期（" + previous + "）");
        }
        if (member(role).equals(newMember)) {
            throw new RuleViolationException("TRIO_MEMBER_UNCHANGED", "newMember",
                    "新的" + role.label() + "与现任帮扶人" + newMember.name() + "相同，无需更换");
        }
        for (TrioRole other : TrioRole.values()) {
            if (other != role) {
                requireDifferent(member(other), other, newMember, role, "newMember");
            }
        }
    }

    Helper member(TrioRole role) {
        return switch (role) {
            case TEACHER -> teacher;
            case VILLAGE_CADRE -> villageCadre;
            case GUARDIAN -> guardian;
        };
    }

    Trio with(TrioRole role, Helper helper, LocalDate on) {
        Map<TrioRole, LocalDate> replaced = new EnumMap<>(TrioRole.class);
        replaced.putAll(replacedOn);
        if (on != null) {
            replaced.put(role, on);
        }
        return switch (role) {
            case TEACHER -> new Trio(helper, villageCadre, guardian, assignedOn, replaced);
            case VILLAGE_CADRE -> new Trio(teacher, helper, guardian, assignedOn, replaced);
            case GUARDIAN -> new Trio(teacher, villageCadre, helper, assignedOn, replaced);
        };
    }

    private static void requireDifferent(Helper existing, TrioRole existingRole, Helper candidate,
                                         TrioRole candidateRole, String field) {
        String detail = null;
        if (existing.phone().equals(candidate.phone())) {
            detail = candidateRole.label() + "与" + existingRole.label() + "填写了同一个手机号（"
                    + candidate.phone().masked() + "）";
        } else if (existing.name().equals(candidate.name())
                && existing.unitOrRelation().equals(candidate.unitOrRelation())) {
            detail = candidateRole.label() + "与" + existingRole.label() + "是同一人（" + candidate.name() + "，"
                    + candidate.unitOrRelation() + "）";
        }
        if (detail != null) {
            throw new RuleViolationException("TRIO_MEMBERS_NOT_DISTINCT", field,
                    "“三帮一”须由教师、村干部、家长三个不同的人承担：" + detail);
        }
    }
}
