import type { HelperDraft, TrioRoleCode } from './types'
import { mobileProblem, NAME_MAX, normalizeMobile, requiredText, stripped, TEXT_MAX } from './rules'
import type { Errors } from './useStepForm'

// A 三帮一 helper's checks (Helper, MobileNumber) and the rule that the three are different people (Trio).

export const roleLabels: Record<TrioRoleCode, string> = { TEACHER: '教师', VILLAGE_CADRE: '村干部', GUARDIAN: '家长（监护人）' }

export function emptyHelper(): HelperDraft {
  return { name: '', unitOrRelation: '', phone: '' }
}

export function helperFields(prefix: string): string[] {
  return [prefix, `${prefix}.name`, `${prefix}.unitOrRelation`, `${prefix}.phone`]
}

export function checkHelper(helper: HelperDraft, prefix: string, errors: Errors) {
  const name = requiredText(helper.name, '帮扶人姓名', NAME_MAX)
  if (name) errors[`${prefix}.name`] = name
  const unit = requiredText(helper.unitOrRelation, '工作单位及职务（家长填与学生关系）', TEXT_MAX)
  if (unit) errors[`${prefix}.unitOrRelation`] = unit
  const phone = mobileProblem(helper.phone)
  if (phone) errors[`${prefix}.phone`] = phone
}

/**
 * Trio.requireDifferent: no shared mobile number, and not the same name with the same unit or relation. The message
 * goes to the candidate's phone when the phones are the same, else to the candidate as a whole.
 */
export function sameHelperProblem(existing: HelperDraft, existingRole: TrioRoleCode, candidate: HelperDraft,
  candidateRole: TrioRoleCode): { onPhone: boolean; message: string } | null {
  const rule = '“三帮一”须由教师、村干部、家长三个不同的人承担：'
  const a = normalizeMobile(existing.phone)
  if (a && a === normalizeMobile(candidate.phone)) {
    return { onPhone: true, message: `${rule}${roleLabels[candidateRole]}与${roleLabels[existingRole]}填写了同一个手机号` }
  }
  if (stripped(existing.name) && stripped(existing.name) === stripped(candidate.name)
    && stripped(existing.unitOrRelation) === stripped(candidate.unitOrRelation)) {
    return {
      onPhone: false,
      message: `${rule}${roleLabels[candidateRole]}与${roleLabels[existingRole]}是同一人（${stripped(candidate.name)}，${stripped(candidate.unitOrRelation)}）`,
    }
  }
  return null
}

/** Puts a {@link sameHelperProblem} on the candidate's phone or on the candidate, unless it already has one there. */
export function reportSame(problem: { onPhone: boolean; message: string } | null, prefix: string, errors: Errors) {
  if (!problem) return
  const at = problem.onPhone ? `${prefix}.phone` : prefix
  if (!errors[at]) errors[at] = problem.message
}

export function helperJson(helper: HelperDraft) {
  return { name: stripped(helper.name), unitOrRelation: stripped(helper.unitOrRelation), phone: normalizeMobile(helper.phone) ?? helper.phone }
}
