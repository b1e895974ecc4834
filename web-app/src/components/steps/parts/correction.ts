import type { TimelineEntry } from '../../../api/cases'
import type { Problems } from '../../../pages/school/rules'

/** A step of the case whose business date can be corrected, with its date as it stands now. */
export interface CorrectableStep {
  sequence: number
  label: string
  date: string
}

/**
 * The timeline's steps that have a business date (not an erasure, not a correction), each with its date as it stands
 * now: the corrected one when it was corrected. Newest first, as the page lists them.
 */
export function correctableSteps(entries: TimelineEntry[]): CorrectableStep[] {
  return entries
    .filter((e) => typeof e.occurredOn === 'string' && e.occurredOn !== '' && e.type !== 'StepDateCorrected')
    .map((e) => ({ sequence: e.sequence, label: e.label, date: e.correctedDate?.date ?? (e.occurredOn as string) }))
    .sort((a, b) => b.sequence - a.sequence)
}

/** What the form lacks before it is sent; the server checks the order of the dates. */
export function correctionProblems(form: { sequence: number | null; correctedDate: string | null; reason: string },
                                   step: CorrectableStep | null, today: string): Problems {
  const p: Problems = {}
  if (form.sequence === null || !step) p.sequence = '请选择要更正的记录'
  if (!form.correctedDate) p.correctedDate = '请填写更正后的日期'
  else if (form.correctedDate > today) p.correctedDate = `更正后的日期不能晚于今天（${today}）`
  else if (step && form.correctedDate === step.date) p.correctedDate = `这条记录的日期已是 ${step.date}，无需更正`
  if (!form.reason.trim()) p.reason = '请填写更正原因'
  else if (form.reason.trim().length > 2000) p.reason = '更正原因不能超过 2000 字'
  return p
}
