package cn.kcbx.caseservice.casefile;

import cn.kcbx.kernel.RuleViolationException;
import cn.kcbx.kernel.dropoutcase.trio.Helper;
import cn.kcbx.kernel.dropoutcase.trio.TrioRole;

/**
 * The case's current 三帮一 helpers. They must be three different people: no two with the same name and
 * unit/relation, and no two with the same mobile number.
 */
record Trio(Helper teacher, Helper villageCadre, Helper guardian) {

    /** The helpers of an assignment, checked to be three different people. */
    static Trio assign(Helper teacher, Helper villageCadre, Helper guardian) {
        requireDifferent(teacher, TrioRole.TEACHER, villageCadre, TrioRole.VILLAGE_CADRE, "villageCadre");
        requireDifferent(teacher, TrioRole.TEACHER, guardian, TrioRole.GUARDIAN, "guardian");
        requireDifferent(villageCadre, TrioRole.VILLAGE_CADRE, guardian, TrioRole.GUARDIAN, "guardian");
        return new Trio(teacher, villageCadre, guardian);
    }

    /** Checks that {@code newMember} may take over {@code role}: someone new, and not one of the other two helpers. */
    void requireReplaceable(TrioRole role, Helper newMember) {
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

    Trio with(TrioRole role, Helper helper) {
        return switch (role) {
            case TEACHER -> new Trio(helper, villageCadre, guardian);
            case VILLAGE_CADRE -> new Trio(teacher, helper, guardian);
            case GUARDIAN -> new Trio(teacher, villageCadre, helper);
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
